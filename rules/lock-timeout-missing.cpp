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
first such statement of each file that comes before any SET lock_timeout.
MySQL and MariaDB behave the same way with metadata locks: every ALTER TABLE,
CREATE/DROP INDEX, RENAME, TRUNCATE, DROP TABLE and CREATE TRIGGER needs an
exclusive metadata lock on the table, at least briefly (even an INSTANT change),
waits for every open transaction that touched the table, and every later query of
the table queues behind it. The setting there is lock_wait_timeout, whose default
is a year: SET SESSION lock_wait_timeout = 5 at the top of the file.)",
    .example = R"(ALTER TABLE users ADD COLUMN nickname text;)",
    .safe = R"(-- expand
-- Give up quickly instead of queueing traffic; retry the migration on timeout.
SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN nickname text;)",
    .mysql_example = R"(ALTER TABLE users ADD COLUMN nickname varchar(64), ALGORITHM=INSTANT;)",
    .mysql_safe = R"(-- expand
-- Give up after 5 seconds instead of queueing traffic; retry on timeout.
SET SESSION lock_wait_timeout = 5;
ALTER TABLE users ADD COLUMN nickname varchar(64), ALGORITHM=INSTANT;)",
};

class LockTimeoutMissing final : public Rule, public On<model::Statement> {
public:
  LockTimeoutMissing() : Rule(kInfo) {}
  void on(const model::Statement& statement, Context& ctx) const override {
    if (ctx.lock_timeout_set()) {
      return; // asked first: most statements of most files end here
    }
    bool& reported = ctx.file_state<bool>(); // once per file
    if (reported) {
      return;
    }
    const bool mysql = ctx.dialect() == Dialect::MySQL;
    for (const model::Item& item : statement.items) {
      std::optional<TableLock> lock = pg_table_lock(item.node, ctx.catalog());
      const auto* redefine = std::get_if<model::RedefineColumn>(&item.node);
      if (mysql && redefine != nullptr) {
        // MODIFY/CHANGE exist only in MySQL, so PostgreSQL's lock table has no entry.
        lock = TableLock{
            LockMode::AccessExclusive, redefine->table, model::ObjectKind::Table, false, {}};
      }
      if (mysql && lock) {
        // Every DDL statement needs an exclusive metadata lock, at least briefly.
        if (lock->mode < LockMode::ShareUpdateExclusive) {
          continue;
        }
        const auto* drop = std::get_if<model::DropObject>(&item.node);
        if (lock->on_index_table && drop != nullptr && !drop->table.empty()) {
          lock->table = drop->table; // DROP INDEX i ON t names its table
          lock->on_index_table = false;
        }
      } else if (!lock || lock->mode != LockMode::AccessExclusive) {
        continue;
      }
      if (is_new_relation(*lock, ctx.catalog())) {
        continue;
      }
      reported = true;
      // The command's text, built only now that it is reported.
      std::string command;
      if (mysql && redefine != nullptr) {
        command = "ALTER TABLE " + redefine->table.display();
      } else if (auto described = pg_table_lock(item.node, ctx.catalog(), Describe::Command)) {
        command = std::move(described->command);
      }
      const std::string target = lock->target();
      const std::string_view again =
          lock->on_index_table ? std::string_view("that table") : std::string_view(target);
      if (mysql) {
        ctx.report(concat(command, " needs an exclusive metadata lock on ", target,
                          " and this file sets no lock_wait_timeout before it: it queues behind "
                          "open transactions on ",
                          again, " and blocks all traffic to ", again,
                          " meanwhile (the default wait is a year)"),
                   "put SET SESSION lock_wait_timeout = 5; at the top of the file, before the "
                   "first statement that takes a lock, and retry the migration when it times out");
        return;
      }
      ctx.report(concat(command, " takes an ACCESS EXCLUSIVE lock on ", target,
                        " and this file sets no lock_timeout before it: it queues behind "
                        "long-running queries and blocks all traffic to ",
                        again, " meanwhile"),
                 "put SET lock_timeout = '2s'; at the top of the file, before the first "
                 "statement that takes a lock, and retry the migration when it times out");
      return;
    }
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(LockTimeoutMissing)

} // namespace rollsafe
