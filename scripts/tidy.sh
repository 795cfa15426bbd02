#!/usr/bin/env bash
# Runs clang-tidy (the project's .clang-tidy) over the C++ sources of ours.
#   scripts/tidy.sh BUILD_DIR                every source (about 7 CPU minutes)
#   scripts/tidy.sh BUILD_DIR --since REV    only what changed since REV
#
# BUILD_DIR is a Ninja build with compile_commands.json, already built (its
# dependency log tells which sources include a changed header).
#
# --since REV checks each source that changed since REV, or that includes (at any
# depth) a header that did; every source when .clang-tidy itself changed or REV is
# not in the history (a shallow clone). CI uses it with the commit recorded in
# .ci/tidy-clean, the last commit on which the whole run was clean: what did not
# change since then, and includes nothing that did, gives the same result again,
# so CI stays within its time budget without checking less. After a whole run
# comes back clean, record it with `git rev-parse HEAD > .ci/tidy-clean`.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}
since=
if [ "${2:-}" = --since ]; then
  since=${3:?tidy: --since needs a revision}
fi
[ -f "$build/compile_commands.json" ] || { echo "tidy: no $build/compile_commands.json" >&2; exit 2; }
mapfile -t sources < <(git ls-files 'src/*.cpp' 'rules/*.cpp' 'bench/*.cpp' 'tools/*.cpp')

if [ -n "$since" ]; then
  if ! git cat-file -e "$since^{commit}" 2>/dev/null; then
    echo "tidy: $since is not in this clone's history; checking every source"
  else
    mapfile -t changed < <(git diff --name-only "$since" -- && git ls-files --others --exclude-standard)
    if printf '%s\n' "${changed[@]}" | grep -qxE '\.clang-tidy|cmake/Warnings\.cmake'; then
      echo "tidy: .clang-tidy or the warning flags changed since $since; checking every source"
    else
      root=$(pwd)
      declare -A touched=()
      generated=
      for f in "${changed[@]}"; do
        [ -n "$f" ] && touched["$root/$f"]=1
        # The parser sources generated from the grammar live in the build tree.
        case $f in grammar/*) generated=$(cd "$build" && pwd)/ ;; esac
      done
      # `ninja -t deps` prints each object, then its inputs (the source first),
      # one per indented line; a source is selected when any input changed.
      mapfile -t sources < <(ninja -C "$build" -t deps 2>/dev/null | awk -v root="$root/" '
        /^[^ ]/ { src = ""; next }
        /^    / {
          path = $1
          if (path !~ /^\//) next
          if (src == "" && path ~ /\.cpp$/) src = path
          print src "\t" path
        }' | while IFS=$'\t' read -r src input; do
        if [ -n "${touched[$input]:-}" ] || { [ -n "$generated" ] && [[ $input == "$generated"* ]]; }; then
          printf '%s\n' "${src#"$root"/}"
        fi
      done | sort -u | grep -E '^(src|rules|bench|tools)/.*\.cpp$' || true)
      echo "tidy: ${#sources[@]} source(s) changed since ${since:0:12} or include a changed file"
    fi
  fi
fi

[ ${#sources[@]} -gt 0 ] || exit 0
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet 2>/dev/null
