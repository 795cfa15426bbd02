#!/usr/bin/env bash
# Runs rollsafe under valgrind's memcheck over the benchmark corpora, once, to show
# that a whole run leaks nothing and touches no invalid memory (issue: "valgrind
# once for the benchmark corpus"). Not a test: it takes minutes and prints figures.
#
#   bench/leak-check.sh [BUILD_DIR]     default: build/dev (a Debug build: line numbers)
#
# For each corpus it prints valgrind's leak and error summary and a verdict line:
# LEAK-CHECK CLEAN or LEAK-CHECK FAILED. The generated corpus is used when
# bench/run.sh has made it (ROLLSAFE_BENCH_WORK); a slice of at most
# ROLLSAFE_LEAK_FILES files (default 300) keeps the run short under valgrind.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$ROOT/build/dev}
BIN=$BUILD/rollsafe
[ -x "$BIN" ] || {
  echo "leak-check: $BIN not built (cmake --preset dev && cmake --build --preset dev)" >&2
  exit 2
}
# memcheck tracks glibc's malloc; with mimalloc linked (ROLLSAFE_MIMALLOC, on
# except in the dev preset and the sanitizer builds) it would see no allocation.
if ldd "$BIN" | grep -q mimalloc; then
  echo "leak-check: $BIN is linked with mimalloc; use a build configured with -DROLLSAFE_MIMALLOC=OFF (the dev preset is)" >&2
  exit 2
fi
command -v valgrind >/dev/null || {
  echo "leak-check: valgrind is not installed" >&2
  exit 2
}
SHARED=$ROOT/../shared/corpus
LIMIT=${ROLLSAFE_LEAK_FILES:-300}
status=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

check() { # NAME DIALECT PATH...
  local name=$1 dialect=$2
  shift 2
  local log=$scratch/$name.log
  # --error-exitcode distinguishes memory errors (99) from rollsafe's own exit
  # status (1: findings, which the corpora have).
  # The suppressions cover the worker threads' TLS, alive until the process
  # ends (bench/valgrind-live-threads.supp says why); the summary counts them.
  valgrind --tool=memcheck --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
    --suppressions="$ROOT/bench/valgrind-live-threads.supp" \
    "$BIN" lint --dialect "$dialect" -j 2 --color never "$@" >"$scratch/$name.out" 2>"$log"
  local rc=$?
  echo "== $name ($dialect): $(tail -n 1 "$scratch/$name.out")"
  grep -E 'definitely lost|indirectly lost|possibly lost|still reachable|   suppressed:|ERROR SUMMARY' "$log" |
    sed 's/^==[0-9]*== */   /'
  if [ "$rc" -eq 99 ] || [ "$rc" -eq 2 ] || grep -q 'Invalid \(read\|write\)' "$log"; then
    echo "LEAK-CHECK FAILED: $name (exit $rc; log kept in $ROOT/build/leak-check-$name.log)"
    cp "$log" "$ROOT/build/leak-check-$name.log"
    status=1
  else
    echo "LEAK-CHECK CLEAN: $name"
  fi
}

check samples postgres "$ROOT/samples"
[ -d "$SHARED/postgres" ] && check shared-postgres postgres "$SHARED/postgres"
[ -d "$SHARED/mysql" ] && check shared-mysql mysql "$SHARED/mysql"
work=${ROLLSAFE_BENCH_WORK:-$ROOT/build/release/bench-work}
generated=$(find "$work" -maxdepth 1 -type d -name 'corpus-*' 2>/dev/null | head -n 1)
if [ -n "$generated" ]; then
  mapfile -t slice < <(find "$generated" -name '*.sql' | sort | head -n "$LIMIT")
  check generated-slice postgres "${slice[@]}"
else
  echo "== generated corpus: not found under $work (run bench/run.sh first); skipped"
fi
exit "$status"
