#!/usr/bin/env bash
# rollsafe's benchmark suite, in one go (docs/performance.md explains the figures).
#
#   bench/run.sh
#
# Builds Release if needed, generates the corpora if missing, then on the same files:
#   - for each corpus (generated; ../shared/corpus/postgres; samples/ when it holds
#     *.sql): libpg_query's bare raw parse, `rollsafe lint -j1`, `rollsafe lint` (all
#     cores): wall time, MB/s, statements/s, peak RSS, ratio to the bare parse;
#   - one small file linted end to end, many times: median wall time;
#   - peak RSS linting N files vs the same N files ten times over;
#   - peak RSS linting one huge file;
#   - the parse-path comparison (raw tree vs JSON vs protobuf).
# It prints figures and a GOAL MET / GOAL MISSED line per goal, and never fails on a
# goal: benchmarks are not tests.
#
# Environment (all optional):
#   ROLLSAFE_BENCH_BUILD_DIR  build directory            (default: build-release)
#   ROLLSAFE_BENCH_WORK       corpora and scratch output (default: <build dir>/bench-work)
#   ROLLSAFE_BENCH_CORPUS_MB  size of the generated corpus, MB  (default: 30)
#   ROLLSAFE_BENCH_SINGLE_MB  size of the one-file corpus, MB   (default: 100; 0 skips)
#   ROLLSAFE_BENCH_SEED       generator seed             (default: 20240601)
#   ROLLSAFE_BENCH_RUNS       timed runs per measurement, median reported (default: 3)
#   ROLLSAFE_BENCH_SMALL_RUNS runs of the one-small-file test  (default: 200)
#   ROLLSAFE_BENCH_MEM_FILES  N for the N vs 10 x N files memory test (default: 150)
#   ROLLSAFE_BENCH_PARSE_PATHS=0 skips the parse-path comparison
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${ROLLSAFE_BENCH_BUILD_DIR:-$ROOT/build-release}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
WORK=${ROLLSAFE_BENCH_WORK:-$BUILD/bench-work}
CORPUS_MB=${ROLLSAFE_BENCH_CORPUS_MB:-30}
SINGLE_MB=${ROLLSAFE_BENCH_SINGLE_MB:-100}
SEED=${ROLLSAFE_BENCH_SEED:-20240601}
RUNS=${ROLLSAFE_BENCH_RUNS:-3}
SMALL_RUNS=${ROLLSAFE_BENCH_SMALL_RUNS:-200}
MEM_FILES=${ROLLSAFE_BENCH_MEM_FILES:-150}
PARSE_PATHS=${ROLLSAFE_BENCH_PARSE_PATHS:-1}
CORES=$(nproc)
JOBS=$((CORES < 2 ? CORES : 2)) # build parallelism: the machine is shared

ROLLSAFE=$BUILD/rollsafe
BASELINE=$BUILD/bench/pg_parse_baseline
PATHS_BIN=$BUILD/bench/parse_paths
MEASURE=(python3 "$ROOT/bench/measure.py")

say() { printf '%s\n' "$*"; }
die() {
  say "run.sh: $*" >&2
  exit 1
}
# kv KEY LINE: the value of KEY=... in a key=value line.
kv() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
# calc EXPR: floating-point arithmetic.
calc() { awk "BEGIN { printf \"%.2f\", $* }"; }
mb_of_kb() { awk "BEGIN { printf \"%.1f MB\", $1 / 1024 }"; }
goal() { # goal MET|MISSED TEXT
  say "GOAL $1: $2"
}

# ---- Build -------------------------------------------------------------------------
say "== rollsafe benchmarks: $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $CORES cores"
say "   build:  $BUILD"
say "   load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other processes compete for the $CORES cores)"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DROLLSAFE_BUILD_TESTS=OFF \
    -DROLLSAFE_BUILD_BENCH=ON >/dev/null || die "cmake configure failed"
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
SRC=$(sed -n 's/^CMAKE_HOME_DIRECTORY:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
if git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
  say "   source: $SRC at $(git -C "$SRC" rev-parse --short HEAD)$(
    [ -n "$(git -C "$SRC" status --porcelain -- src rules 2>/dev/null)" ] && echo ' + uncommitted changes in src/ or rules/')"
else
  say "   source: $SRC (not a git checkout)"
fi
[ "$build_type" = Release ] || say "   WARNING: $BUILD is a '$build_type' build, not Release"
if ! cmake --build "$BUILD" -j "$JOBS" >"$BUILD/bench-build.log" 2>&1; then
  if [ -x "$ROLLSAFE" ] && [ -x "$BASELINE" ]; then
    say "   WARNING: the build failed (see $BUILD/bench-build.log); using the binaries already built"
  else
    die "the build failed: see $BUILD/bench-build.log"
  fi
fi
[ -x "$ROLLSAFE" ] || die "no $ROLLSAFE"
[ -x "$BASELINE" ] || die "no $BASELINE (configure with -DROLLSAFE_BUILD_BENCH=ON)"

# ---- Corpora -----------------------------------------------------------------------
mkdir -p "$WORK"
# Corpora are named after their parameters and the generator's version, so they are
# generated once and regenerated only when one of those changes.
GEN_ID=$(sha1sum "$ROOT/bench/gen_corpus.py" | cut -c1-8)
GEN=$WORK/corpus-${CORPUS_MB}mb-s$SEED-$GEN_ID
if [ ! -f "$GEN/.complete" ]; then
  rm -rf "$GEN"
  python3 "$ROOT/bench/gen_corpus.py" "$GEN" --size-mb "$CORPUS_MB" --seed "$SEED" || die "gen_corpus failed"
  touch "$GEN/.complete"
fi
SINGLE=
if [ "$SINGLE_MB" != 0 ]; then
  SINGLE_DIR=$WORK/single-${SINGLE_MB}mb-s$SEED-$GEN_ID
  SINGLE=$SINGLE_DIR/single_${SINGLE_MB}mb.sql
  if [ ! -f "$SINGLE_DIR/.complete" ]; then
    rm -rf "$SINGLE_DIR"
    python3 "$ROOT/bench/gen_corpus.py" "$SINGLE_DIR" --single-file-mb "$SINGLE_MB" --seed "$SEED" ||
      die "gen_corpus --single-file-mb failed"
    touch "$SINGLE_DIR/.complete"
  fi
fi
OUT=$WORK/lint-output.txt

CORPORA=("generated:$GEN")
[ -d "$ROOT/../shared/corpus/postgres" ] && CORPORA+=("shared/corpus/postgres:$(cd "$ROOT/../shared/corpus/postgres" && pwd)")
if [ -d "$ROOT/samples" ] && [ -n "$(find "$ROOT/samples" -iname '*.sql' -print -quit)" ]; then
  CORPORA+=("samples:$ROOT/samples")
fi

# ---- Throughput per corpus -----------------------------------------------------------
row() { # row NAME WALL_MS CPU_MS BYTES STATEMENTS RSS_KB BASE_WALL_MS BASE_CPU_MS
  local mbs sts rss
  mbs=$(calc "$4 / 1048576 / ($2 / 1000)")
  sts=$(calc "$5 / ($2 / 1000)")
  rss=${6:--}
  [ "$rss" != - ] && rss=$(mb_of_kb "$rss")
  printf '  %-34s %9.1f %9.1f %8.1f %12.0f %10s %7sx %7sx\n' "$1" "$2" "$3" "$mbs" "$sts" "$rss" \
    "$(calc "$2 / $7")" "$(calc "$3 / $8")"
}

GOAL_RATIO=
GOAL_CPU_RATIO=
say ""
say "== Throughput (median of $RUNS runs; the parse is timed in-process on files read"
say "   beforehand, rollsafe end to end with its text output written to a file)"
for entry in "${CORPORA[@]}"; do
  name=${entry%%:*}
  dir=${entry#*:}
  base=$("$BASELINE" --kv --repeat "$RUNS" "$dir")
  base_par=$("$BASELINE" --kv --repeat "$RUNS" -j "$CORES" "$dir")
  files=$(kv files "$base")
  bytes=$(kv bytes "$base")
  stmts=$(kv statements "$base")
  base_ms=$(kv wall_ms "$base")
  base_cpu=$(kv cpu_ms "$base")
  say ""
  say "-- $name: $files files, $(calc "$bytes / 1048576") MB, $stmts statements, $(kv parse_errors "$base") parse errors"
  printf '  %-34s %9s %9s %8s %12s %10s %8s %8s\n' "" "wall ms" "CPU ms" "MB/s" "statements/s" \
    "peak RSS" "wall/parse" "CPU/parse"
  row "pg_query_raw_parse, 1 thread" "$base_ms" "$base_cpu" "$bytes" "$stmts" - "$base_ms" "$base_cpu"
  row "pg_query_raw_parse, $CORES threads" "$(kv wall_ms "$base_par")" "$(kv cpu_ms "$base_par")" \
    "$bytes" "$stmts" - "$base_ms" "$base_cpu"
  for jobs in 1 all; do
    if [ "$jobs" = 1 ]; then args=(-j1) label="rollsafe lint -j1"; else args=() label="rollsafe lint (all $CORES cores)"; fi
    m=$("${MEASURE[@]}" --repeat "$RUNS" --stdout "$OUT" -- "$ROLLSAFE" lint "${args[@]}" "$dir")
    wall=$(kv wall_ms "$m")
    cpu=$(kv cpu_ms "$m")
    row "$label" "$wall" "$cpu" "$bytes" "$stmts" "$(kv max_rss_kb "$m")" "$base_ms" "$base_cpu"
    summary=$(tail -n 1 "$OUT")
    if [ "$jobs" = 1 ] && [ "$name" = generated ]; then
      GOAL_RATIO=$(calc "$wall / $base_ms")
      GOAL_CPU_RATIO=$(calc "$cpu / $base_cpu")
    fi
  done
  # Statements/s above use the parser's own count (pg_query_split_with_parser);
  # rollsafe's summary must agree.
  linted=$(sed -n 's/.*(\([0-9]*\) statements\?).*/\1/p' <<<"$summary")
  if [ "$linted" != "$stmts" ]; then
    say "  note: rollsafe counted ${linted:-?} statements, the parser $stmts ($summary)"
  fi
  say "  rollsafe: $summary"
done
rm -f "$OUT"

# ---- One small file, end to end ----------------------------------------------------------
say ""
say "== One small file, end to end (process start-up included), $SMALL_RUNS runs"
small=$(find "$GEN" -name '*.sql' -size +1k -size -4k | sort | head -n 1)
m=$("${MEASURE[@]}" --repeat "$SMALL_RUNS" -- "$ROLLSAFE" lint "$small")
small_ms=$(kv wall_ms "$m")
small_cpu=$(kv cpu_ms "$m")
say "  file: ${small#"$WORK"/} ($(wc -c <"$small") bytes)"
say "  median $small_ms ms wall (min $(kv wall_min_ms "$m"), max $(kv wall_max_ms "$m")), $(kv cpu_ms "$m") ms CPU; peak RSS $(mb_of_kb "$(kv max_rss_kb "$m")")"
say "  (starting /bin/true the same way takes $(kv launch_floor_ms "$m") ms)"

# ---- Memory: N files vs 10 x N files ---------------------------------------------------------
# The same N generated files, once and ten times over (symlinks in ten directories), so
# only the number of files changes, not what is in them.
say ""
mapfile -t all_files < <(find "$GEN" -name '*.sql' | sort)
n=$MEM_FILES
if [ "$n" -gt "${#all_files[@]}" ]; then n=${#all_files[@]}; fi
MEM=$WORK/mem-$n-s$SEED-$GEN_ID
if [ ! -f "$MEM/.complete" ]; then
  rm -rf "$MEM"
  for k in 0 1 2 3 4 5 6 7 8 9; do
    mkdir -p "$MEM/x10/copy$k"
    for ((i = 0; i < n; i++)); do
      ln -s "${all_files[$i]}" "$MEM/x10/copy$k/$(printf '%05d' "$i")_$(basename "${all_files[$i]}")"
    done
  done
  mkdir -p "$MEM/x1"
  cp -P -R "$MEM/x10/copy0" "$MEM/x1/copy0" # symlinks to the files (rollsafe does not follow directory links)
  touch "$MEM/.complete"
fi
set_bytes=$(cat "${all_files[@]:0:$n}" | wc -c)
say "== Peak RSS vs number of files: $n files ($(calc "$set_bytes / 1048576") MB) once, then the same files x10 (rollsafe lint -j1)"
declare -A rss_of=()
for format in text json; do
  for set in x1 x10; do
    m=$("${MEASURE[@]}" -- "$ROLLSAFE" lint -j1 --format "$format" "$MEM/$set")
    rss_of[$format$set]=$(kv max_rss_kb "$m")
  done
  printf '  --format %-5s %6d files: %10s   %6d files: %10s   ratio %sx\n' "$format" "$n" \
    "$(mb_of_kb "${rss_of[${format}x1]}")" $((10 * n)) "$(mb_of_kb "${rss_of[${format}x10]}")" \
    "$(calc "${rss_of[${format}x10]} / ${rss_of[${format}x1]}")"
done
say "  (peak RSS via $(kv rss_source "$m"); /bin/true measures $(mb_of_kb "$(kv rss_floor_kb "$m")") the same way)"
mem_ratio=$(calc "${rss_of[textx10]} / ${rss_of[textx1]}")
mem_ratio_json=$(calc "${rss_of[jsonx10]} / ${rss_of[jsonx1]}")

# ---- Memory: one huge file --------------------------------------------------------------------
if [ -n "$SINGLE" ]; then
  say ""
  say "== One ${SINGLE_MB} MB file (rollsafe lint)"
  m=$("${MEASURE[@]}" --stdout "$OUT" -- "$ROLLSAFE" lint "$SINGLE")
  say "  peak RSS $(mb_of_kb "$(kv max_rss_kb "$m")") for a $(calc "$(wc -c <"$SINGLE") / 1048576") MB file; wall $(kv wall_ms "$m") ms"
  say "  rollsafe: $(tail -n 1 "$OUT")"
  rm -f "$OUT"
fi

# ---- Parse paths ----------------------------------------------------------------------------
if [ "$PARSE_PATHS" != 0 ] && [ -x "$PATHS_BIN" ]; then
  say ""
  say "== Parse paths on the generated corpus (bench/parse_paths)"
  "$PATHS_BIN" "$GEN" | sed 's/^/  /'
fi

# ---- Goals ------------------------------------------------------------------------------------
say ""
say "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
say ""
say "== Goals"
if [ -n "$GOAL_RATIO" ]; then
  if awk "BEGIN { exit !($GOAL_RATIO <= 2.5) }"; then r=MET; else r=MISSED; fi
  goal $r "rollsafe lint -j1 takes ${GOAL_RATIO}x the bare parse's wall time on the generated corpus (goal: within 2.5x; CPU time: ${GOAL_CPU_RATIO}x)"
fi
if awk "BEGIN { exit !($small_ms < 10) }"; then r=MET; else r=MISSED; fi
goal $r "one small file linted end to end in ${small_ms} ms, median wall (goal: < 10 ms; CPU ${small_cpu} ms)"
if awk "BEGIN { exit !($mem_ratio <= 1.5) }"; then r=MET; else r=MISSED; fi
goal $r "peak RSS linting the same files x10 is ${mem_ratio}x that of linting them once (--format json: ${mem_ratio_json}x) (goal: flat, <= 1.5x)"
exit 0
