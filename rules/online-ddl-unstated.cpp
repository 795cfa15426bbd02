// online-ddl-unstated: a MySQL/MariaDB ALTER TABLE that can run INSTANT or
// INPLACE without blocking writes, but does not say ALGORITHM= / LOCK=, so the
// server silently copies the table whenever it cannot.
#include "engine/rule.h"
#include "rules/support/mysql_online_ddl.h"

#include <algorithm>
#include <string>
#include <vector>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "online-ddl-unstated",
    .summary = "ALTER TABLE can run online but does not state ALGORITHM= and LOCK=",
    .severity = Severity::Warning,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    .dialects = DialectSet::only(Dialect::MySQL),
    .rationale = R"(Without ALGORITHM= and LOCK= clauses MySQL and MariaDB pick the cheapest way
they can at run time, and fall back without a word: an ADD COLUMN that is
INSTANT on the developer's database becomes a table rebuild or copy in
production when the table has a FULLTEXT index, an old row format, too many
instant changes behind it, or runs on an older server, and a copy blocks every
write of the table from old and new application nodes alike for the whole copy,
in any phase. Stating ALGORITHM=INSTANT, or ALGORITHM=INPLACE with LOCK=NONE,
turns that silent fallback into an error: the migration fails fast and can be
planned, instead of taking the table offline. rollsafe says which form the
action allows on the target server (--mysql-version; 8.0 means any 8.0 release,
so only what 8.0.0 does; --dialect mariadb). For MODIFY/CHANGE of a column whose
old definition it has not seen it cannot tell whether the type changes, and asks
for ALGORITHM=INPLACE so the server refuses a copy. Tables created in the same
release are not reported.)",
    .example = R"(ALTER TABLE users ADD COLUMN nickname varchar(64);)",
    .safe = R"(-- expand
-- The server refuses (error 1846) instead of silently copying the table.
ALTER TABLE users ADD COLUMN nickname varchar(64), ALGORITHM=INPLACE, LOCK=NONE;)",
};

class OnlineDdlUnstated final : public Rule, public On<model::Statement> {
public:
  OnlineDdlUnstated() : Rule(kInfo) {}
  void on(const model::Statement& statement, Context& ctx) const override {
    // Classified before the early return: the classification follows SET
    // foreign_key_checks through the file.
    const std::vector<OnlineDdl>& actions = online_ddl_on_existing_tables(ctx);
    if (!statement.algorithm.empty() || !statement.lock.empty()) {
      return; // stated: the server refuses what it cannot do that way
    }
    if (actions.empty()) {
      return;
    }
    const auto any = [&](auto pred) { return std::any_of(actions.begin(), actions.end(), pred); };
    if (any([](const OnlineDdl& a) {
          return a.algorithm == DdlAlgorithm::Copy || a.lock != DdlLock::None;
        })) {
      return; // a copy or a write-blocking rebuild: alter-table-copy's finding
    }
    const auto unknown = std::find_if(actions.begin(), actions.end(), [](const OnlineDdl& a) {
      return a.algorithm == DdlAlgorithm::Unknown;
    });
    if (unknown != actions.end()) {
      ctx.report(concat(unknown->what, " states no ALGORITHM=: ", unknown->note,
                        "; if it needs a copy, the server copies ", unknown->table.display(),
                        " and blocks its writes for the whole copy without a word"),
                 "add ALGORITHM=INPLACE, LOCK=NONE to the ALTER TABLE: the server then refuses a "
                 "copy instead of running one",
                 unknown->item->span);
      return;
    }
    const bool instant =
        !any([](const OnlineDdl& a) { return a.algorithm != DdlAlgorithm::Instant; });
    const OnlineDdl& first = actions.front();
    const auto rebuild =
        std::find_if(actions.begin(), actions.end(), [](const OnlineDdl& a) { return a.rebuild; });
    std::string message =
        concat(first.what, actions.size() > 1 ? " (and the statement's other actions)" : "", " ");
    if (rebuild != actions.end()) {
      append_all(message, "rebuilds ", rebuild->table.display(),
                 " INPLACE without blocking writes");
    } else {
      message += instant ? "runs INSTANT" : "runs INPLACE without blocking writes";
    }
    const std::string& note = (rebuild != actions.end() ? *rebuild : first).note;
    append_all(message, " on ", ctx.server_name(), note.empty() ? "" : " (", note,
               note.empty() ? "" : ")",
               ", but the statement does not say so: where that is not possible the server "
               "silently copies ",
               first.table.display(), " and blocks its writes instead");
    ctx.report(std::move(message),
               instant ? std::string("add ALGORITHM=INSTANT to the statement: the server then "
                                     "refuses instead of silently copying the table")
                       : std::string("add ALGORITHM=INPLACE, LOCK=NONE to the statement: the "
                                     "server then refuses instead of silently copying the table"),
               (rebuild != actions.end() ? rebuild->item : first.item)->span);
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(OnlineDdlUnstated)

} // namespace rollsafe
