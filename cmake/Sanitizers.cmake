# ROLLSAFE_SANITIZE=address,undefined builds everything with those sanitizers.
set(ROLLSAFE_SANITIZE "" CACHE STRING "Comma-separated -fsanitize= list (e.g. address,undefined)")
if(ROLLSAFE_SANITIZE)
  add_compile_options(-fsanitize=${ROLLSAFE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${ROLLSAFE_SANITIZE})
endif()
