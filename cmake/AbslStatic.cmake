# Abseil's hash tables (libabsl-dev), for the catalog: a history replay keeps
# tens of thousands of tables, columns, indexes and triggers, and looking one up
# in a node-based std::unordered_map is a chain of cache misses (bucket, node,
# key), where absl::flat_hash_map's open addressing touches one control group
# and one slot (docs/performance.md, "The catalog in flat hash tables").
#
# Debian's abslTargets.cmake points every absl:: target at its shared library.
# Loaded at run time, that would be about twenty more libraries for the dynamic
# loader at every start (a one-file lint's budget is 5 ms), so the target below
# links the same libraries' static archives, which libabsl-dev ships beside
# them: the closure of absl::flat_hash_map's dependencies, each shared library
# swapped for its .a, in one linker group (their mutual references then need no
# particular order).
find_package(absl CONFIG REQUIRED)

function(_rollsafe_absl_archives target out_var)
  set(seen ${${out_var}})
  get_target_property(deps ${target} INTERFACE_LINK_LIBRARIES)
  if(NOT deps)
    set(${out_var} ${seen} PARENT_SCOPE)
    return()
  endif()
  foreach(dep IN LISTS deps)
    if(NOT dep MATCHES "^absl::" OR dep IN_LIST seen)
      continue()
    endif()
    list(APPEND seen ${dep})
    _rollsafe_absl_archives(${dep} seen)
  endforeach()
  set(${out_var} ${seen} PARENT_SCOPE)
endfunction()

set(_rollsafe_absl_targets absl::flat_hash_map)
_rollsafe_absl_archives(absl::flat_hash_map _rollsafe_absl_targets)
set(_rollsafe_absl_archive_list)
foreach(dep IN LISTS _rollsafe_absl_targets)
  get_target_property(type ${dep} TYPE)
  if(NOT type STREQUAL "SHARED_LIBRARY")
    continue()
  endif()
  get_target_property(location ${dep} LOCATION)
  string(REGEX REPLACE "\\.so(\\.[0-9]+)*$" ".a" archive "${location}")
  if(NOT EXISTS "${archive}")
    message(FATAL_ERROR "rollsafe: ${dep} has no static archive at ${archive} (libabsl-dev ships them)")
  endif()
  list(APPEND _rollsafe_absl_archive_list "${archive}")
endforeach()
list(LENGTH _rollsafe_absl_archive_list _rollsafe_absl_count)
message(STATUS "rollsafe: absl::flat_hash_map from ${_rollsafe_absl_count} static archives")

add_library(rollsafe_absl_flat_map INTERFACE)
get_target_property(_rollsafe_absl_include absl::flat_hash_map INTERFACE_INCLUDE_DIRECTORIES)
target_include_directories(rollsafe_absl_flat_map SYSTEM INTERFACE ${_rollsafe_absl_include})
target_link_libraries(rollsafe_absl_flat_map INTERFACE "-Wl,--start-group"
                      ${_rollsafe_absl_archive_list} "-Wl,--end-group" Threads::Threads)
