# clang cannot compile Debian's ANTLR 4.9 runtime umbrella header, antlr4-runtime.h:
# its misc/InterpreterDataReader.h default-initialises a struct holding a const
# std::vector (GCC accepts it; clang, and so clang-tidy and the libFuzzer build,
# reject it). Nothing of ours uses that reader. rollsafe_antlr_clang_compat(<target>)
# puts a copy of the umbrella header without it in front of the runtime's own for
# <target> and, through PUBLIC, its users (-I directories are searched before
# -isystem ones). Harmless under GCC.
function(rollsafe_antlr_clang_compat target)
  set(compat ${PROJECT_BINARY_DIR}/antlr-clang-compat)
  if(NOT EXISTS ${compat}/antlr4-runtime.h)
    file(READ ${ANTLR4_RUNTIME_INCLUDE_DIR}/antlr4-runtime.h umbrella)
    string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "" umbrella "${umbrella}")
    file(WRITE ${compat}/antlr4-runtime.h "${umbrella}")
  endif()
  target_include_directories(${target} BEFORE PUBLIC ${compat})
endfunction()
