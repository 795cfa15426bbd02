#!/usr/bin/env bash
# The pre-commit hooks (.pre-commit-hooks.yaml), run by the real pre-commit, offline:
# a temporary project uses them from a local clone of this repository, with the
# built rollsafe on PATH; a safe migration commits, an unsafe one is blocked with
# rollsafe's finding shown.
#   pre_commit_test.sh SOURCE_DIR ROLLSAFE_BINARY
# Exit 77 (skipped) only when pre-commit is not installed (scripts/install-deps.sh
# installs it).
set -euo pipefail
src=$(cd "${1:?usage: pre_commit_test.sh SOURCE_DIR ROLLSAFE_BINARY}" && pwd)
binary=${2:?usage: pre_commit_test.sh SOURCE_DIR ROLLSAFE_BINARY}

if ! command -v pre-commit >/dev/null; then
  echo "SKIP: pre-commit is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Nothing from the user's environment: own HOME (git config), own pre-commit cache.
export HOME=$tmp/home PRE_COMMIT_HOME=$tmp/pre-commit-cache GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=rollsafe-test GIT_AUTHOR_EMAIL=rollsafe-test@example.invalid
export GIT_COMMITTER_NAME=rollsafe-test GIT_COMMITTER_EMAIL=rollsafe-test@example.invalid
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE
mkdir -p "$HOME" "$tmp/bin"
git config --global init.defaultBranch main
git config --global advice.detachedHead false
ln -s "$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")" "$tmp/bin/rollsafe"
export PATH=$tmp/bin:$PATH

# The hook repository: a clone of the repository this test runs from, with the
# working tree's .pre-commit-hooks.yaml committed in the clone if it differs from
# (or is missing in) the committed one; pre-commit only sees committed files.
hooks=$tmp/rollsafe
if git -C "$src" rev-parse -q --verify HEAD >/dev/null 2>&1; then
  git clone -q --no-hardlinks "$src" "$hooks"
else
  git init -q "$hooks"
fi
cp "$src/.pre-commit-hooks.yaml" "$hooks/.pre-commit-hooks.yaml"
git -C "$hooks" add .pre-commit-hooks.yaml
if ! git -C "$hooks" rev-parse -q --verify HEAD >/dev/null ||
  ! git -C "$hooks" diff --cached --quiet; then
  git -C "$hooks" commit -q -m "pre-commit hooks (working tree)"
fi
rev=$(git -C "$hooks" rev-parse HEAD)

# The project that uses the hooks.
project=$tmp/project
git init -q "$project"
cd "$project"
cat >.pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: rollsafe
      - id: rollsafe-all
        args: [db/migrations]
YAML
git add .pre-commit-config.yaml
git commit -q -m "pre-commit configuration"
pre-commit install >/dev/null
commits() { git rev-list --count HEAD; }

# A commit without SQL: the hooks are skipped.
echo "# shop" >README.md
git add README.md
git commit -m "readme" >"$tmp/readme.log" 2>&1 || {
  cat "$tmp/readme.log"
  fail "a commit without SQL files was blocked"
}
grep -q "rolling-upgrade safety.*Skipped" "$tmp/readme.log" ||
  fail "the rollsafe hook did not report 'Skipped' for a commit without SQL: $(cat "$tmp/readme.log")"

# A safe migration commits; the hook ran and passed.
release=db/migrations/2024.05
mkdir -p "$release/expand"
cat >"$release/expand/0001_add_users_nickname.sql" <<'SQL'
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN nickname text NOT NULL DEFAULT '';
SQL
git add "$release"
before=$(commits)
git commit -m "safe migration" >"$tmp/safe.log" 2>&1 || {
  cat "$tmp/safe.log"
  fail "the safe migration was blocked"
}
[ "$(commits)" -eq $((before + 1)) ] || fail "the safe migration was not committed"
grep -q "rolling-upgrade safety.*Passed" "$tmp/safe.log" || {
  cat "$tmp/safe.log"
  fail "the rollsafe hook did not run on the safe migration"
}
grep -q "every migration below.*Passed" "$tmp/safe.log" || {
  cat "$tmp/safe.log"
  fail "the rollsafe-all hook did not run on the safe migration"
}

# An unsafe migration is blocked, with rollsafe's finding in pre-commit's output.
cat >"$release/expand/0002_drop_users_password.sql" <<'SQL'
SET lock_timeout = '2s';
ALTER TABLE users DROP COLUMN password;
SQL
git add "$release"
before=$(commits)
if git commit -m "unsafe migration" >"$tmp/unsafe.log" 2>&1; then
  cat "$tmp/unsafe.log"
  fail "the unsafe migration was committed"
fi
[ "$(commits)" -eq "$before" ] || fail "a commit was made despite the failed hook"
for expected in "rolling-upgrade safety.*Failed" "hook id: rollsafe$" "exit code: 1" \
  "0002_drop_users_password.sql:2:19: error\[drop-column\]" "help: " \
  "every migration below.*Failed" "hook id: rollsafe-all"; do
  grep -q -- "$expected" "$tmp/unsafe.log" || {
    cat "$tmp/unsafe.log"
    fail "pre-commit's output lacks '$expected'"
  }
done

echo "pre-commit's output for the unsafe migration:"
sed 's/^/  | /' "$tmp/unsafe.log"
echo "pre-commit: a commit without SQL skips the hooks, a safe migration commits, an unsafe one is blocked with rollsafe's finding"
