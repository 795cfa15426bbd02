// stored-program: CREATE TRIGGER / FUNCTION / PROCEDURE in a MySQL/MariaDB
// migration, which binary logging restricts and which outlives the release.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "stored-program",
    .summary = "A trigger, function or procedure in a migration needs privileges and a plan "
               "to remove it",
    .severity = Severity::Warning,
    .category = Category::Compatibility,
    .phases = PhaseSet::all(),
    .dialects = DialectSet::only(Dialect::MySQL),
    .rationale = R"(With binary logging on (the default since MySQL 8.0, and on every replicated
or point-in-time-recoverable server), CREATE TRIGGER and CREATE FUNCTION fail
with error 1419 ("You do not have the SUPER privilege and binary logging is
enabled") unless the migration user has SUPER (SET_USER_ID or
SYSTEM_VARIABLES_ADMIN on MySQL 8.0) or the server runs with
log_bin_trust_function_creators = 1: a migration that worked on a developer's
database fails in production. A stored procedure is shared by every release: old
and new code call the one definition the last migration created. A trigger
written for a rolling upgrade (the dual-write of a rename: copy the old column
into the new one) is needed only while old code runs, and must be dropped again
in the contract phase, or it keeps writing a column nobody reads and slows every
write. Make sure the privilege or setting is in place on every server the
migration runs on, and plan the DROP TRIGGER in the contract phase.)",
    .example = R"(CREATE TRIGGER users_email_copy BEFORE INSERT ON users
  FOR EACH ROW SET NEW.email_address = NEW.email;)",
    .safe = R"(-- expand
-- Write the new column from the application instead of a trigger.
ALTER TABLE users ADD COLUMN email_address varchar(255), ALGORITHM=INSTANT;
-- contract
DROP TRIGGER IF EXISTS users_email_copy;)",
};

constexpr std::string_view kBinlog =
    "with binary logging on, the server refuses it unless the migration user has SUPER "
    "(SET_USER_ID on MySQL 8.0) or log_bin_trust_function_creators = 1";

class StoredProgram final : public Rule, public On<model::CreateObject> {
public:
  StoredProgram() : Rule(kInfo) {}
  void on(const model::CreateObject& node, Context& ctx) const override {
    const std::string name = node.name.display();
    switch (node.kind) {
    case model::ObjectKind::Trigger:
      ctx.report(concat("trigger ", name, node.table.empty() ? "" : " on ",
                        node.table.empty() ? std::string() : node.table.display(), ": ", kBinlog,
                        "; and a trigger that serves the upgrade must be dropped in the contract "
                        "phase"),
                 concat("grant the privilege or set log_bin_trust_function_creators = 1 on every "
                        "server first, and add DROP TRIGGER ",
                        name, " to the release's contract phase"));
      return;
    case model::ObjectKind::Function:
      ctx.report(concat("function ", name, ": ", kBinlog,
                        ", and the function must be declared DETERMINISTIC, NO SQL or READS SQL "
                        "DATA"),
                 "grant the privilege or set log_bin_trust_function_creators = 1 on every "
                 "server first; old and new code share the one definition, so change its "
                 "behaviour under a new name");
      return;
    case model::ObjectKind::Procedure:
      ctx.report(concat("procedure ", name,
                        " is shared by old and new code while the upgrade rolls out: both call the "
                        "one definition the last migration created"),
                 concat("keep ", name,
                        " compatible with the old code, or create the new behaviour under a new "
                        "name and drop the old procedure in the contract phase"));
      return;
    default:
      return;
    }
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(StoredProgram)

} // namespace rollsafe
