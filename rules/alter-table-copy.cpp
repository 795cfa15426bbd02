// alter-table-copy: a MySQL/MariaDB ALTER TABLE that copies a table serving
// traffic (or rebuilds it with writes blocked) instead of running INSTANT or
// INPLACE with LOCK=NONE.
#include "engine/rule.h"
#include "rules/support/mysql_online_ddl.h"

#include <algorithm>
#include <string>
#include <vector>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "alter-table-copy",
    .summary = "ALTER TABLE copies or rebuilds a table while its writes are blocked",
    .severity = Severity::Error,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    .dialects = DialectSet::only(Dialect::MySQL),
    .rationale = R"(InnoDB runs most ALTER TABLE actions online: INSTANT (metadata only) or
INPLACE with LOCK=NONE, while reads and writes go on. Some actions cannot: a
column type change, dropping the primary key without adding another, CONVERT TO
CHARACTER SET, moving to another engine, adding a STORED generated column, a
CHECK constraint, or a foreign key while foreign_key_checks is on all use
ALGORITHM=COPY, and ALGORITHM=COPY forces it for anything. A copy fills a new
table row by row while holding at least a SHARED lock: reads go on, but every
INSERT, UPDATE and DELETE of the table, from old and new application nodes
alike, waits until the copy ends, minutes to hours on a large table, in any
phase. LOCK=SHARED or LOCK=EXCLUSIVE on an in-place rebuild blocks writes (or
everything) just the same, and so does adding an AUTO_INCREMENT column. Which
actions run INSTANT depends on the server: --mysql-version (8.0 means any 8.0
release, so only what 8.0.0 does) and --dialect mariadb. Tables created in the
same release are fine. Move the data in an expand/contract sequence instead, or
use an online schema change tool (gh-ost, pt-online-schema-change).)",
    .example = R"(ALTER TABLE orders CONVERT TO CHARACTER SET utf8mb4;)",
    .safe = R"(-- expand
-- Release N: a table with the new character set; write to both.
CREATE TABLE orders_v2 (id bigint PRIMARY KEY, note varchar(200)) DEFAULT CHARACTER SET utf8mb4;
-- migrate
-- Backfill in batches; release N+1 then reads orders_v2.
INSERT INTO orders_v2 (id, note) SELECT id, note FROM orders WHERE id BETWEEN 1 AND 10000;
-- contract
-- Release N+2, once nothing reads or writes orders any more:
DROP TABLE orders;)",
};

constexpr std::string_view kMoveData =
    "move the data instead (expand: a new column or table, written by both releases; "
    "migrate: backfill in batches; contract: drop the old one), or run it with an online "
    "schema change tool such as gh-ost or pt-online-schema-change";

// Appends "reads and writes of <table> block for the whole <how>" (only writes
// under a SHARED lock).
void append_effect(std::string& out, DdlLock lock, std::string_view table, std::string_view how) {
  append_all(out, lock == DdlLock::Exclusive ? "reads and writes of " : "writes to ", table,
             " block for the whole ", how);
}

DdlLock stated_lock(const std::string& lock) {
  if (lock == "EXCLUSIVE") {
    return DdlLock::Exclusive;
  }
  return lock == "SHARED" ? DdlLock::Shared : DdlLock::None;
}

class AlterTableCopy final : public Rule, public On<model::Statement> {
public:
  AlterTableCopy() : Rule(kInfo) {}
  void on(const model::Statement& statement, Context& ctx) const override {
    const std::vector<OnlineDdl>& actions = online_ddl_on_existing_tables(ctx);
    if (actions.empty()) {
      return;
    }
    const auto worst = std::max_element(
        actions.begin(), actions.end(), [](const OnlineDdl& a, const OnlineDdl& b) {
          const auto rank = [](const OnlineDdl& x) {
            return x.algorithm == DdlAlgorithm::Unknown ? 0 : static_cast<int>(x.algorithm) + 1;
          };
          return rank(a) < rank(b);
        });
    // The texts are built only in the branches that report.
    const DdlLock lock = std::max(stated_lock(statement.lock), DdlLock::Shared);
    const std::string_view note_open = worst->note.empty() ? "" : " (";
    const std::string_view note_close = worst->note.empty() ? "" : ")";

    if (statement.algorithm == "COPY") {
      const bool needed =
          worst->algorithm == DdlAlgorithm::Copy || worst->algorithm == DdlAlgorithm::Unknown;
      const std::string table = worst->table.display();
      std::string message =
          concat("ALGORITHM=COPY copies ", table, " while holding a ", to_string(lock), " lock: ");
      append_effect(message, lock, table, "copy");
      ctx.report(std::move(message),
                 needed ? std::string(kMoveData)
                        : concat("remove ALGORITHM=COPY: ", worst->what, " runs ",
                                 to_string(worst->algorithm), " on ", ctx.server_name(),
                                 "; state ALGORITHM=", to_string(worst->algorithm),
                                 worst->algorithm == DdlAlgorithm::Inplace ? ", LOCK=NONE" : "",
                                 " instead"),
                 statement.algorithm_span.empty() ? std::nullopt
                                                  : std::optional(statement.algorithm_span));
      return;
    }
    if (worst->algorithm == DdlAlgorithm::Copy) {
      const bool refused = statement.algorithm == "INPLACE" || statement.algorithm == "INSTANT" ||
                           statement.algorithm == "NOCOPY";
      if (refused) {
        ctx.report(concat(worst->what, " needs ALGORITHM=COPY on ", ctx.server_name(),
                          ": the server refuses this ALTER TABLE with ALGORITHM=",
                          statement.algorithm, note_open, worst->note, note_close),
                   std::string(kMoveData), worst->item->span);
        return;
      }
      const std::string table = worst->table.display();
      std::string message =
          concat(worst->what, " copies ", table, " while holding a ", to_string(lock), " lock: ");
      append_effect(message, lock, table, "copy");
      append_all(message, note_open, worst->note, note_close);
      ctx.report(std::move(message), std::string(kMoveData), worst->item->span);
      return;
    }
    const auto blocking = std::find_if(actions.begin(), actions.end(), [](const OnlineDdl& a) {
      return a.algorithm == DdlAlgorithm::Inplace && a.lock != DdlLock::None;
    });
    if (blocking != actions.end()) {
      const std::string table = blocking->table.display();
      std::string message =
          concat(blocking->what, " rebuilds ", table, " while holding a SHARED lock: ");
      append_effect(message, DdlLock::Shared, table, "rebuild");
      ctx.report(std::move(message), std::string(kMoveData), blocking->item->span);
      return;
    }
    const DdlLock asked = stated_lock(statement.lock);
    const bool slow = std::any_of(actions.begin(), actions.end(), [](const OnlineDdl& a) {
      return a.algorithm == DdlAlgorithm::Inplace || a.algorithm == DdlAlgorithm::Unknown;
    });
    if (asked != DdlLock::None && slow && statement.algorithm != "INSTANT") {
      const std::string table = worst->table.display();
      std::string message = concat("LOCK=", statement.lock, " on ", table, ": ");
      append_effect(message, asked, table, "ALTER TABLE");
      append_all(message, ", although ", worst->what, " allows LOCK=NONE");
      ctx.report(std::move(message),
                 "state LOCK=NONE: reads and writes go on while InnoDB works in place",
                 statement.lock_span.empty() ? std::nullopt : std::optional(statement.lock_span));
    }
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(AlterTableCopy)

} // namespace rollsafe
