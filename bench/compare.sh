#!/usr/bin/env bash
# Two rollsafe binaries against the bare parse, in turn (docs/performance.md,
# "Goals"): what a change does to the goal `lint -j1` within 2.5x of the parse,
# measured so that both binaries see the same state of the machine.
#
#   bench/compare.sh OLD NEW [ROUNDS]
#
# Each round times pg_query_raw_parse on the generated corpus (in-process, files
# read beforehand), then `OLD lint -j1` and `NEW lint -j1` end to end through
# measure.py, each after an untimed run and with its report written to a file,
# as bench/run.sh's rounds do; the two binaries swap order every round. Prints
# each round and the median of each binary's ratio to the parse. Run
# bench/run.sh once first: it builds the baseline and generates the corpus.
#
# Environment (optional):
#   ROLLSAFE_BENCH_BUILD_DIR  build directory   (default: build/release)
#   ROLLSAFE_BENCH_WORK       scratch directory (default: <build dir>/bench-work)
set -euo pipefail

[ $# -ge 2 ] || {
  echo "usage: bench/compare.sh OLD NEW [ROUNDS]" >&2
  exit 2
}
OLD=$1
NEW=$2
ROUNDS=${3:-9}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${ROLLSAFE_BENCH_BUILD_DIR:-$ROOT/build/release}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
WORK=${ROLLSAFE_BENCH_WORK:-$BUILD/bench-work}
BASELINE=$BUILD/bench/pg_parse_baseline
GEN=$(find "$WORK" -maxdepth 1 -type d -name 'corpus-30mb-*' | head -n 1)
if [ ! -x "$BASELINE" ] || [ -z "$GEN" ]; then
  echo "compare.sh: run bench/run.sh first (no $BASELINE or generated corpus in $WORK)" >&2
  exit 2
fi
for b in "$OLD" "$NEW"; do
  [ -x "$b" ] || {
    echo "compare.sh: $b is not an executable" >&2
    exit 2
  }
done
OUT=$WORK/compare-output.txt

wall() { grep -o 'wall_ms=[0-9.]*' | cut -d= -f2; }
lint() { python3 "$ROOT/bench/measure.py" --no-rss --warmup 1 --stdout "$OUT" -- "$1" lint -j1 "$GEN" | wall; }

# shellcheck source=bench/stats.sh
. "$ROOT/bench/stats.sh"
ratio() { awk "BEGIN { printf \"%.3f\", $1 / $2 }"; }

echo "round  parse ms  old ms  new ms  old/parse  new/parse"
old_ratios=() new_ratios=()
for ((i = 1; i <= ROUNDS; i++)); do
  parse=$("$BASELINE" --kv --repeat 1 "$GEN" | wall)
  if ((i % 2)); then
    old=$(lint "$OLD")
    new=$(lint "$NEW")
  else
    new=$(lint "$NEW")
    old=$(lint "$OLD")
  fi
  old_ratios+=("$(ratio "$old" "$parse")")
  new_ratios+=("$(ratio "$new" "$parse")")
  printf '%5d %9s %7s %7s %10s %10s\n' "$i" "$parse" "$old" "$new" "${old_ratios[-1]}" "${new_ratios[-1]}"
done
echo "median ratio to the parse over $ROUNDS rounds: old $(median -p 3 "${old_ratios[@]}")x, new $(median -p 3 "${new_ratios[@]}")x"
