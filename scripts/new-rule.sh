#!/usr/bin/env bash
# Scaffolds a new rule: rules/<id>.cpp and tests/fixtures/rules/<id>.sql.
#   scripts/new-rule.sh [--dialect mysql] RULE-ID
# --dialect mysql: a MySQL/MariaDB-only rule (DialectSet::only(Dialect::MySQL),
# MySQL SQL in its docs) with the fixture tests/fixtures/rules/<id>.mysql.sql.
# Then fill in the docs, the check and the fixture; the docs test fails until the
# example fires and the fixture expects the rule.
#   scripts/new-rule.sh --check BUILD_DIR
# (CI) scaffolds a throwaway rule, checks that it compiles, registers and is
# explained by the binary, and removes it again.
set -euo pipefail
cd "$(dirname "$0")/.."

scaffold() {
  local id=$1 dialect=${2:-}
  [[ $id =~ ^[a-z]+(-[a-z0-9]+)*$ ]] || { echo "new-rule: '$id' is not a kebab-case id" >&2; exit 2; }
  local file=rules/$id.cpp fixture=tests/fixtures/rules/$id.sql
  local dialects="" timeout="SET lock_timeout = '2s';"
  if [ "$dialect" = mysql ]; then
    fixture=tests/fixtures/rules/$id.mysql.sql
    dialects="    .dialects = DialectSet::only(Dialect::MySQL),
"
    timeout="SET SESSION lock_wait_timeout = 5;"
  fi
  [ ! -e "$file" ] || { echo "new-rule: $file exists" >&2; exit 2; }
  local class
  class=$(echo "$id" | sed -E 's/(^|-)([a-z])/\U\2/g')
  cat > "$file" <<CPP
// $id: TODO one line saying what hazard this rule reports.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "$id",
    .summary = "TODO: one line",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
${dialects}    .rationale = R"(TODO: what breaks, for whom (old code? traffic waiting on a lock?), and
in which phase.)",
    .example = R"(TODO: unsafe SQL that this rule reports;)",
    .safe = R"(-- expand
TODO: the safe sequence, one part per phase;)",
};

class $class final : public Rule, public On<model::DropColumn> {
public:
  $class() : Rule(kInfo) {}
  void on(const model::DropColumn& node, Context& ctx) const override {
    if (ctx.is_new_column(node.table, node.column)) {
      return;
    }
    // TODO: the check; name the table and column, and say what to do instead.
    (void)node;
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE($class)

} // namespace rollsafe
CPP
  cat > "$fixture" <<SQL
-- $id: TODO. A line on which a diagnostic must start ends with
-- \`-- expect: $id\`; every other line must stay clean.
$timeout
SQL
  echo "created $file and $fixture"
}

if [ "${1:-}" = "--check" ]; then
  build=${2:?usage: new-rule.sh --check BUILD_DIR}
  id=zz-scaffold-check
  trap 'rm -f rules/$id.cpp tests/fixtures/rules/$id.sql; cmake --build "$build" --target rollsafe >/dev/null' EXIT
  scaffold "$id" >/dev/null
  cmake --build "$build" --target rollsafe
  "$build/rollsafe" rules | grep -q "^$id " || { echo "new-rule: scaffolded rule is not registered" >&2; exit 1; }
  "$build/rollsafe" explain "$id" >/dev/null
  echo "rule scaffold: compiles, registers and explains"
  exit 0
fi
if [ "${1:-}" = "--dialect" ]; then
  [ "${2:-}" = mysql ] || { echo "new-rule: --dialect takes mysql (the default covers both)" >&2; exit 2; }
  scaffold "${3:?usage: new-rule.sh [--dialect mysql] RULE-ID}" mysql
  exit 0
fi
scaffold "${1:?usage: new-rule.sh [--dialect mysql] RULE-ID | --check BUILD_DIR}"
