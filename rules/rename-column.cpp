// rename-column: renaming a column that old code still names.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "rename-column",
    .summary = "Renaming a column breaks every query that uses the old name",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = PhaseSet::all(),
    .rationale = R"(A rolling upgrade always has two releases of the code serving at once, and
each knows the column by one name only. The moment the column is renamed, every
SELECT, INSERT and UPDATE of the release that uses the old name fails with
"column does not exist" (ORMs that list all mapped columns fail on every query of
the table); renaming it later instead breaks the new code until the migration
runs. No phase is safe for a one-step rename. Add the column under its new name,
write to both, backfill it in batches, switch reads to it, and drop the old
column in the contract phase. A column added earlier in the same release is not
flagged.)",
    .example = R"(ALTER TABLE users RENAME COLUMN email TO email_address;)",
    .safe = R"(-- expand
-- Release N: add the new column and write to both (in the code or a trigger).
ALTER TABLE users ADD COLUMN email_address text DEFAULT '';
-- migrate
-- Backfill in batches; release N+1 then reads email_address.
UPDATE users SET email_address = email WHERE id BETWEEN 1 AND 10000;
-- contract
-- Release N+2, once nothing reads or writes users.email any more:
ALTER TABLE users DROP COLUMN email;)",
};

class RenameColumn final : public Rule, public On<model::RenameColumn> {
public:
  RenameColumn() : Rule(kInfo) {}
  void on(const model::RenameColumn& node, Context& ctx) const override {
    if (ctx.is_new_column(node.table, node.column)) {
      return; // added earlier in this release: no old code knows it
    }
    const std::string table = node.table.display();
    ctx.report("renaming column " + table + "." + node.column + " to " + node.new_name +
                   " breaks every query that still uses " + node.column +
                   " while old and new code both serve",
               "add " + table + "." + node.new_name + ", write to both, backfill in batches, " +
                   "switch reads, then drop " + node.column + " in the contract phase");
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(RenameColumn)

} // namespace rollsafe
