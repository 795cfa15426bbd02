#!/usr/bin/env bash
# Installs everything rollsafe needs to build, test and benchmark, from Debian's
# packages only. Idempotent: packages already present are left as they are.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  # PostgreSQL frontend: libpg_query (PostgreSQL 15's parser) and the matching
  # PostgreSQL 15 node headers, so we walk its raw parse tree without any
  # JSON/protobuf serialisation (see docs/performance.md).
  libpg-query-dev postgresql-server-dev-15 libprotobuf-c-dev
  # MySQL/MariaDB frontend: our own grammar (grammar/) is turned into C++ at build
  # time by the ANTLR 4 tool (a Java program) and linked with its C++ runtime.
  antlr4 default-jre-headless libantlr4-runtime-dev
  # Real servers for the tests that prove claims against them (started by
  # tests/support/db-server.sh on a socket in a temporary directory, never as a
  # service), and their client libraries for `rollsafe trace`.
  postgresql-15 mariadb-server mariadb-client libpq-dev libmariadb-dev
  # Command line, configuration, JSON output.
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev
  # The allocator the rollsafe executable links: the lint pass makes many small
  # allocations, and mimalloc serves them with about a third of glibc's
  # instructions (docs/performance.md, "Allocator").
  libmimalloc-dev
  # The catalog's hash tables (absl::flat_hash_map), linked from the package's
  # static archives (cmake/AbslStatic.cmake).
  libabsl-dev
  # Tests and benchmarks.
  libgtest-dev libgmock-dev libsimdjson-dev
  # Formatting and static analysis.
  clang-format clang-tidy
  # Fuzzing (scripts/fuzz.sh): clang with libFuzzer and the sanitizer runtimes.
  clang libclang-rt-14-dev
  # Packaging and its tests (tests/packaging/): the .deb's runtime dependencies
  # (dpkg-shlibdeps, file), the man page (groff, man), the zsh and fish
  # completions' syntax, and the pre-commit hooks run by the real pre-commit.
  dpkg-dev file groff-base man-db zsh fish pre-commit
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  echo "install-deps: installing ${missing[*]}" >&2
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
