// create-index-blocking: CREATE INDEX without CONCURRENTLY on a table that serves traffic.
#include "engine/rule.h"
#include "rules/support/pg_locks.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "create-index-blocking",
    .summary = "CREATE INDEX without CONCURRENTLY blocks every write to the table while it builds",
    .severity = Severity::Error,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    // MySQL/MariaDB build InnoDB secondary indexes INPLACE with LOCK=NONE; online-ddl-unstated asks
    // to state it.
    .dialects = DialectSet::only(Dialect::Postgres),
    .rationale = R"(A plain CREATE INDEX takes a SHARE lock on the table for the whole build, which
reads every row and sorts them: minutes to hours on a large table. SHARE conflicts
with ROW EXCLUSIVE, so every INSERT, UPDATE and DELETE of the table, from old and
new application nodes alike, waits until the build ends, and requests pile up
behind it until connection pools run dry. Reads still run. This holds in every
phase: the lock hurts whoever writes the table, whatever release they run.
CREATE INDEX CONCURRENTLY takes only SHARE UPDATE EXCLUSIVE, which lets reads and
writes go on; it scans the table twice and waits for running transactions, and
it cannot run inside a transaction block. Indexes on tables created earlier in
the same release are fine: no traffic uses those tables yet.)",
    .example = R"(CREATE INDEX users_email_idx ON users (email);)",
    .safe = R"(-- expand
-- Outside a transaction block. If it fails it leaves an INVALID index behind:
-- DROP INDEX CONCURRENTLY users_email_idx; and run it again.
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);)",
};

std::string column_list(const model::CreateIndex& node) {
  if (node.columns.empty()) {
    return "";
  }
  std::string out = " (";
  append_joined(out, node.columns, ", ", model::ident);
  out += ')';
  return out;
}

class CreateIndexBlocking final : public Rule, public On<model::CreateIndex> {
public:
  CreateIndexBlocking() : Rule(kInfo) {}
  void on(const model::CreateIndex& node, Context& ctx) const override {
    if (node.concurrently || ctx.is_new_table(node.table)) {
      return; // created in this release: nothing writes to it yet
    }
    const std::string table = node.table.display();
    const std::string index = node.index.empty() ? std::string() : model::ident(node.index.name);
    const std::string_view after_index = node.index.empty() ? "" : " ";
    const std::string_view unique = node.unique ? "UNIQUE " : "";
    const std::string columns = column_list(node);
    ctx.report(concat("CREATE ", unique, "INDEX ", index, after_index, "on ", table, columns,
                      " takes a SHARE lock on ", table,
                      " for the whole build: every INSERT, UPDATE and DELETE on ", table,
                      " waits until the index is built"),
               concat("use CREATE ", unique, "INDEX CONCURRENTLY ", index, after_index, "ON ",
                      table, columns,
                      ", outside a transaction block (if it fails, drop the INVALID index with "
                      "DROP INDEX CONCURRENTLY and retry)"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(CreateIndexBlocking)

} // namespace rollsafe
