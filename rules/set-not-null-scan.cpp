// set-not-null-scan: SET NOT NULL on a table serving traffic scans it under ACCESS EXCLUSIVE.
#include "engine/rule.h"
#include "rules/support/pg_locks.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "set-not-null-scan",
    .summary = "SET NOT NULL scans the whole table while holding an ACCESS EXCLUSIVE lock",
    .severity = Severity::Error,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    // MySQL makes a column NOT NULL by MODIFY, INPLACE with LOCK=NONE (online-ddl-unstated).
    .dialects = DialectSet::only(Dialect::Postgres),
    .rationale = R"(ALTER TABLE ... ALTER COLUMN ... SET NOT NULL takes an ACCESS EXCLUSIVE lock and
then reads every row to prove the column holds no NULL. On a large table every
read and write, from old and new application nodes alike, waits for that scan,
in any phase. Since PostgreSQL 12 the scan is skipped when a valid CHECK
(column IS NOT NULL) constraint already proves it. Such a constraint can be
added NOT VALID (instant) and validated with VALIDATE CONSTRAINT, which scans
under SHARE UPDATE EXCLUSIVE and lets reads and writes go on; after SET NOT NULL
the helper constraint can be dropped. Before PostgreSQL 12 SET NOT NULL always
scans. Tables created in the same release are fine.)",
    .example = R"(ALTER TABLE users ALTER COLUMN email SET NOT NULL;)",
    .safe = R"(-- contract
-- Instant: only new and changed rows are checked.
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
-- Scans old rows under SHARE UPDATE EXCLUSIVE: reads and writes go on.
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
-- PostgreSQL 12+: the valid CHECK proves it, so there is no scan.
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null;)",
};

// Room for the message with long names, and the note before PostgreSQL 12.
constexpr size_t kTextReserve = 320;

class SetNotNullScan final : public Rule, public On<model::SetNotNull> {
public:
  SetNotNullScan() : Rule(kInfo) {}
  void on(const model::SetNotNull& node, Context& ctx) const override {
    if (ctx.is_new_table(node.table)) {
      return;
    }
    const bool proven = ctx.catalog().has_validated_not_null_check(node.table, node.column);
    if (ctx.pg_version() >= 12 && proven) {
      return; // the validated CHECK (col IS NOT NULL) lets PostgreSQL skip the scan
    }
    const std::string table = node.table.display();
    const std::string name = model::ident(node.column);
    std::string check_name = node.table.name;
    append_all(check_name, "_", node.column, "_not_null");
    const std::string check = model::ident(check_name);
    std::string message;
    message.reserve(kTextReserve);
    append_all(message, "SET NOT NULL on ", table, ".", name, " scans all of ", table,
               " for NULLs while holding an ACCESS EXCLUSIVE lock on it: every read and write of ",
               table, " waits until the scan is done");
    if (ctx.pg_version() < 12) {
      message += " (before PostgreSQL 12 the scan happens even with a valid CHECK)";
      ctx.report(std::move(message),
                 concat("on PostgreSQL ", std::to_string(ctx.pg_version()), " keep a CHECK (", name,
                        " IS NOT NULL) constraint instead: ADD CONSTRAINT ", check, " CHECK (",
                        name, " IS NOT NULL) NOT VALID, then VALIDATE CONSTRAINT ", check,
                        "; or run SET NOT NULL in a maintenance window"));
      return;
    }
    ctx.report(std::move(message),
               concat("ALTER TABLE ", table, " ADD CONSTRAINT ", check, " CHECK (", name,
                      " IS NOT NULL) NOT VALID; ALTER TABLE ", table, " VALIDATE CONSTRAINT ",
                      check, "; then SET NOT NULL (no scan) and DROP CONSTRAINT ", check));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(SetNotNullScan)

} // namespace rollsafe
