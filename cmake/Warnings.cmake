# Warning flags for our own code only (never for generated or third-party code).
# -Werror is opt-in (CI and presets), never forced on users' builds.
option(ROLLSAFE_WERROR "Treat compiler warnings as errors" OFF)
add_library(rollsafe_warnings INTERFACE)
target_compile_options(rollsafe_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wimplicit-fallthrough
  $<$<BOOL:${ROLLSAFE_WERROR}>:-Werror>)
# Not used: -Wnull-dereference (GCC 12 reports false positives inside libstdc++'s
# std::string at -O2, e.g. through CLI11).

# GCC 12 at -O3 (the Release build) reports -Wrestrict inside libstdc++'s
# std::string for `"." + std::string(...)` and similar concatenations, a false
# positive fixed in GCC 13 (GCC bug 105651). Off for GCC 12 only, so the Release
# build users run is warning-free and CI can build it with -Werror.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(rollsafe_warnings INTERFACE -Wno-restrict)
endif()
