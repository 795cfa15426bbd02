// dml-in-expand: data changes in an expand-phase file.
#include "engine/rule.h"
#include "rules/support/bookkeeping.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "dml-in-expand",
    .summary = "INSERT, UPDATE, DELETE, MERGE or COPY in an expand file belongs in migrate",
    .severity = Severity::Warning,
    .category = Category::Phase,
    .phases = phases(Phase::Expand),
    .rationale = R"(The expand phase runs before the new code is deployed and should only add
schema that old code ignores. A data change there runs while every node still
runs the previous release: the old code keeps writing rows the UPDATE has
already passed, so a backfill is incomplete the moment it ends, and a large
UPDATE or DELETE holds row locks that old code's writes wait on, inside the
same transaction as the DDL and its ACCESS EXCLUSIVE locks. Data changes belong
in the migrate phase, which runs once the new code writes both shapes, in
batches and outside the DDL's transaction. Seeding a table created earlier in
the same release is fine, and so is a migration tool's own bookkeeping.)",
    .example = R"(UPDATE users SET locale = 'en' WHERE locale IS NULL;)",
    .safe = R"(-- expand
ALTER TABLE users ADD COLUMN locale text;
-- migrate
UPDATE users SET locale = 'en' WHERE locale IS NULL AND id BETWEEN 1 AND 10000;)",
};

class DmlInExpand final : public Rule, public On<model::Dml> {
public:
  DmlInExpand() : Rule(kInfo) {}
  void on(const model::Dml& node, Context& ctx) const override {
    if (node.table.empty() || ctx.is_new_table(node.table) ||
        is_migration_bookkeeping(node.table)) {
      return;
    }
    const std::string_view kind = model::to_string(node.kind);
    const std::string table = node.table.display();
    ctx.report(concat(kind, " on ", table,
                      " in an expand file: data changes run while old code still writes the table"),
               concat("move the ", kind, " on ", table,
                      " to a migrate-phase file that runs after the new code is deployed, in "
                      "batches"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DmlInExpand)

} // namespace rollsafe
