#!/usr/bin/env bash
# rollsafe's benchmark suite, in one go (docs/performance.md explains the figures).
#
#   bench/run.sh
#
# Builds Release if needed (the `release` preset: build/release), generates the corpora
# if missing, installs the peer linter squawk (npm package squawk-cli, native binary)
# into the build directory if missing, then on the same files:
#   - for each corpus (generated; ../shared/corpus/postgres; samples/ when it holds
#     *.sql): libpg_query's bare raw parse, `rollsafe lint -j1`, `rollsafe lint` (all
#     cores), squawk on one thread (RAYON_NUM_THREADS=1) and on all cores: wall time,
#     MB/s, statements/s, peak RSS, ratio to the bare parse, squawk/rollsafe ratios;
#   - MySQL: for the generated MySQL corpus (gen_corpus.py --dialect mysql) and
#     ../shared/corpus/mysql: the lexer+parser alone (mysql_parse_baseline; also with
#     --antlr-lexer, the generated lexer),
#     `rollsafe lint --dialect mysql -j1` and on all cores, with the same columns;
#   - one small file linted end to end, many times, by rollsafe and squawk;
#   - peak RSS linting N files vs the same N files ten times over;
#   - peak RSS linting one huge file (squawk too, under a timeout and a memory cap);
#   - the parse-path comparison (raw tree vs JSON vs protobuf).
# It prints figures and a GOAL MET / GOAL MISSED / GOAL NOT MEASURED line per goal,
# and never fails on a goal, nor when squawk cannot be installed or run (it prints
# SKIPPED with the reason): benchmarks are not tests. It times a fixed CPU-bound loop
# four times and prints HOST SPEED CHANGED when the host's speed moved during the run
# (a VM's host can slow everything for minutes): such a run's figures do not compare.
#
# Environment (all optional):
#   ROLLSAFE_BENCH_BUILD_DIR  build directory            (default: build/release)
#   ROLLSAFE_BENCH_WORK       corpora and scratch output (default: <build dir>/bench-work)
#   ROLLSAFE_BENCH_CORPUS_MB  size of the generated corpus, MB  (default: 30)
#   ROLLSAFE_BENCH_SINGLE_MB  size of the one-file corpus, MB   (default: 100; 0 skips)
#   ROLLSAFE_BENCH_SEED       generator seed             (default: 20240601)
#   ROLLSAFE_BENCH_RUNS       timed runs per measurement, median reported (default: 3)
#   ROLLSAFE_BENCH_SMALL_CORPUS_RUNS  timed runs for a corpus under 1 MB (default: 21):
#                             a run of 15 ms is one scheduling hiccup away from 30 ms
#   ROLLSAFE_BENCH_SMALL_RUNS runs of the one-small-file test  (default: 200)
#   ROLLSAFE_BENCH_ALTERNATE_ROUNDS       rounds of the goals' ratios on the generated
#                                         corpus, commands in turn (default: 9; 0 skips)
#   ROLLSAFE_BENCH_ALTERNATE_SMALL_ROUNDS the same on the real migrations (default: 41)
#   ROLLSAFE_BENCH_MEM_FILES  N for the N vs 10 x N files memory test (default: 150)
#   ROLLSAFE_BENCH_PARSE_PATHS=0 skips the parse-path comparison
#   ROLLSAFE_BENCH_MYSQL=0    skips the MySQL figures
#   ROLLSAFE_BENCH_MYSQL_MB   size of the generated MySQL corpus, MB (default: 30)
#   ROLLSAFE_BENCH_SQUAWK=0   skips squawk
#   ROLLSAFE_BENCH_SQUAWK_VERSION  squawk-cli version from npm (default: 2.66.0)
#   ROLLSAFE_BENCH_SQUAWK_BIN      use this squawk binary instead of installing one
#   ROLLSAFE_BENCH_SQUAWK_TIMEOUT  seconds per squawk run before it is killed (default: 120)
#   ROLLSAFE_BENCH_SQUAWK_MEM_MB   squawk's address-space cap, MB (default: 4096)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${ROLLSAFE_BENCH_BUILD_DIR:-$ROOT/build/release}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
WORK=${ROLLSAFE_BENCH_WORK:-$BUILD/bench-work}
CORPUS_MB=${ROLLSAFE_BENCH_CORPUS_MB:-30}
SINGLE_MB=${ROLLSAFE_BENCH_SINGLE_MB:-100}
SEED=${ROLLSAFE_BENCH_SEED:-20240601}
RUNS=${ROLLSAFE_BENCH_RUNS:-3}
SMALL_CORPUS_RUNS=${ROLLSAFE_BENCH_SMALL_CORPUS_RUNS:-21}
SMALL_RUNS=${ROLLSAFE_BENCH_SMALL_RUNS:-200}
ALT_ROUNDS=${ROLLSAFE_BENCH_ALTERNATE_ROUNDS:-9}
ALT_SMALL_ROUNDS=${ROLLSAFE_BENCH_ALTERNATE_SMALL_ROUNDS:-41}
MEM_FILES=${ROLLSAFE_BENCH_MEM_FILES:-150}
PARSE_PATHS=${ROLLSAFE_BENCH_PARSE_PATHS:-1}
MYSQL_ON=${ROLLSAFE_BENCH_MYSQL:-1}
MYSQL_MB=${ROLLSAFE_BENCH_MYSQL_MB:-30}
SQUAWK_ON=${ROLLSAFE_BENCH_SQUAWK:-1}
SQUAWK_VERSION=${ROLLSAFE_BENCH_SQUAWK_VERSION:-2.66.0}
SQUAWK_BIN=${ROLLSAFE_BENCH_SQUAWK_BIN:-}
SQUAWK_TIMEOUT=${ROLLSAFE_BENCH_SQUAWK_TIMEOUT:-120}
SQUAWK_MEM_MB=${ROLLSAFE_BENCH_SQUAWK_MEM_MB:-4096}
CORES=$(nproc)
JOBS=$((CORES < 2 ? CORES : 2)) # build parallelism: the machine is shared

ROLLSAFE=$BUILD/rollsafe
BASELINE=$BUILD/bench/pg_parse_baseline
MYSQL_BASELINE=$BUILD/bench/mysql_parse_baseline
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
# shellcheck source=bench/stats.sh
. "$ROOT/bench/stats.sh"
calc() { awk "BEGIN { printf \"%.2f\", $* }"; }
mb_of_kb() { awk "BEGIN { printf \"%.1f MB\", $1 / 1024 }"; }
goal() { # goal MET|MISSED|NOT MEASURED TEXT
  say "GOAL $1: $2"
}
# host_speed: the median of 5 timings of a fixed CPU-bound loop, in ms. This VM's host
# can slow it down two- or threefold for minutes; timed at points through the run
# (speed_check), it tells a run measured on a slow host from a slow rollsafe.
host_speed() {
  python3 - <<'PY'
import statistics, time
runs = []
for _ in range(5):
    start = time.perf_counter()
    x = 0
    for i in range(1_000_000):
        x += i
    runs.append((time.perf_counter() - start) * 1000)
print("%.1f" % statistics.median(runs))
PY
}
# le A B: whether A <= B (floating point).
le() { awk "BEGIN { exit !($1 <= $2) }"; }
# lt A B: whether A < B (floating point).
lt() { awk "BEGIN { exit !($1 < $2) }"; }

# ---- Build -------------------------------------------------------------------------
say "== rollsafe benchmarks: $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -m), $CORES cores"
say "   build:  $BUILD"
say "   load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other processes compete for the $CORES cores)"
SPEEDS=()
speed_check() { # speed_check LABEL: host_speed now, kept for the end of the run
  local ms
  ms=$(host_speed)
  SPEEDS+=("$1 $ms")
  say "   host speed $1: $ms ms for a fixed CPU-bound loop (median of 5)"
}
speed_check "at the start"
if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  if [ "$BUILD" = "$ROOT/build/release" ]; then
    (cd "$ROOT" && cmake --preset release -DROLLSAFE_BUILD_BENCH=ON) >/dev/null || die "cmake --preset release failed"
  else
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DROLLSAFE_BUILD_BENCH=ON >/dev/null ||
      die "cmake configure failed"
  fi
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
# Only what the benchmarks run (the preset also configures the test suite).
targets=(rollsafe pg_parse_baseline)
[ "$MYSQL_ON" != 0 ] && targets+=(mysql_parse_baseline)
if cmake --build "$BUILD" --target help 2>/dev/null | grep -q 'parse_paths'; then targets+=(parse_paths); fi
if ! cmake --build "$BUILD" -j "$JOBS" --target "${targets[@]}" >"$BUILD/bench-build.log" 2>&1; then
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
MYSQL_GEN=
if [ "$MYSQL_ON" != 0 ]; then
  MYSQL_GEN=$WORK/mysql-corpus-${MYSQL_MB}mb-s$SEED-$GEN_ID
  if [ ! -f "$MYSQL_GEN/.complete" ]; then
    rm -rf "$MYSQL_GEN"
    python3 "$ROOT/bench/gen_corpus.py" "$MYSQL_GEN" --dialect mysql --size-mb "$MYSQL_MB" --seed "$SEED" ||
      die "gen_corpus --dialect mysql failed"
    touch "$MYSQL_GEN/.complete"
  fi
fi
OUT=$WORK/lint-output.txt

CORPORA=("generated:$GEN")
[ -d "$ROOT/../shared/corpus/postgres" ] && CORPORA+=("shared/corpus/postgres:$(cd "$ROOT/../shared/corpus/postgres" && pwd)")
if [ -d "$ROOT/samples" ] && [ -n "$(find "$ROOT/samples" -iname '*.sql' -print -quit)" ]; then
  CORPORA+=("samples:$ROOT/samples")
fi

# ---- squawk --------------------------------------------------------------------------
# squawk (https://squawkhq.com), the best-known migration linter for PostgreSQL, is the
# peer rollsafe is compared with. Its npm package squawk-cli pulls in a per-platform
# package (@squawk-cli/linux-x64 ...) that carries the native Rust binary; the package's
# JavaScript wrapper only starts that binary, so the binary is run directly (without
# Node's start-up). It is installed into the build directory, never into the source tree.
# The invocation: `squawk -c EMPTY.toml --reporter=gcc 'DIR/**/*.sql'`. squawk expands
# the pattern itself (one process, no argv limit, like rollsafe given a directory); the
# empty configuration file keeps any .squawk.toml out, and SQUAWK_DISABLE_GITHUB_ANNOTATIONS
# its GitHub Actions output. It makes no network access unless told to upload to GitHub.
SQUAWK=
SQUAWK_WHY=
SQUAWK_CFG=$WORK/squawk-empty.toml
SQUAWK_ERR=$WORK/squawk-stderr.txt
setup_squawk() {
  local npm_dir=$BUILD/bench-npm plat out
  if [ "$SQUAWK_ON" = 0 ]; then
    SQUAWK_WHY="ROLLSAFE_BENCH_SQUAWK=0"
    return 1
  fi
  if [ -n "$SQUAWK_BIN" ]; then
    SQUAWK=$SQUAWK_BIN
  else
    case $(uname -s)-$(uname -m) in
      Linux-x86_64) plat=linux-x64 ;;
      Linux-aarch64 | Linux-arm64) plat=linux-arm64 ;;
      *)
        SQUAWK_WHY="squawk-cli has no binary package for $(uname -s) $(uname -m) here"
        return 1
        ;;
    esac
    SQUAWK=$npm_dir/node_modules/@squawk-cli/$plat/bin/squawk
    if [ ! -x "$SQUAWK" ] || [ "$("$SQUAWK" --version 2>/dev/null)" != "squawk $SQUAWK_VERSION" ]; then
      if ! command -v npm >/dev/null 2>&1; then
        SQUAWK_WHY="npm is not installed (Debian: apt-get install npm), so squawk-cli cannot be installed"
        return 1
      fi
      say "   installing squawk-cli@$SQUAWK_VERSION into $npm_dir (npm)"
      mkdir -p "$npm_dir"
      # --ignore-scripts: the binary comes in the platform package, no install script is needed.
      if ! timeout 300 npm install --prefix "$npm_dir" --no-audit --no-fund --ignore-scripts \
        --include=optional "squawk-cli@$SQUAWK_VERSION" >"$npm_dir/install.log" 2>&1; then
        out=$(grep -m 1 -i 'npm err' "$npm_dir/install.log" || tail -n 1 "$npm_dir/install.log")
        SQUAWK_WHY="npm install squawk-cli@$SQUAWK_VERSION failed: $out (log: $npm_dir/install.log)"
        return 1
      fi
    fi
  fi
  if [ ! -x "$SQUAWK" ]; then
    if [ -n "$SQUAWK_BIN" ]; then
      SQUAWK_WHY="ROLLSAFE_BENCH_SQUAWK_BIN=$SQUAWK_BIN is not an executable"
    else
      SQUAWK_WHY="no executable $SQUAWK after the install (was the optional platform package skipped?)"
    fi
    return 1
  fi
  # One known finding, to check that the binary runs and reports in the format expected.
  : >"$SQUAWK_CFG"
  printf 'ALTER TABLE t ADD COLUMN c integer NOT NULL;\n' >"$WORK/squawk-smoke.sql"
  out=$(cd "$WORK" && SQUAWK_DISABLE_GITHUB_ANNOTATIONS=1 timeout 30 "$SQUAWK" -c "$SQUAWK_CFG" \
    --reporter=gcc "$WORK/squawk-smoke.sql" 2>&1)
  case $out in
    *squawk-smoke.sql:[0-9]*) ;;
    *)
      SQUAWK_WHY="$SQUAWK does not run or reports nothing: ${out%%$'\n'*}"
      return 1
      ;;
  esac
  return 0
}
if setup_squawk; then
  say "   peer:   $("$SQUAWK" --version) ($SQUAWK; runs capped at ${SQUAWK_TIMEOUT} s and ${SQUAWK_MEM_MB} MB of address space)"
else
  SQUAWK=
  say "   peer:   squawk SKIPPED: $SQUAWK_WHY"
fi

# squawk_measure THREADS(1|all) REPEAT|once STDOUT PATH-OR-PATTERN...: measure.py's line for
# squawk (`once`: one timed run after an untimed one, no peak-RSS run).
squawk_measure() {
  local threads=$1 repeat=$2 out=$3
  shift 3
  local -a envs=(SQUAWK_DISABLE_GITHUB_ANNOTATIONS=1) timing=(--repeat "$repeat")
  [ "$threads" = 1 ] && envs+=(RAYON_NUM_THREADS=1)
  [ "$repeat" = once ] && timing=(--no-rss --warmup 1) # the alternating rounds' run
  (cd "$WORK" && env -u RAYON_NUM_THREADS -u GITHUB_ACTIONS "${envs[@]}" "${MEASURE[@]}" \
    "${timing[@]}" --stdout "$out" --stderr "$SQUAWK_ERR" --timeout "$SQUAWK_TIMEOUT" \
    --max-memory-mb "$SQUAWK_MEM_MB" -- "$SQUAWK" -c "$SQUAWK_CFG" --reporter=gcc "$@")
}
# squawk_failure MEASURE_LINE: why that squawk run failed; nothing (and status 1) if it did not.
squawk_failure() {
  local code sig hint
  code=$(kv exit "$1")
  if [ "$(kv timed_out "$1")" = 1 ]; then
    say "timed out after $SQUAWK_TIMEOUT s"
  elif [ "${code:0:1}" = - ] || [ "${code:-0}" -gt 128 ]; then
    # GNU time (the peak-RSS run) exits 128 + the signal.
    sig=${code#-}
    [ "$sig" -gt 128 ] && sig=$((sig - 128))
    hint=
    [ "$sig" = 6 ] && hint=" (abort: an allocation beyond the ${SQUAWK_MEM_MB} MB cap?)"
    say "killed by signal $sig$hint: $(head -c 200 "$SQUAWK_ERR" | head -n 1)"
  elif [ "$code" != 0 ] && [ "$code" != 1 ]; then
    say "exit $code: $(head -c 200 "$SQUAWK_ERR" | head -n 1)"
  else
    return 1
  fi
}

# ---- Throughput per corpus -----------------------------------------------------------
row() { # row NAME WALL_MS CPU_MS BYTES STATEMENTS RSS_KB BASE_WALL_MS BASE_CPU_MS
  local mbs sts rss
  mbs=$(calc "$4 / 1048576 / ($2 / 1000)")
  sts=$(calc "$5 / ($2 / 1000)")
  rss=${6:--}
  [ "$rss" != - ] && rss=$(mb_of_kb "$rss")
  printf '  %-38s %9.1f %9.1f %8.1f %12.0f %10s %7sx %7sx\n' "$1" "$2" "$3" "$mbs" "$sts" "$rss" \
    "$(calc "$2 / $7")" "$(calc "$3 / $8")"
}

GOAL_RATIO=
GOAL_CPU_RATIO=
declare -A SQ_WALL=() SQ_CPU=() RS_WALL=() RS_CPU=() SQ_FAIL=()
say ""
# corpus_runs DIR: how many timed runs a measurement on DIR's *.sql gets. Under 1 MB
# a run takes milliseconds, and a median of three of those is at the mercy of the
# machine's other work (the real migrations' -j2 lint: mostly 12-14 ms, with runs
# of 28 ms in bursts), so small corpora get more runs; they cost little.
corpus_runs() {
  local bytes
  bytes=$(find "$1" -name '*.sql' -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
  if [ "$bytes" -lt 1048576 ] && [ "$SMALL_CORPUS_RUNS" -gt "$RUNS" ]; then
    echo "$SMALL_CORPUS_RUNS"
  else
    echo "$RUNS"
  fi
}

say "== Throughput (median of $RUNS runs, $SMALL_CORPUS_RUNS for a corpus under 1 MB; the parse is"
say "   timed in-process on files read beforehand, rollsafe and squawk end to end with their"
say "   reports written to a file: rollsafe's default text, squawk's --reporter=gcc)"
for entry in "${CORPORA[@]}"; do
  name=${entry%%:*}
  dir=${entry#*:}
  runs=$(corpus_runs "$dir")
  base=$("$BASELINE" --kv --repeat "$runs" "$dir")
  base_par=$("$BASELINE" --kv --repeat "$runs" -j "$CORES" "$dir")
  files=$(kv files "$base")
  bytes=$(kv bytes "$base")
  stmts=$(kv statements "$base")
  base_ms=$(kv wall_ms "$base")
  base_cpu=$(kv cpu_ms "$base")
  say ""
  say "-- $name: $files files, $(calc "$bytes / 1048576") MB, $stmts statements, $(kv parse_errors "$base") parse errors; median of $runs runs"
  printf '  %-38s %9s %9s %8s %12s %10s %8s %8s\n' "" "wall ms" "CPU ms" "MB/s" "statements/s" \
    "peak RSS" "wall/parse" "CPU/parse"
  row "pg_query_raw_parse, 1 thread" "$base_ms" "$base_cpu" "$bytes" "$stmts" - "$base_ms" "$base_cpu"
  row "pg_query_raw_parse, $CORES threads" "$(kv wall_ms "$base_par")" "$(kv cpu_ms "$base_par")" \
    "$bytes" "$stmts" - "$base_ms" "$base_cpu"
  for jobs in 1 all; do
    if [ "$jobs" = 1 ]; then args=(-j1) label="rollsafe lint -j1"; else args=() label="rollsafe lint (all $CORES cores)"; fi
    m=$("${MEASURE[@]}" --repeat "$runs" --stdout "$OUT" -- "$ROLLSAFE" lint "${args[@]}" "$dir")
    wall=$(kv wall_ms "$m")
    cpu=$(kv cpu_ms "$m")
    RS_WALL[$name$jobs]=$wall
    RS_CPU[$name$jobs]=$cpu
    row "$label" "$wall" "$cpu" "$bytes" "$stmts" "$(kv max_rss_kb "$m")" "$base_ms" "$base_cpu"
    summary=$(tail -n 1 "$OUT")
    if [ "$jobs" = 1 ] && [ "$name" = generated ]; then
      GOAL_RATIO=$(calc "$wall / $base_ms")
      GOAL_CPU_RATIO=$(calc "$cpu / $base_cpu")
    fi
  done
  rs_errors=$(sed -n 's/^\([0-9]*\) errors\?,.*/\1/p' <<<"$summary")
  rs_warnings=$(sed -n 's/^[0-9]* errors\?, \([0-9]*\) warnings\?.*/\1/p' <<<"$summary")
  rs_out_mb=$(calc "$(wc -c <"$OUT") / 1048576")
  sq_note=
  if [ -n "$SQUAWK" ]; then
    case $dir in
      *[][*?{}]*) SQ_FAIL[$name]="the corpus path has glob characters" ;;
      *)
        for jobs in 1 all; do
          if [ "$jobs" = 1 ]; then label="squawk, 1 thread (RAYON_NUM_THREADS=1)"; else label="squawk (all $CORES cores)"; fi
          m=$(squawk_measure "$jobs" "$runs" "$OUT" "$dir/**/*.sql")
          if why=$(squawk_failure "$m"); then
            SQ_FAIL[$name]=$why
            say "  $label: SKIPPED: $why"
            break
          fi
          SQ_WALL[$name$jobs]=$(kv wall_ms "$m")
          SQ_CPU[$name$jobs]=$(kv cpu_ms "$m")
          row "$label" "${SQ_WALL[$name$jobs]}" "${SQ_CPU[$name$jobs]}" "$bytes" "$stmts" \
            "$(kv max_rss_kb "$m")" "$base_ms" "$base_cpu"
        done
        if [ -z "${SQ_FAIL[$name]:-}" ]; then
          sq_note="squawk: $(wc -l <"$OUT") findings, $(calc "$(wc -c <"$OUT") / 1048576") MB of report"
        fi
        ;;
    esac
    # squawk is given a pattern: check that it names the files the others lint.
    sq_files=$(find "$dir" -name '*.sql' \( -type f -o -type l \) | wc -l)
    [ "$sq_files" = "$files" ] || say "  note: squawk's pattern matches $sq_files files, the parser's discovery $files"
  fi
  # Statements/s above use the parser's own count (pg_query_split_with_parser);
  # rollsafe's summary must agree.
  linted=$(sed -n 's/.*(\([0-9]*\) statements\?).*/\1/p' <<<"$summary")
  if [ "$linted" != "$stmts" ]; then
    say "  note: rollsafe counted ${linted:-?} statements, the parser $stmts ($summary)"
  fi
  say "  rollsafe: $summary"
  say "  rollsafe: $((${rs_errors:-0} + ${rs_warnings:-0})) findings, $rs_out_mb MB of report"
  [ -n "$sq_note" ] && say "  $sq_note"
  if [ -n "${SQ_WALL[${name}all]:-}" ]; then
    for jobs in 1 all; do
      if [ "$jobs" = 1 ]; then label="1 thread vs 1 thread"; else label="all cores vs all cores"; fi
      printf '  squawk / rollsafe, %-24s wall %sx, CPU %sx\n' "$label:" \
        "$(calc "${SQ_WALL[$name$jobs]} / ${RS_WALL[$name$jobs]}")" \
        "$(calc "${SQ_CPU[$name$jobs]} / ${RS_CPU[$name$jobs]}")"
    done
  fi
done

# ---- The goals' ratios, commands in turn ------------------------------------------------
# Each figure above is the median of consecutive runs of one command, taken a minute or
# more apart from the figures it is divided by; on a shared or bursty machine the load
# drifts in between (on 2026-11-22 the table put lint -j1 at 2.80x the parse while 9
# rounds in turn gave 2.54x). The ratios the goals name are measured again with the
# commands in turn, one run of each per round, so drift moves all of a round alike; the
# goals are judged on these medians, and the table's ratios are printed beside them.
ALT_PARSE=''
ALT_LINT=''
ALT_RATIO=''
declare -A ALT_SQ=() ALT_RS=()
REAL_DIR=
[ -d "$ROOT/../shared/corpus/postgres" ] && REAL_DIR=$(cd "$ROOT/../shared/corpus/postgres" && pwd)
if [ "$ALT_ROUNDS" -gt 0 ]; then
  say ""
  say "== The goals' ratios, commands in turn: one run of each per round, medians"
  speed_check "before the rounds"
  parse_walls=() lint_walls=()
  # Every other round in the opposite order, so neither command always goes second; and
  # each timed run of rollsafe or squawk follows an untimed run of the same command
  # (measure.py --warmup): on this VM the first runs after an idle or single-threaded
  # stretch are slow, more so with two threads (docs/performance.md, Goals).
  # in_turn ROUND FIRST SECOND: runs the two, in the opposite order every other round.
  in_turn() {
    if (($1 % 2)); then
      "$3"
      "$2"
    else
      "$2"
      "$3"
    fi
  }
  # shellcheck disable=SC2317 # called through in_turn
  time_parse() { parse_walls+=("$(kv wall_ms "$("$BASELINE" --kv --repeat 1 "$GEN")")"); }
  # shellcheck disable=SC2317 # called through in_turn
  time_lint() {
    lint_walls+=("$(kv wall_ms "$("${MEASURE[@]}" --no-rss --warmup 1 --stdout "$OUT" -- "$ROLLSAFE" lint -j1 "$GEN")")")
  }
  for ((round = 0; round < ALT_ROUNDS; round++)); do
    in_turn "$round" time_parse time_lint
  done
  ALT_PARSE=$(median "${parse_walls[@]}")
  ALT_LINT=$(median "${lint_walls[@]}")
  ALT_RATIO=$(calc "$ALT_LINT / $ALT_PARSE")
  faster=0
  for ((round = 0; round < ALT_ROUNDS; round++)); do
    le "${lint_walls[round]}" "$(calc "2.5 * ${parse_walls[round]}")" && faster=$((faster + 1))
  done
  say "  generated, $ALT_ROUNDS rounds: pg_query_raw_parse $ALT_PARSE ms, rollsafe lint -j1 $ALT_LINT ms: ${ALT_RATIO}x (within 2.5x in $faster of $ALT_ROUNDS rounds)"
  if [ -n "$SQUAWK" ] && [ -n "$REAL_DIR" ] && [ -z "${SQ_FAIL[shared/corpus/postgres]:-}" ] &&
    [ "$ALT_SMALL_ROUNDS" -gt 0 ]; then
    declare -A sq_walls=() rs_walls=()
    # Both read `jobs` and `args` of the loop below.
    # shellcheck disable=SC2317 # called through in_turn
    time_squawk() { sq_walls[$jobs]+=" $(kv wall_ms "$(squawk_measure "$jobs" once "$OUT" "$REAL_DIR/**/*.sql")")"; }
    # shellcheck disable=SC2317 # called through in_turn
    time_rollsafe() {
      rs_walls[$jobs]+=" $(kv wall_ms "$("${MEASURE[@]}" --no-rss --warmup 1 --stdout "$OUT" -- "$ROLLSAFE" lint "${args[@]}" "$REAL_DIR")")"
    }
    for ((round = 0; round < ALT_SMALL_ROUNDS; round++)); do
      for jobs in 1 all; do
        if [ "$jobs" = 1 ]; then args=(-j1); else args=(); fi
        in_turn "$round" time_squawk time_rollsafe
      done
    done
    for jobs in 1 all; do
      # shellcheck disable=SC2086 # the lists are words
      ALT_SQ[$jobs]=$(median ${sq_walls[$jobs]})
      # shellcheck disable=SC2086
      ALT_RS[$jobs]=$(median ${rs_walls[$jobs]})
      if [ "$jobs" = 1 ]; then label="1 thread vs 1 thread"; else label="all cores vs all cores"; fi
      say "  real migrations, $ALT_SMALL_ROUNDS rounds, $label: squawk ${ALT_SQ[$jobs]} ms, rollsafe ${ALT_RS[$jobs]} ms: $(calc "${ALT_SQ[$jobs]} / ${ALT_RS[$jobs]}")x"
    done
  fi
  speed_check "after the rounds"
fi
rm -f "$OUT"

# ---- MySQL throughput ------------------------------------------------------------------
# The same table for the MySQL path: the lexer+parser alone (the frontend's hand-written
# lexer and the ANTLR parser; also with the ANTLR-generated lexer) against the whole
# pipeline with --dialect mysql (MySQL 8.0 semantics, the default --mysql-version).
GOAL_MYSQL_MBS=
GOAL_MYSQL_WHY=
if [ "$MYSQL_ON" = 0 ]; then
  GOAL_MYSQL_WHY="ROLLSAFE_BENCH_MYSQL=0"
elif [ ! -x "$MYSQL_BASELINE" ]; then
  GOAL_MYSQL_WHY="no $MYSQL_BASELINE (the build failed?)"
else
  MYSQL_CORPORA=("mysql-generated:$MYSQL_GEN")
  [ -d "$ROOT/../shared/corpus/mysql" ] && MYSQL_CORPORA+=("shared/corpus/mysql:$(cd "$ROOT/../shared/corpus/mysql" && pwd)")
  say ""
  say "== MySQL throughput (median of $RUNS runs, $SMALL_CORPUS_RUNS for a corpus under 1 MB; as above)"
  for entry in "${MYSQL_CORPORA[@]}"; do
    name=${entry%%:*}
    dir=${entry#*:}
    runs=$(corpus_runs "$dir")
    base=$("$MYSQL_BASELINE" --kv --repeat "$runs" "$dir")
    base_par=$("$MYSQL_BASELINE" --kv --repeat "$runs" -j "$CORES" "$dir")
    bytes=$(kv bytes "$base")
    stmts=$(kv statements "$base")
    base_ms=$(kv wall_ms "$base")
    base_cpu=$(kv cpu_ms "$base")
    say ""
    say "-- $name: $(kv files "$base") files, $(calc "$bytes / 1048576") MB, $stmts statements, $(kv parse_errors "$base") statements that do not parse; median of $runs runs"
    printf '  %-38s %9s %9s %8s %12s %10s %8s %8s\n' "" "wall ms" "CPU ms" "MB/s" "statements/s" \
      "peak RSS" "wall/parse" "CPU/parse"
    row "lex+parse, 1 thread" "$base_ms" "$base_cpu" "$bytes" "$stmts" - "$base_ms" "$base_cpu"
    row "lex+parse, $CORES threads" "$(kv wall_ms "$base_par")" "$(kv cpu_ms "$base_par")" \
      "$bytes" "$stmts" - "$base_ms" "$base_cpu"
    # The same with the lexer ANTLR generates (the figure before the hand-written one).
    base_antlr=$("$MYSQL_BASELINE" --antlr-lexer --kv --repeat "$runs" "$dir")
    row "ANTLR-generated lexer+parse, 1 thread" "$(kv wall_ms "$base_antlr")" \
      "$(kv cpu_ms "$base_antlr")" "$bytes" "$stmts" - "$base_ms" "$base_cpu"
    for jobs in 1 all; do
      if [ "$jobs" = 1 ]; then args=(-j1) label="rollsafe lint --dialect mysql -j1"; else args=() label="rollsafe lint --dialect mysql (all)"; fi
      m=$("${MEASURE[@]}" --repeat "$runs" --stdout "$OUT" -- "$ROLLSAFE" lint --dialect mysql "${args[@]}" "$dir")
      row "$label" "$(kv wall_ms "$m")" "$(kv cpu_ms "$m")" "$bytes" "$stmts" "$(kv max_rss_kb "$m")" \
        "$base_ms" "$base_cpu"
      if [ "$jobs" = 1 ] && [ "$name" = mysql-generated ]; then
        GOAL_MYSQL_MBS=$(calc "$bytes / 1048576 / ($(kv wall_ms "$m") / 1000)")
      fi
    done
    say "  rollsafe: $(tail -n 1 "$OUT")"
    say "  rollsafe: $(grep -c 'error\[syntax-error\]' "$OUT") syntax errors reported"
  done
  rm -f "$OUT"
fi

# ---- One small file, end to end ----------------------------------------------------------
say ""
say "== One small file, end to end (process start-up included), $SMALL_RUNS runs each"
small=$(find "$GEN" -name '*.sql' -size +1k -size -4k | sort | head -n 1)
say "  file: ${small#"$WORK"/} ($(wc -c <"$small") bytes)"
m=$("${MEASURE[@]}" --repeat "$SMALL_RUNS" -- "$ROLLSAFE" lint "$small")
small_ms=$(kv wall_ms "$m")
small_cpu=$(kv cpu_ms "$m")
say "  rollsafe lint FILE: median $small_ms ms wall (min $(kv wall_min_ms "$m"), max $(kv wall_max_ms "$m")), $small_cpu ms CPU; peak RSS $(mb_of_kb "$(kv max_rss_kb "$m")")"
say "  (starting /bin/true the same way takes $(kv launch_floor_ms "$m") ms)"
sq_small=
if [ -n "$SQUAWK" ]; then
  m=$(squawk_measure all "$SMALL_RUNS" /dev/null "$small")
  if why=$(squawk_failure "$m"); then
    say "  squawk FILE: SKIPPED: $why"
  else
    sq_small=$(kv wall_ms "$m")
    say "  squawk FILE: median $sq_small ms wall (min $(kv wall_min_ms "$m"), max $(kv wall_max_ms "$m")), $(kv cpu_ms "$m") ms CPU; peak RSS $(mb_of_kb "$(kv max_rss_kb "$m")")"
  fi
fi

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
big_rss=
sq_big=
if [ -n "$SINGLE" ]; then
  say ""
  say "== One ${SINGLE_MB} MB file ($(calc "$(wc -c <"$SINGLE") / 1048576") MB; one run each)"
  m=$("${MEASURE[@]}" --stdout "$OUT" -- "$ROLLSAFE" lint "$SINGLE")
  big_rss=$(kv max_rss_kb "$m")
  say "  rollsafe lint: peak RSS $(mb_of_kb "$big_rss"); wall $(kv wall_ms "$m") ms, CPU $(kv cpu_ms "$m") ms"
  say "  rollsafe: $(tail -n 1 "$OUT")"
  if [ -n "$SQUAWK" ]; then
    m=$(squawk_measure all 1 "$OUT" "$SINGLE")
    if why=$(squawk_failure "$m"); then
      sq_big="did not survive it: $why"
      say "  squawk: did not survive it: $why"
    else
      sq_big="$(mb_of_kb "$(kv max_rss_kb "$m")") in $(calc "$(kv wall_ms "$m") / 1000") s"
      say "  squawk: peak RSS $(mb_of_kb "$(kv max_rss_kb "$m")"); wall $(kv wall_ms "$m") ms, CPU $(kv cpu_ms "$m") ms; $(wc -l <"$OUT") findings"
    fi
  fi
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
speed_check "at the end"
# The goals compare commands run in turn, so a steady slow host only scales them; a
# host whose speed changed during the run can favour either side of a ratio, and the
# absolute goals (MB/s, ms) move with it. Checked at the start, before and after the
# rounds and at the end: a change between two checks can still go unseen.
fastest=$(printf '%s\n' "${SPEEDS[@]}" | awk '{print $NF}' | sort -g | head -n 1)
slowest=$(printf '%s\n' "${SPEEDS[@]}" | awk '{print $NF}' | sort -g | tail -n 1)
if ! le "$(calc "$slowest / $fastest")" 1.25; then
  say "   HOST SPEED CHANGED during the run (the loop took $fastest to $slowest ms): its figures are not comparable with other runs'"
fi
say ""
say "== Goals"
if [ -n "$ALT_RATIO" ]; then
  if le "$ALT_RATIO" 2.5; then r=MET; else r=MISSED; fi
  goal $r "rollsafe lint -j1 takes ${ALT_RATIO}x the bare parse's wall time on the generated corpus, $ALT_ROUNDS rounds in turn (goal: within 2.5x; the table's medians: ${GOAL_RATIO:-?}x wall, ${GOAL_CPU_RATIO:-?}x CPU)"
elif [ -n "$GOAL_RATIO" ]; then
  if le "$GOAL_RATIO" 2.5; then r=MET; else r=MISSED; fi
  goal $r "rollsafe lint -j1 takes ${GOAL_RATIO}x the bare parse's wall time on the generated corpus (goal: within 2.5x; CPU time: ${GOAL_CPU_RATIO}x)"
fi
for jobs in 1 all; do
  if [ "$jobs" = 1 ]; then label="single-threaded (squawk RAYON_NUM_THREADS=1 vs rollsafe -j1)"; else label="on all $CORES cores"; fi
  if [ -n "${SQ_WALL[generated$jobs]:-}" ]; then
    x=$(calc "${SQ_WALL[generated$jobs]} / ${RS_WALL[generated$jobs]}")
    xc=$(calc "${SQ_CPU[generated$jobs]} / ${RS_CPU[generated$jobs]}")
    # The goal holds for the same files: the generated corpus and, when it was
    # measured, the real migrations; it is met only if both are.
    other=
    if le 5 "$x"; then r=MET; else r=MISSED; fi
    if [ -n "${ALT_SQ[$jobs]:-}" ]; then
      real=$(calc "${ALT_SQ[$jobs]} / ${ALT_RS[$jobs]}")
      table=
      [ -n "${SQ_WALL[shared/corpus/postgres$jobs]:-}" ] &&
        table="; the table's medians: $(calc "${SQ_WALL[shared/corpus/postgres$jobs]} / ${RS_WALL[shared/corpus/postgres$jobs]}")x"
      other=" and ${real}x on the real migrations (shared/corpus/postgres, $ALT_SMALL_ROUNDS rounds in turn$table)"
      if ! le 5 "$real"; then r=MISSED; fi
    elif [ -n "${SQ_WALL[shared/corpus/postgres$jobs]:-}" ]; then
      real=$(calc "${SQ_WALL[shared/corpus/postgres$jobs]} / ${RS_WALL[shared/corpus/postgres$jobs]}")
      other=" and ${real}x on the real migrations (shared/corpus/postgres)"
      if ! le 5 "$real"; then r=MISSED; fi
    fi
    goal $r "rollsafe is ${x}x faster than squawk $label on the generated corpus$other, in wall time (goal: >= 5x on each; CPU time on the generated corpus: ${xc}x)"
  else
    if [ -n "$SQUAWK" ]; then why="squawk failed: ${SQ_FAIL[generated]:-?}"; else why="squawk SKIPPED: $SQUAWK_WHY"; fi
    goal "NOT MEASURED" "rollsafe vs squawk $label: $why"
  fi
done
if [ -n "$GOAL_MYSQL_MBS" ]; then
  if le 20 "$GOAL_MYSQL_MBS"; then r=MET; else r=MISSED; fi
  goal $r "rollsafe lint --dialect mysql -j1 reads the generated MySQL corpus at ${GOAL_MYSQL_MBS} MB/s (goal: >= 20 MB/s)"
else
  goal "NOT MEASURED" "MySQL single-threaded throughput: ${GOAL_MYSQL_WHY:-no figure}"
fi
if lt "$small_ms" 5; then r=MET; else r=MISSED; fi
goal $r "one small file linted end to end in ${small_ms} ms, median wall (goal: < 5 ms; CPU ${small_cpu} ms${sq_small:+; squawk: $sq_small ms})"
if [ -n "$big_rss" ]; then
  if [ "$big_rss" -lt $((400 * 1024)) ]; then r=MET; else r=MISSED; fi
  goal $r "peak RSS linting the ${SINGLE_MB} MB file is $(mb_of_kb "$big_rss") (goal: < 400 MB${sq_big:+; squawk: $sq_big})"
fi
if le "$mem_ratio" 1.5; then r=MET; else r=MISSED; fi
goal $r "peak RSS linting the same files x10 is ${mem_ratio}x that of linting them once (--format json: ${mem_ratio_json}x) (goal: flat, <= 1.5x)"
exit 0
