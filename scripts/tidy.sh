#!/usr/bin/env bash
# Runs clang-tidy (the project's .clang-tidy) over every C++ source of ours.
#   scripts/tidy.sh BUILD_DIR     (a build with compile_commands.json)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}
[ -f "$build/compile_commands.json" ] || { echo "tidy: no $build/compile_commands.json" >&2; exit 2; }
mapfile -t sources < <(git ls-files 'src/*.cpp' 'rules/*.cpp' 'bench/*.cpp' 'tools/*.cpp')
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null
