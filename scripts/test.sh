#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the dependencies, builds with
# warnings as errors and runs every test; builds again with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs every test; checks formatting, clang-tidy
# and the rule scaffold.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc)

step() { printf '\n== %s\n' "$*"; }

step "build (warnings are errors)"
scripts/build.sh ci

step "tests"
ctest --preset ci -j "$jobs"

step "samples"
build/ci/rollsafe lint --color never samples/ || status=$?
# The samples hold a few deliberately unsafe migrations: findings (1) are expected.
[ "${status:-0}" -eq 1 ] || { echo "rollsafe lint samples/ exited ${status:-0}, expected 1"; exit 1; }

step "formatting"
mapfile -t sources < <(git ls-files '*.cpp' '*.h' ':!:*generated*')
clang-format --dry-run --Werror "${sources[@]}"

step "clang-tidy"
scripts/tidy.sh build/ci

step "rule scaffold"
scripts/new-rule.sh --check build/ci

step "AddressSanitizer + UndefinedBehaviorSanitizer"
scripts/build.sh asan-ubsan
ctest --preset asan-ubsan -j "$jobs"

echo
echo "all checks passed"
