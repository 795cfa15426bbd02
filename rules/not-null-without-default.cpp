// not-null-without-default: adding a NOT NULL column without a default to a table
// that already serves traffic.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "not-null-without-default",
    .summary = "A NOT NULL column without a default breaks the old code's INSERTs",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = PhaseSet::all(),
    .rationale = R"(The code of the previous release does not know the new column, so its
INSERTs do not name it. With NOT NULL and no DEFAULT every such INSERT fails with
"null value in column violates not-null constraint" from the moment the column
exists, on every node that still runs old code: in the expand phase that is all
of them. Before that, PostgreSQL itself refuses the ALTER TABLE when the table
has rows, because the existing rows would hold NULL; a migration that passed
on an empty development database then fails in production. In the migrate and
contract phases the table still has its rows and the ALTER still fails.
A PRIMARY KEY column is NOT NULL too. Adding the column nullable, or with a
DEFAULT that old rows and old code's inserts can take, avoids both failures;
NOT NULL can be added in the contract phase once the column is filled.
MySQL and MariaDB accept the ALTER TABLE (existing rows get the type's implicit
default: 0, '', the zero date), so it passes everywhere; but in strict mode, the
default, every INSERT of old code that leaves the column out fails with "Field
doesn't have a default value".)",
    .example = R"(ALTER TABLE users ADD COLUMN email text NOT NULL;)",
    .safe = R"(-- expand
ALTER TABLE users ADD COLUMN email text;
-- migrate
UPDATE users SET email = legacy_email WHERE id BETWEEN 1 AND 10000 AND email IS NULL;
-- contract
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;)",
    .mysql_example = R"(ALTER TABLE users ADD COLUMN email varchar(255) NOT NULL;)",
    .mysql_safe = R"(-- expand
ALTER TABLE users ADD COLUMN email varchar(255), ALGORITHM=INSTANT;
-- migrate
UPDATE users SET email = legacy_email WHERE id BETWEEN 1 AND 10000 AND email IS NULL;
-- contract
ALTER TABLE users MODIFY email varchar(255) NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;)",
};

class NotNullWithoutDefault final : public Rule, public On<model::AddColumn> {
public:
  NotNullWithoutDefault() : Rule(kInfo) {}
  void on(const model::AddColumn& node, Context& ctx) const override {
    const model::ColumnDef& column = node.column;
    if (!(column.not_null || column.primary_key) || column.has_default()) {
      return;
    }
    if (ctx.is_new_table(node.table)) {
      return; // created earlier in this release: no old code inserts into it
    }
    std::string target = node.table.display();
    append_all(target, ".", column.name);
    const std::string_view what = column.primary_key ? "PRIMARY KEY" : "NOT NULL";
    const bool mysql = ctx.dialect() == Dialect::MySQL;
    const std::string_view then =
        column.primary_key
            ? (mysql ? "add the primary key in the contract phase"
                     : "add the primary key in the contract phase (CREATE UNIQUE INDEX "
                       "CONCURRENTLY, then ADD PRIMARY KEY USING INDEX)")
            : (mysql ? "MODIFY it to NOT NULL in the contract phase"
                     : "SET NOT NULL in the contract phase");
    std::string help = concat(
        "add ", target,
        column.primary_key ? " without PRIMARY KEY (nullable, or with a DEFAULT old code's "
                             "inserts can take), backfill it in the migrate phase, then "
                           : " as a nullable column (or with a DEFAULT that old rows and old "
                             "code's inserts can take), backfill it in the migrate phase, then ",
        then);
    if (mysql) {
      ctx.report(concat("adding ", what, " column ", target,
                        " without a default: existing rows get an implicit value, but old code's "
                        "INSERTs that do not name ",
                        column.name, " fail in strict mode (\"Field '", column.name,
                        "' doesn't have a default value\")"),
                 std::move(help));
      return;
    }
    ctx.report(concat("adding ", what, " column ", target,
                      " without a default fails on a table with rows, and old code's INSERTs "
                      "that do not name ",
                      column.name, " fail"),
               std::move(help));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(NotNullWithoutDefault)

} // namespace rollsafe
