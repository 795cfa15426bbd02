#!/usr/bin/env bash
# Runs the MariaDB differential test by hand: builds mariadb_diff, starts a
# throw-away MariaDB server (tests/support/db-server.sh), compares our MySQL
# frontend with the server on every statement of the real-world corpus, the
# MySQL fixtures and tests/mariadb/cases/, prints every disagreement and the
# agreement figure, and stops the server again.
#
#   scripts/mariadb-diff.sh [BUILD_DIR]      default: build/dev
#
# Exit status: mariadb_diff's (0 agreement up to known-differences.txt, 1
# disagreements, 2 could not run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build=${1:-build/dev}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug >/dev/null
fi
cmake --build "$build" -j 2 --target mariadb_diff
exec tests/support/db-server.sh mariadb run -- "$build/tests/mariadb/mariadb_diff" \
  --root "$root" --known tests/mariadb/known-differences.txt \
  --files tests/mariadb/cases --fixtures tests/fixtures --corpus ../shared/corpus/mysql
