// vacuum-full: VACUUM FULL rewrites tables that serve traffic under ACCESS EXCLUSIVE.
#include "engine/rule.h"
#include "rules/support/pg_locks.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "vacuum-full",
    .summary = "VACUUM FULL rewrites the table while holding an ACCESS EXCLUSIVE lock",
    .severity = Severity::Error,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    // MySQL has no VACUUM; ALTER TABLE ... FORCE is online-ddl-unstated's.
    .dialects = DialectSet::only(Dialect::Postgres),
    .rationale = R"(VACUUM FULL copies the whole table into a new file and rebuilds all its indexes
while it holds an ACCESS EXCLUSIVE lock, so every read and write of the table,
from old and new application nodes alike, waits until the copy is done: minutes
to hours on a large table, in any phase. Without a table name it does this to
every table of the database, one after another. It also needs room for a second
copy of the table. Plain VACUUM takes only SHARE UPDATE EXCLUSIVE and runs
alongside traffic; to give space back to the operating system, pg_repack (or
pg_squeeze) rewrites the table online and takes the strong lock only for a
moment at the end. Tables created in the same release are fine.)",
    .example = R"(VACUUM FULL users;)",
    .safe = R"(-- contract
-- Reclaims dead rows for reuse while reads and writes go on.
VACUUM (ANALYZE) users;
-- To shrink the file, run pg_repack outside the migration:
--   pg_repack --table=users)",
};

class VacuumFull final : public Rule, public On<model::Maintenance> {
public:
  VacuumFull() : Rule(kInfo) {}
  void on(const model::Maintenance& node, Context& ctx) const override {
    if (node.kind != model::MaintenanceKind::VacuumFull) {
      return;
    }
    if (node.target.empty()) {
      ctx.report("VACUUM FULL without a table rewrites every table of the database, each under "
                 "an ACCESS EXCLUSIVE lock: every read and write of each table waits while it "
                 "is copied",
                 "run plain VACUUM, or pg_repack on the tables that need shrinking, outside the "
                 "migration");
      return;
    }
    if (ctx.is_new_table(node.target)) {
      return;
    }
    const std::string table = node.target.display();
    ctx.report("VACUUM FULL " + table + " rewrites all of " + table +
                   " while holding an ACCESS EXCLUSIVE lock on it: every read and write of " +
                   table + " waits until the copy and its index rebuilds are done",
               "run plain VACUUM " + table +
                   " (SHARE UPDATE EXCLUSIVE, traffic goes on), or pg_repack --table=" + table +
                   " to shrink it online");
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(VacuumFull)

} // namespace rollsafe
