#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the dependencies (and the SARIF
# validator, from npm), checks formatting, builds with warnings as errors and runs
# every test; checks clang-tidy and the rule scaffold; builds again with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer and runs every test again; fuzzes
# each libFuzzer target, from that same build, for a bounded time. Each step's wall time is printed at the
# end: the whole run has to stay under 20 minutes on CI's two cores.
#
# clang-tidy checks what changed since the commit in .ci/tidy-clean (the last one
# on which every source came back clean; see scripts/tidy.sh), or every source
# with ROLLSAFE_TIDY_ALL=1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc)

timings=()
step_name=
step_start=$SECONDS
finish_step() {
  [ -n "$step_name" ] && timings+=("$(printf '%5ds  %s' $((SECONDS - step_start)) "$step_name")")
  return 0
}
step() {
  finish_step
  step_name=$*
  step_start=$SECONDS
  printf '\n== %s\n' "$*"
}

step "dependencies"
scripts/install-deps.sh

step "formatting"
mapfile -t sources < <(git ls-files '*.cpp' '*.h' ':!:*generated*')
clang-format --dry-run --Werror "${sources[@]}"

step "build (warnings are errors)"
scripts/build.sh ci

step "SARIF validator"
# Microsoft's SARIF validator (npm: @microsoft/sarif-multitool, a native binary
# per platform) for the format tests, into build/npm (never committed). With
# ROLLSAFE_SARIF_MULTITOOL set, those tests fail rather than skip without it.
if ! command -v npm >/dev/null; then
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends npm >/dev/null
fi
npm install --prefix build/npm --no-audit --no-fund --loglevel=error @microsoft/sarif-multitool@5.7.0
# Its postinstall step only marks the binary executable; npm may skip it.
chmod u+x build/npm/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool 2>/dev/null || true
export ROLLSAFE_SARIF_MULTITOOL=$root/build/npm/node_modules/.bin/sarif-multitool
"$ROLLSAFE_SARIF_MULTITOOL" --version

step "tests"
ctest --preset ci -j "$jobs"

step "samples"
build/ci/rollsafe lint --color never samples/ || status=$?
# The samples hold a few deliberately unsafe migrations: findings (1) are expected.
[ "${status:-0}" -eq 1 ] || { echo "rollsafe lint samples/ exited ${status:-0}, expected 1"; exit 1; }

step "clang-tidy"
if [ "${ROLLSAFE_TIDY_ALL:-0}" = 1 ] || [ ! -s .ci/tidy-clean ]; then
  scripts/tidy.sh build/ci
else
  scripts/tidy.sh build/ci --since "$(cat .ci/tidy-clean)"
fi

step "rule scaffold"
scripts/new-rule.sh --check build/ci

step "AddressSanitizer + UndefinedBehaviorSanitizer"
# The preset builds the libFuzzer targets too: the next step only runs them.
scripts/build.sh asan-ubsan
ctest --preset asan-ubsan -j "$jobs"

step "fuzzing (libFuzzer, 30 s per target)"
# Fails on any crash, leak or timeout and keeps the input under
# tests/fuzz-regressions/ (replayed by the hostile-input tests from then on).
FUZZ_SECONDS=30 FUZZ_JOBS="$jobs" scripts/fuzz.sh
finish_step

echo
echo "== time per step (total $((SECONDS / 60)) min $((SECONDS % 60)) s)"
printf '%s\n' "${timings[@]}"
echo "all checks passed"
