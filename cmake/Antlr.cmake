# The MySQL/MariaDB grammar (grammar/*.g4) is turned into C++ at build time by
# Debian's antlr4 tool (4.7.2, a Java program) and compiled against Debian's C++
# runtime (libantlr4-runtime-dev, 4.9). Generated sources live in the build tree
# only. They are compiled without our warnings (they are not our code) and with
# -fno-char8_t: the 4.9 runtime's headers assume u8"" literals are char under
# C++20.
find_program(ANTLR4_TOOL antlr4 REQUIRED)
find_path(ANTLR4_RUNTIME_INCLUDE_DIR antlr4-runtime.h PATH_SUFFIXES antlr4-runtime REQUIRED)
# The runtime's static archive (also in libantlr4-runtime-dev) is linked in when
# present: as a shared library, the dynamic loader resolved its ~2,700 symbol
# bindings at every start, half of the loader's work before main() and a third
# of a one-file lint's instructions. Its own variable, so that build trees
# configured before keep no cached path to the shared library.
find_library(ANTLR4_RUNTIME_ARCHIVE NAMES libantlr4-runtime.a antlr4-runtime REQUIRED)

# rollsafe_antlr_grammar(<target> <namespace> <lexer.g4> <parser.g4>): a static
# library holding the generated lexer and parser.
function(rollsafe_antlr_grammar target namespace lexer_g4 parser_g4)
  get_filename_component(lexer_name ${lexer_g4} NAME_WE)
  get_filename_component(parser_name ${parser_g4} NAME_WE)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/antlr/${target})
  set(generated ${out}/${lexer_name}.cpp ${out}/${lexer_name}.h ${out}/${parser_name}.cpp
                ${out}/${parser_name}.h)
  add_custom_command(
    OUTPUT ${generated}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out}
    COMMAND ${ANTLR4_TOOL} -Dlanguage=Cpp -package ${namespace} -no-listener -no-visitor
            -Xexact-output-dir -o ${out} ${lexer_g4} ${parser_g4}
    COMMAND ${CMAKE_COMMAND} -D SOURCE=${out}/${lexer_name}.cpp -D HEADER=${out}/${lexer_name}.h
            -D NAME=${lexer_name} -P ${PROJECT_SOURCE_DIR}/cmake/AntlrLazyInit.cmake
    COMMAND ${CMAKE_COMMAND} -D SOURCE=${out}/${parser_name}.cpp -D HEADER=${out}/${parser_name}.h
            -D NAME=${parser_name} -P ${PROJECT_SOURCE_DIR}/cmake/AntlrLazyInit.cmake
    COMMAND ${CMAKE_COMMAND} -D SOURCE=${out}/${parser_name}.cpp -D HEADER=${out}/${parser_name}.h
            -D NAME=${parser_name} -P ${PROJECT_SOURCE_DIR}/cmake/AntlrFastChildren.cmake
    DEPENDS ${lexer_g4} ${parser_g4} ${PROJECT_SOURCE_DIR}/cmake/AntlrLazyInit.cmake
            ${PROJECT_SOURCE_DIR}/cmake/AntlrFastChildren.cmake
    COMMENT "Generating the ${lexer_name}/${parser_name} parser with ANTLR"
    VERBATIM)
  add_library(${target} STATIC ${out}/${lexer_name}.cpp ${out}/${parser_name}.cpp)
  target_include_directories(${target} SYSTEM PUBLIC ${out} ${ANTLR4_RUNTIME_INCLUDE_DIR})
  # The generated parser includes src/frontend/mysql/antlr_children.h and antlr_prediction.h
  # (AntlrFastChildren.cmake).
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC ${ANTLR4_RUNTIME_ARCHIVE})
  target_compile_options(${target} PUBLIC -fno-char8_t PRIVATE -w)
endfunction()
