#!/usr/bin/env bash
# Regenerates tests/golden/*.{text,json,quiet,sarif,github,gitlab,junit,compact} from
# the current build. CI never runs this: review the diff before committing it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${ROLLSAFE:-$root/build/dev/rollsafe}")
cd "$root/tests/golden"
"$bin" lint --color never mixed.sql > mixed.text || true
"$bin" lint --format json mixed.sql > mixed.json || true
"$bin" lint --color never --quiet mixed.sql > mixed.quiet || true
"$bin" lint --color never syntax.sql > syntax.text || true
# SARIF, GitHub and GitLab name files from the repository root; SARIF's absolute
# root URI and the version are replaced as tests/cli/golden_test.cpp does.
"$bin" lint --format sarif mixed.sql |
  sed -E -e 's#"file://[^"]*/"#"file:///REPOSITORY/"#' \
    -e '/"name": "rollsafe",/{n;s#("version": ")[^"]*"#\1VERSION"#}' > mixed.sarif || true
"$bin" lint --format github mixed.sql > mixed.github || true
"$bin" lint --format gitlab mixed.sql > mixed.gitlab || true
"$bin" lint --format junit mixed.sql > mixed.junit || true
"$bin" lint --format compact mixed.sql > mixed.compact || true
