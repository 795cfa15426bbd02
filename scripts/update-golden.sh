#!/usr/bin/env bash
# Regenerates tests/golden/*.{text,json,quiet} from the current build. CI never runs
# this: review the diff before committing it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${ROLLSAFE:-$root/build/dev/rollsafe}")
cd "$root/tests/golden"
"$bin" lint --color never mixed.sql > mixed.text || true
"$bin" lint --format json mixed.sql > mixed.json || true
"$bin" lint --color never --quiet mixed.sql > mixed.quiet || true
"$bin" lint --color never syntax.sql > syntax.text || true
