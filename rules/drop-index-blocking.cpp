// drop-index-blocking: DROP INDEX without CONCURRENTLY on a table that serves traffic.
#include "engine/rule.h"
#include "rules/support/pg_locks.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "drop-index-blocking",
    .summary = "DROP INDEX without CONCURRENTLY locks the whole table against reads and writes",
    .severity = Severity::Warning,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    // MySQL drops an index INPLACE (metadata only); its metadata lock wait is
    // lock-timeout-missing's.
    .dialects = DialectSet::only(Dialect::Postgres),
    .rationale = R"(A plain DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table. The drop
itself is quick, but the lock request has to wait for every running query on the
table to finish, and while it waits every new query of the table, reads
included, queues behind it: one long report or open transaction turns the drop
into an outage of the table for old and new application nodes alike, in any
phase. DROP INDEX CONCURRENTLY takes only SHARE UPDATE EXCLUSIVE and waits for
conflicting transactions without blocking others; it cannot run inside a
transaction block and drops one index at a time. Indexes of tables created in
the same release are fine.)",
    .example = R"(DROP INDEX users_email_idx;)",
    .safe = R"(-- contract
-- Outside a transaction block, one index per statement.
DROP INDEX CONCURRENTLY users_email_idx;)",
};

class DropIndexBlocking final : public Rule, public On<model::DropObject> {
public:
  DropIndexBlocking() : Rule(kInfo) {}
  void on(const model::DropObject& node, Context& ctx) const override {
    if (node.kind != model::ObjectKind::Index || node.concurrently) {
      return;
    }
    const std::optional<TableLock> lock = pg_table_lock(node, ctx.catalog());
    if (!lock || is_new_relation(*lock, ctx.catalog())) {
      return; // the index belongs to a table created in this release
    }
    const std::string index = node.name.display();
    // An index older than this release: its table is not known by name.
    const std::string table =
        lock->on_index_table ? concat("the table of ", index) : lock->target();
    const std::string_view again = lock->on_index_table ? std::string_view("that table") : table;
    ctx.report(concat("DROP INDEX ", index, " takes an ACCESS EXCLUSIVE lock on ", table,
                      ": the drop waits for every running query on it, and every read and write "
                      "of ",
                      again, " queues behind the drop meanwhile"),
               concat("use DROP INDEX CONCURRENTLY ", node.if_exists ? "IF EXISTS " : "", index,
                      "; outside a transaction block, one index per statement"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DropIndexBlocking)

} // namespace rollsafe
