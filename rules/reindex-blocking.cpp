// reindex-blocking: REINDEX without CONCURRENTLY on indexes of tables that serve traffic.
#include "engine/rule.h"
#include "rules/support/pg_locks.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "reindex-blocking",
    .summary =
        "REINDEX without CONCURRENTLY blocks writes to the table and reads through the index",
    .severity = Severity::Error,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    // MySQL has no REINDEX.
    .dialects = DialectSet::only(Dialect::Postgres),
    .rationale = R"(A plain REINDEX takes a SHARE lock on the table, so every INSERT, UPDATE and
DELETE waits, and an ACCESS EXCLUSIVE lock on each index it rebuilds, so every
query whose planning touches that index waits too; in practice that is most
queries of the table. The rebuild reads the whole table: minutes on a large one,
for old and new application nodes alike, in any phase. REINDEX SCHEMA and
REINDEX DATABASE do this table after table. Since PostgreSQL 12, REINDEX ...
CONCURRENTLY builds a new index alongside the old one under SHARE UPDATE
EXCLUSIVE and swaps them; before 12, CREATE INDEX CONCURRENTLY a copy, DROP INDEX
CONCURRENTLY the old one and rename the copy. Indexes of tables created in the
same release are fine.)",
    .example = R"(REINDEX INDEX users_email_idx;)",
    .safe = R"(-- contract
-- PostgreSQL 12+, outside a transaction block:
REINDEX INDEX CONCURRENTLY users_email_idx;)",
};

std::string_view target_word(model::ObjectKind kind) {
  switch (kind) {
  case model::ObjectKind::Index:
    return "INDEX";
  case model::ObjectKind::Table:
    return "TABLE";
  case model::ObjectKind::Schema:
    return "SCHEMA";
  default:
    return "DATABASE";
  }
}

class ReindexBlocking final : public Rule, public On<model::Maintenance> {
public:
  ReindexBlocking() : Rule(kInfo) {}
  void on(const model::Maintenance& node, Context& ctx) const override {
    if (node.kind != model::MaintenanceKind::Reindex || node.concurrently) {
      return;
    }
    const std::optional<TableLock> lock = pg_table_lock(node, ctx.catalog());
    if (lock && is_new_relation(*lock, ctx.catalog())) {
      return; // the table was created in this release
    }
    const std::string word(target_word(node.target_kind));
    const std::string name = node.target.display();
    const std::string command = "REINDEX " + word + (name.empty() ? "" : " " + name);
    std::string message;
    if (node.target_kind == model::ObjectKind::Index) {
      const std::string table = lock ? lock->target() : "its table";
      message = command + " takes a SHARE lock on " + table +
                " (every INSERT, UPDATE and DELETE waits) and an ACCESS EXCLUSIVE lock on " + name +
                " (queries that would use it wait) until the rebuild is done";
    } else if (node.target_kind == model::ObjectKind::Table) {
      message = command + " takes a SHARE lock on " + name +
                " (every INSERT, UPDATE and DELETE waits) and an ACCESS EXCLUSIVE lock on each of "
                "its indexes (queries that would use them wait) until all are rebuilt";
    } else {
      message = command + " rebuilds every index of every table in it, each under a SHARE lock " +
                "on its table and an ACCESS EXCLUSIVE lock on the index: writes and most " +
                "queries wait table after table";
    }
    std::string help;
    if (ctx.pg_version() >= 12) {
      help = "use REINDEX " + word + " CONCURRENTLY" + (name.empty() ? "" : " " + name) +
             ", outside a transaction block";
    } else if (node.target_kind == model::ObjectKind::Index) {
      help = "PostgreSQL " + std::to_string(ctx.pg_version()) +
             " has no REINDEX CONCURRENTLY: CREATE INDEX CONCURRENTLY a copy of " + name +
             ", DROP INDEX CONCURRENTLY " + name + ", then ALTER INDEX ... RENAME TO " +
             model::ident(node.target.name);
    } else {
      help = "PostgreSQL " + std::to_string(ctx.pg_version()) +
             " has no REINDEX CONCURRENTLY: for each index, CREATE INDEX CONCURRENTLY a copy, "
             "DROP INDEX CONCURRENTLY the old one and rename the copy";
    }
    ctx.report(message, help);
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(ReindexBlocking)

} // namespace rollsafe
