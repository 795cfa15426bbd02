// drop-column: dropping a column that old code still reads or writes.
#include "engine/rule.h"

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "drop-column",
    .summary = "Dropping a column breaks the old code that still reads or writes it",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
    .rationale = R"(While a rolling upgrade runs, nodes with the previous release keep serving
against the migrated database. Their queries still name every column they knew:
a SELECT, INSERT or UPDATE that mentions a dropped column fails with "column does
not exist", and ORMs that list all mapped columns fail on every query of the
table. In the expand phase the old code is still serving, so a column may only
be dropped in the contract phase, after every node runs code that no longer
uses it. The column is simply ignored until then.)",
    .example = R"(ALTER TABLE users DROP COLUMN legacy_flags;)",
    .safe = R"(-- expand
-- Release N: ship code that no longer reads or writes users.legacy_flags.
-- (Nothing to run: ignoring the column needs no DDL.)
SELECT 1;
-- contract
-- Release N+1, once no node runs release N-1 any more:
ALTER TABLE users DROP COLUMN legacy_flags;)",
};

class DropColumn final : public Rule, public On<model::DropColumn> {
public:
  DropColumn() : Rule(kInfo) {}
  void on(const model::DropColumn& node, Context& ctx) const override {
    if (ctx.is_new_column(node.table, node.column)) {
      return; // added earlier in this release: no old code knows it
    }
    const std::string name = model::ident(node.column);
    ctx.report(
        concat("dropping column ", node.table.display(), ".", name,
               " breaks old code that still reads or writes it while the upgrade rolls out"),
        concat("stop using ", name, " in the code first; drop the column in the contract phase"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DropColumn)

} // namespace rollsafe
