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
