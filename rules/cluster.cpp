// cluster: CLUSTER rewrites tables that serve traffic under ACCESS EXCLUSIVE.
#include "engine/rule.h"
#include "rules/support/pg_locks.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "cluster",
    .summary = "CLUSTER rewrites the table in index order while holding an ACCESS EXCLUSIVE lock",
    .severity = Severity::Error,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    // MySQL has no CLUSTER.
    .dialects = DialectSet::only(Dialect::Postgres),
    .rationale = R"(CLUSTER copies the whole table in the order of an index into a new file and
rebuilds all its indexes while it holds an ACCESS EXCLUSIVE lock, so every read
and write of the table, from old and new application nodes alike, waits until the
copy is done: minutes to hours on a large table, in any phase. Without a table
name it reclusters every table that was clustered before. The order is not kept
for later writes either, so the lock buys a temporary benefit. pg_repack
--order-by rewrites the table in the wanted order online and takes the strong
lock only for a moment at the end. Tables created in the same release are fine.)",
    .example = R"(CLUSTER users USING users_created_at_idx;)",
    .safe = R"(-- contract
-- Reorder online, outside the migration:
--   pg_repack --table=users --order-by=created_at
-- and keep only the statistics current in the migration:
ANALYZE users;)",
};

class Cluster final : public Rule, public On<model::Maintenance> {
public:
  Cluster() : Rule(kInfo) {}
  void on(const model::Maintenance& node, Context& ctx) const override {
    if (node.kind != model::MaintenanceKind::Cluster) {
      return;
    }
    if (node.target.empty()) {
      ctx.report("CLUSTER without a table rewrites every previously clustered table of the "
                 "database, each under an ACCESS EXCLUSIVE lock: every read and write of each "
                 "table waits while it is copied",
                 "reorder tables online with pg_repack --order-by, outside the migration");
      return;
    }
    if (ctx.is_new_table(node.target)) {
      return;
    }
    const std::string table = node.target.display();
    ctx.report("CLUSTER " + table + " rewrites all of " + table +
                   " while holding an ACCESS EXCLUSIVE lock on it: every read and write of " +
                   table + " waits until the copy and its index rebuilds are done",
               "reorder " + table + " online with pg_repack --table=" + table +
                   " --order-by=<columns>, outside the migration, or leave it unclustered");
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(Cluster)

} // namespace rollsafe
