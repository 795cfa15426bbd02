// drop-table: dropping a table that old code still reads or writes.
#include "engine/rule.h"

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "drop-table",
    .summary = "Dropping a table breaks the old code that still reads or writes it",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
    .rationale = R"(While a rolling upgrade runs, nodes with the previous release keep serving
against the migrated database. Every query they send that names a dropped table
fails with "relation does not exist": reads, writes, and the joins of other
queries that merely touch it. In the expand phase the old code is still serving,
so a table may only be dropped in the contract phase, after every node runs code
that no longer uses it. Until then the table simply stays unused. A table
created earlier in the same release is not flagged: no old code knows it.)",
    .example = R"(DROP TABLE legacy_sessions;)",
    .safe = R"(-- expand
-- Release N: ship code that no longer reads or writes legacy_sessions.
-- (Nothing to run: leaving the table unused needs no DDL.)
SELECT 1;
-- contract
-- Release N+1, once no node runs release N-1 any more:
DROP TABLE legacy_sessions;)",
};

class DropTable final : public Rule, public On<model::DropObject> {
public:
  DropTable() : Rule(kInfo) {}
  void on(const model::DropObject& node, Context& ctx) const override {
    if (node.kind != model::ObjectKind::Table || ctx.is_new_table(node.name)) {
      return; // created earlier in this release: no old code knows it
    }
    const std::string table = node.name.display();
    ctx.report(
        concat("dropping table ", table,
               " breaks old code that still reads or writes it while the upgrade rolls out"),
        concat("stop using ", table, " in the code first; drop the table in the contract phase"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DropTable)

} // namespace rollsafe
