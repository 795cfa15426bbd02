// concurrently-in-transaction: a CONCURRENTLY command inside a transaction block,
// which PostgreSQL refuses to run.
#include "engine/rule.h"
#include "rules/support/pg_locks.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "concurrently-in-transaction",
    .summary = "CREATE INDEX, DROP INDEX and REINDEX CONCURRENTLY cannot run inside a transaction",
    .severity = Severity::Error,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    // MySQL has no CONCURRENTLY, and DDL commits implicitly.
    .dialects = DialectSet::only(Dialect::Postgres),
    .rationale = R"(CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY
commit several transactions of their own, so PostgreSQL rejects them inside a
transaction block with "cannot run inside a transaction block". Within BEGIN ...
COMMIT, or under a migration tool that wraps each file in a transaction
(--assume-in-transaction), the migration fails at that statement and everything
before it in the transaction is rolled back; the release stalls in whatever
phase it was in. Dropping CONCURRENTLY to make it run is no fix: the plain forms
lock the table for the whole operation.)",
    .example = R"(BEGIN;
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
COMMIT;)",
    .safe = R"(-- expand
-- In a file that the migration tool runs without a transaction
-- (e.g. a "no transaction" / "disable_ddl_transaction" migration).
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);)",
};

constexpr std::string_view kWhere =
    " inside a transaction block (BEGIN ... COMMIT, or the migration tool's transaction "
    "around the file): PostgreSQL refuses it with \"cannot run inside a transaction block\" "
    "and the migration fails";
constexpr std::string_view kHelp =
    "run it outside any transaction: after COMMIT, or in its own migration file that the tool "
    "runs without a transaction; keep CONCURRENTLY";

class ConcurrentlyInTransaction final : public Rule,
                                        public On<model::CreateIndex>,
                                        public On<model::DropObject>,
                                        public On<model::Maintenance> {
public:
  ConcurrentlyInTransaction() : Rule(kInfo) {}

  void on(const model::CreateIndex& node, Context& ctx) const override {
    if (node.concurrently && ctx.in_transaction()) {
      ctx.report(concat("CREATE INDEX CONCURRENTLY ",
                        node.index.empty() ? std::string() : model::ident(node.index.name),
                        node.index.empty() ? "" : " ", "on ", node.table.display(), kWhere),
                 std::string(kHelp));
    }
  }

  void on(const model::DropObject& node, Context& ctx) const override {
    if (node.kind == model::ObjectKind::Index && node.concurrently && ctx.in_transaction()) {
      ctx.report(concat("DROP INDEX CONCURRENTLY ", node.name.display(), kWhere),
                 std::string(kHelp));
    }
  }

  void on(const model::Maintenance& node, Context& ctx) const override {
    if (node.kind == model::MaintenanceKind::Reindex && node.concurrently && ctx.in_transaction()) {
      std::string_view what = "DATABASE";
      if (node.target_kind == model::ObjectKind::Index) {
        what = "INDEX";
      } else if (node.target_kind == model::ObjectKind::Table) {
        what = "TABLE";
      } else if (node.target_kind == model::ObjectKind::Schema) {
        what = "SCHEMA";
      }
      ctx.report(concat("REINDEX ", what, " CONCURRENTLY ", node.target.display(), kWhere),
                 std::string(kHelp));
    }
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(ConcurrentlyInTransaction)

} // namespace rollsafe
