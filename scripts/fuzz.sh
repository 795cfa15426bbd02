#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang, libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer (the asan-ubsan preset, which builds the tests too)
# into build/asan-ubsan, then runs each target for a bounded
# time. Fails on any crash, sanitizer report, leak, timeout or out-of-memory; the
# input that caused it is saved under tests/fuzz-regressions/<target>/, which the
# hostile-input tests replay through the real binary (commit it with the fix).
#
#   scripts/fuzz.sh [TARGET...]        default: every target
#
# Environment: FUZZ_SECONDS (per target, default 60), FUZZ_JOBS (build jobs, and
# targets run at once; default 2: the five targets take 3 x FUZZ_SECONDS plus the
# build).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
build=build/asan-ubsan
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_postgres_frontend fuzz_directives fuzz_mysql_frontend fuzz_mysql_lexer fuzz_config)

command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (scripts/install-deps.sh)" >&2; exit 2; }

# The asan-ubsan preset (CMakePresets.json) compiles our code with coverage
# instrumentation (-fsanitize=fuzzer-no-link) and the two sanitizers; the
# targets link libFuzzer's main (fuzz/CMakeLists.txt). The same build serves
# the sanitizer run of the tests (scripts/test.sh): one build instead of two
# (the CI budget; docs/performance.md, "CI time"). -O1 and line tables only, as
# libFuzzer's documentation builds its targets: a report still names file and
# line. Assertions stay on, so a fuzzer meets them too.
cmake --preset asan-ubsan >/dev/null
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

# Leaks count; UBSan reports are fatal (-fno-sanitize-recover=all at compile time).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# Seeds, copied fresh on every run (they are not committed twice): the rule
# fixtures and the samples for the SQL target, their comments for the directive
# target; for the MySQL target the MySQL fixtures (*.mysql.sql, *.mariadb.sql or
# `dialect=mysql|mariadb`), the differential test's cases and, when present, the
# real-world MySQL corpus (../shared/corpus/mysql); for the configuration target
# fuzz/seeds/config/. The corpus the fuzzer grows stays in the build folder
# between runs.
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds/sql" "$seeds/mysql" "$seeds/config"
i=0
while IFS= read -r -d '' f; do
  cp "$f" "$seeds/sql/$(printf '%04d' $i)-$(basename "$f")"
  i=$((i + 1))
done < <(find tests/fixtures/rules samples -name '*.sql' -print0 | sort -z)
mysql_seed_dirs=(tests/fixtures tests/mariadb/cases)
[ -d ../shared/corpus/mysql ] && mysql_seed_dirs+=(../shared/corpus/mysql)
i=0
while IFS= read -r -d '' f; do
  case $f in
    *.mysql.sql | *.mariadb.sql | tests/mariadb/* | ../shared/*) ;;
    *) grep -qE -- '--[[:space:]]*rollsafe-test:.*dialect[[:space:]]*=[[:space:]]*(mysql|mariadb)' "$f" || continue ;;
  esac
  cp "$f" "$seeds/mysql/$(printf '%04d' $i)-$(basename "$f")"
  i=$((i + 1))
done < <(find "${mysql_seed_dirs[@]}" -name '*.sql' -size -16k -print0 | sort -z)
cp fuzz/seeds/config/*.toml "$seeds/config/"

# Runs one target; its log goes to $build/<target>.log. Returns non-zero when the
# fuzzer found something.
run_target() {
  local target=$1 dict max_len seed_dir=$seeds/sql
  local corpus=$build/corpus/$target
  local artifacts=$root/tests/fuzz-regressions/$target
  mkdir -p "$corpus" "$artifacts"
  case $target in
    fuzz_postgres_frontend) dict=fuzz/sql.dict; max_len=16384 ;;
    fuzz_directives) dict=fuzz/directives.dict; max_len=4096 ;;
    fuzz_mysql_frontend | fuzz_mysql_lexer) dict=fuzz/mysql.dict; max_len=16384; seed_dir=$seeds/mysql ;;
    fuzz_config) dict=fuzz/config.dict; max_len=4096; seed_dir=$seeds/config ;;
    *) echo "fuzz: unknown target $target" >&2; return 2 ;;
  esac
  # Earlier crashers go first: one that crashes again fails the run at once.
  local regressions=()
  if compgen -G "$artifacts/*" >/dev/null; then
    regressions=("$artifacts")
  fi
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: one input needing
  # 2 GB is a memory bomb. Either fails the run like a crash does.
  "$build/fuzz/$target" "$corpus" "$seed_dir" "${regressions[@]}" \
    -dict="$dict" -max_len="$max_len" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    >"$build/$target.log" 2>&1
}

report() {
  local target=$1 result=$2 log=$build/$1.log
  printf '\n== %s: %ss\n' "$target" "$seconds"
  if [ "$result" -eq 0 ]; then
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)|^Done' "$log" || true
  else
    echo "fuzz: $target FAILED; the input is under tests/fuzz-regressions/$target/:" >&2
    grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==' "$log" | head -20 >&2 || true
    echo "fuzz: full log: $log" >&2
  fi
}

# One core per target, FUZZ_JOBS targets at a time (CI: five targets of 30 s
# on two cores take about a minute and a half, plus the build).
status=0
for ((first = 0; first < ${#targets[@]}; first += jobs)); do
  batch=("${targets[@]:first:jobs}")
  pids=()
  for target in "${batch[@]}"; do
    run_target "$target" &
    pids+=($!)
  done
  for i in "${!batch[@]}"; do
    result=0
    wait "${pids[$i]}" || result=$?
    report "${batch[$i]}" "$result"
    [ "$result" -eq 0 ] || status=1
  done
done
exit $status
