# Every dependency comes from Debian's packages (scripts/install-deps.sh); nothing is
# downloaded at configure or build time.
find_package(Threads REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(nlohmann_json 3.10 CONFIG REQUIRED)
find_package(tomlplusplus 3 CONFIG REQUIRED)
# toml++ header-only: Debian's package also ships it as a shared library, but
# loading and binding that library cost every start of rollsafe (a one-file lint
# has a 5 ms budget) while only the configuration reader (src/config/) uses it.
add_library(rollsafe_tomlplusplus INTERFACE)
get_target_property(_rollsafe_toml_include tomlplusplus::tomlplusplus INTERFACE_INCLUDE_DIRECTORIES)
target_include_directories(rollsafe_tomlplusplus SYSTEM INTERFACE ${_rollsafe_toml_include})
target_compile_definitions(rollsafe_tomlplusplus INTERFACE TOML_HEADER_ONLY=1)
# absl::flat_hash_map for the catalog, from libabsl-dev's static archives.
include(AbslStatic)

# libpg_query: PostgreSQL 15's own parser as a library. We read its raw parse tree,
# whose node structs come from PostgreSQL 15's server headers.
find_path(PG_QUERY_INCLUDE_DIR pg_query.h REQUIRED)
find_library(PG_QUERY_LIBRARY NAMES libpg_query.a pg_query REQUIRED)
# The static archive, whose object files the linker takes one by one, lets the
# rollsafe executable leave out the output code it never calls
# (src/cli/pg_query_unused_output.cpp).
if(PG_QUERY_LIBRARY MATCHES "\\.a$")
  set(ROLLSAFE_PG_QUERY_STATIC ON)
else()
  set(ROLLSAFE_PG_QUERY_STATIC OFF)
endif()
find_path(PG_SERVER_INCLUDE_DIR nodes/parsenodes.h
  PATHS /usr/include/postgresql/15/server NO_DEFAULT_PATH REQUIRED)
find_path(PROTOBUF_C_INCLUDE_DIR protobuf-c/protobuf-c.h REQUIRED)
add_library(pg_query_lib INTERFACE)
target_include_directories(pg_query_lib SYSTEM INTERFACE ${PG_QUERY_INCLUDE_DIR} ${PROTOBUF_C_INCLUDE_DIR})
target_link_libraries(pg_query_lib INTERFACE ${PG_QUERY_LIBRARY} Threads::Threads)
add_library(pg_query_internals INTERFACE)
target_include_directories(pg_query_internals SYSTEM INTERFACE ${PG_SERVER_INCLUDE_DIR})
target_link_libraries(pg_query_internals INTERFACE pg_query_lib)

# The database client libraries `rollsafe trace` and the verification suite use
# (libpq-dev, libmariadb-dev). Only src/trace/ links them; rules never do.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)
pkg_check_modules(LIBMARIADB REQUIRED IMPORTED_TARGET libmariadb)

# mimalloc (libmimalloc-dev) as the rollsafe executable's allocator: linking it
# replaces malloc/free process-wide, libpg_query's included, and
# src/cli/allocator.cpp routes C++ new/delete to it directly. The sanitizers and
# libFuzzer bring their own allocator, and valgrind's memcheck only sees glibc's,
# so those builds keep the default one.
if(ROLLSAFE_MIMALLOC AND (ROLLSAFE_SANITIZE OR ROLLSAFE_FUZZ))
  message(STATUS "rollsafe: mimalloc is off in sanitizer and fuzzing builds")
  set(ROLLSAFE_MIMALLOC OFF)
endif()
if(ROLLSAFE_MIMALLOC)
  find_package(mimalloc 2.0 CONFIG REQUIRED)
endif()

# libstdc++ and libgcc linked into the rollsafe executable (the GCC Runtime
# Library Exception allows it). As shared libraries, the dynamic loader bound
# about 1,700 of libstdc++'s symbols at every start: half of a one-file lint's
# 3.9 M instructions and 55 of its ~400 page faults (docs/performance.md, "One
# small file: start-up"). Only the executable links them statically; the
# libraries in between stay ordinary archives. The sanitizer and fuzzing builds
# keep the shared runtime their instrumentation expects.
if(ROLLSAFE_STATIC_LIBSTDCXX AND (ROLLSAFE_SANITIZE OR ROLLSAFE_FUZZ))
  message(STATUS "rollsafe: libstdc++ is linked dynamically in sanitizer and fuzzing builds")
  set(ROLLSAFE_STATIC_LIBSTDCXX OFF)
endif()
