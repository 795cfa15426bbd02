// unbatched-dml: an UPDATE or DELETE without WHERE that rewrites a whole table in
// one transaction.
#include "engine/rule.h"
#include "rules/support/bookkeeping.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "unbatched-dml",
    .summary = "An UPDATE or DELETE of every row locks the whole table in one transaction",
    .severity = Severity::Warning,
    .category = Category::Locking,
    .phases = phases(Phase::Migrate, Phase::Contract),
    .rationale = R"(An UPDATE or DELETE without WHERE touches every row of the table in one
transaction. Each row it passes stays locked until it commits, so every write
of the serving code (old and new alike, during the migrate and contract phases)
to any of those rows waits behind it; on a large table that is minutes of
stalled requests and timeouts. It also writes a new version of every row at
once: WAL volume spikes, replicas fall behind, and the table bloats until
vacuum catches up. Batching the change by key ranges keeps each transaction
short and each lock brief. A table created in the same release serves no
traffic yet, and a migration tool's bookkeeping table is small.)",
    .example = R"(UPDATE users SET locale = 'en';)",
    .safe = R"(-- migrate
-- Repeat for each key range, committing after each batch:
UPDATE users SET locale = 'en' WHERE id >= 1 AND id < 10001 AND locale IS NULL;)",
};

class UnbatchedDml final : public Rule, public On<model::Dml> {
public:
  UnbatchedDml() : Rule(kInfo) {}
  void on(const model::Dml& node, Context& ctx) const override {
    if ((node.kind != model::DmlKind::Update && node.kind != model::DmlKind::Delete) ||
        node.has_where) {
      return;
    }
    if (node.table.empty() || ctx.is_new_table(node.table) ||
        is_migration_bookkeeping(node.table)) {
      return;
    }
    const std::string_view kind = model::to_string(node.kind);
    const std::string table = node.table.display();
    ctx.report(concat(kind, " of every row of ", table,
                      " in one transaction locks each row until it commits and blocks the "
                      "serving code's writes to ",
                      table),
               concat("batch the ", kind,
                      " by key ranges (WHERE id >= N AND id < N + 10000), "
                      "committing after each batch"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(UnbatchedDml)

} // namespace rollsafe
