// lock-timeout-missing: an ACCESS EXCLUSIVE lock requested with no lock_timeout set,
// so the request can queue behind long queries and block all traffic meanwhile.
#include "engine/rule.h"
#include "rules/support/pg_locks.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "lock-timeout-missing",
    .summary = "A statement takes an ACCESS EXCLUSIVE lock before the file sets lock_timeout",
    .severity = Severity::Warning,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    .rationale = R"(Even an instant change such as ADD COLUMN without a default, DROP DEFAULT or
RENAME needs an ACCESS EXCLUSIVE lock, and PostgreSQL grants locks in order: the
ALTER waits for every running query on the table, such as a long report, a
backup or an idle-in-transaction session, and every query that arrives after it,
reads included, queues behind the waiting ALTER. Without lock_timeout the table
serves no one, neither old nor new application nodes, for as long as the oldest
query runs; in any phase. With SET lock_timeout the ALTER gives up after a short
wait, traffic resumes, and the migration can be retried. rollsafe reports the
first such statement of each file that comes before any SET lock_timeout.)",
    .example = R"(ALTER TABLE users ADD COLUMN nickname text;)",
    .safe = R"(-- expand
-- Give up quickly instead of queueing traffic; retry the migration on timeout.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN nickname text;)",
};

class LockTimeoutMissing final : public Rule, public On<model::Statement> {
public:
  LockTimeoutMissing() : Rule(kInfo) {}
  void on(const model::Statement& statement, Context& ctx) const override {
    bool& reported = ctx.file_state<bool>(); // once per file
    if (reported || ctx.lock_timeout_set()) {
      return;
    }
    for (const model::Item& item : statement.items) {
      const std::optional<TableLock> lock = pg_table_lock(item.node, ctx.catalog());
      if (!lock || lock->mode != LockMode::AccessExclusive ||
          is_new_relation(*lock, ctx.catalog())) {
        continue;
      }
      reported = true;
      const std::string target = lock->target();
      const std::string again = lock->on_index_table ? "that table" : target;
      ctx.report(lock->command + " takes an ACCESS EXCLUSIVE lock on " + target +
                     " and this file sets no lock_timeout before it: it queues behind "
                     "long-running queries and blocks all traffic to " +
                     again + " meanwhile",
                 "put SET lock_timeout = '2s'; at the top of the file, before the first "
                 "statement that takes a lock, and retry the migration when it times out");
      return;
    }
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(LockTimeoutMissing)

} // namespace rollsafe
