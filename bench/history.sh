#!/usr/bin/env bash
# The whole-history benchmark (docs/performance.md, "Replaying a history").
#
#   bench/history.sh
#
# On one generated Flyway history of N files (bench/gen_history.py), with the
# same rollsafe binary, single-threaded and on all cores:
#   - plain:  `rollsafe lint DIR`: every file judged (and replayed on the way);
#   - replay: `rollsafe lint --history DIR LAST`: N-1 files replayed as history,
#             the last one judged: what a pre-commit hook or --changed-since costs;
#   - before: with ROLLSAFE_BENCH_BASELINE=/path/to/older/rollsafe, the same plain
#             lint with that binary (e.g. one built before whole histories existed).
# Prints wall and CPU time (user+sys, steadier on a shared machine), peak RSS and
# the replay/plain ratio with a GOAL line (goal: replay < 2x plain). Never fails
# on a goal: benchmarks are not tests.
#
# Environment (all optional):
#   ROLLSAFE_BENCH_BUILD_DIR  build directory          (default: build/release)
#   ROLLSAFE_BENCH_WORK       scratch directory        (default: <build dir>/bench-work)
#   ROLLSAFE_BENCH_HISTORY_FILES  N                    (default: 10000)
#   ROLLSAFE_BENCH_RUNS       timed runs, median reported (default: 3)
#   ROLLSAFE_BENCH_BASELINE   an older rollsafe binary to compare with
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${ROLLSAFE_BENCH_BUILD_DIR:-$ROOT/build/release}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
WORK=${ROLLSAFE_BENCH_WORK:-$BUILD/bench-work}
FILES=${ROLLSAFE_BENCH_HISTORY_FILES:-10000}
RUNS=${ROLLSAFE_BENCH_RUNS:-3}
BASELINE=${ROLLSAFE_BENCH_BASELINE:-}
ROLLSAFE=$BUILD/rollsafe
CORES=$(nproc)

if [ ! -x "$ROLLSAFE" ]; then
  echo "building $ROLLSAFE (Release)"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null &&
    cmake --build "$BUILD" -j2 --target rollsafe >/dev/null || exit 2
fi
HIST=$WORK/history-$FILES
if [ ! -d "$HIST" ]; then
  python3 "$ROOT/bench/gen_history.py" "$HIST" --files "$FILES" || exit 2
fi
LAST=$(ls "$HIST" | sort -V | tail -1)
MB=$(du -sm "$HIST" | cut -f1)

measure() { # label, command...
  local label=$1
  shift
  local line
  line=$(python3 "$ROOT/bench/measure.py" --repeat "$RUNS" --stdout /dev/null -- "$@")
  local wall cpu rss
  wall=$(sed -E 's/.*(^| )wall_ms=([0-9.]+).*/\2/' <<<"$line")
  cpu=$(sed -E 's/.*(^| )cpu_ms=([0-9.]+).*/\2/' <<<"$line")
  rss=$(sed -E 's/.*(^| )max_rss_kb=([0-9]+).*/\2/' <<<"$line")
  printf '  %-34s wall %8.0f ms   cpu %8.0f ms   peak RSS %6.1f MB\n' "$label" "$wall" "$cpu" \
    "$(echo "$rss / 1024" | bc -l)"
  echo "$cpu" >"$WORK/last-cpu"
}

echo "history: $FILES files, $MB MB ($HIST), $RUNS runs, median; $CORES cores"
for jobs in 1 "$CORES"; do
  echo "-j $jobs"
  measure "plain: lint DIR (all judged)" "$ROLLSAFE" lint -j "$jobs" "$HIST"
  plain=$(cat "$WORK/last-cpu")
  measure "replay: --history DIR LAST" "$ROLLSAFE" lint -j "$jobs" --history "$HIST" "$HIST/$LAST"
  replay=$(cat "$WORK/last-cpu")
  if [ -n "$BASELINE" ]; then
    measure "before: baseline lint DIR" "$BASELINE" lint -j "$jobs" "$HIST"
    before=$(cat "$WORK/last-cpu")
    printf '  plain now / before (cpu): %.2fx\n' "$(echo "$plain / $before" | bc -l)"
  fi
  ratio=$(echo "$replay / $plain" | bc -l)
  printf '  replay / plain (cpu): %.2fx -> GOAL %s (replay < 2x plain)\n' "$ratio" \
    "$(if [ "$(echo "$ratio < 2" | bc -l)" = 1 ]; then echo MET; else echo MISSED; fi)"
done
