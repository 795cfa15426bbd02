// truncate-table: emptying a table that old code still serves from.
#include "engine/rule.h"

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "truncate-table",
    .summary = "Truncating a table deletes the data old code still serves",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand, Phase::Migrate),
    .rationale = R"(While a rolling upgrade runs, nodes with the previous release keep serving
from the tables they know. TRUNCATE removes every row at once: the old code's
users, sessions or orders disappear while it still serves them, and nothing can
be recovered without a restore. It also takes an ACCESS EXCLUSIVE lock that
queues every read and write of the table. In the expand and migrate phases old
code is still serving, so emptying a table belongs in the contract phase, once
nothing reads it, or should be replaced by a batched DELETE of exactly the rows
that must go. A table created earlier in the same release is not flagged.)",
    .example = R"(TRUNCATE TABLE sessions;)",
    .safe = R"(-- expand
-- Release N: ship code that no longer reads the rows to be removed.
SELECT 1;
-- contract
-- Release N+1, once no node of release N-1 reads sessions any more:
TRUNCATE TABLE sessions;)",
};

class TruncateTable final : public Rule, public On<model::Truncate> {
public:
  TruncateTable() : Rule(kInfo) {}
  void on(const model::Truncate& node, Context& ctx) const override {
    if (ctx.is_new_table(node.table)) {
      return; // created earlier in this release: no old code reads it
    }
    const std::string table = node.table.display();
    ctx.report(concat("truncating table ", table,
                      " deletes every row while old code still serves from it"),
               concat("delete only the rows that must go in batches (DELETE ... WHERE id BETWEEN "
                      "...), or truncate ",
                      table, " in the contract phase once nothing reads it"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(TruncateTable)

} // namespace rollsafe
