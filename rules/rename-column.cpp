// rename-column: renaming a column that old code still names.
#include "engine/rule.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "rename-column",
    .summary = "Renaming a column breaks every query that uses the old name",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = PhaseSet::all(),
    .rationale = R"(A rolling upgrade always has two releases of the code serving at once, and
each knows the column by one name only. The moment the column is renamed, every
SELECT, INSERT and UPDATE of the release that uses the old name fails with
"column does not exist" (ORMs that list all mapped columns fail on every query of
the table); renaming it later instead breaks the new code until the migration
runs. No phase is safe for a one-step rename. Add the column under its new name,
write to both, backfill it in batches, switch reads to it, and drop the old
column in the contract phase. A column added earlier in the same release is not
flagged.)",
    .example = R"(ALTER TABLE users RENAME COLUMN email TO email_address;)",
    .safe = R"(-- expand
-- Release N: add the new column and write to both (in the code or a trigger).
ALTER TABLE users ADD COLUMN email_address text DEFAULT '';
-- migrate
-- Backfill in batches; release N+1 then reads email_address.
UPDATE users SET email_address = email WHERE id BETWEEN 1 AND 10000;
-- contract
-- Release N+2, once nothing reads or writes users.email any more:
ALTER TABLE users DROP COLUMN email;)",
    .mysql_example = R"(ALTER TABLE users CHANGE email email_address varchar(255) NOT NULL;)",
    .mysql_safe = R"(-- expand
ALTER TABLE users ADD COLUMN email_address varchar(255) DEFAULT '', ALGORITHM=INPLACE, LOCK=NONE;
-- migrate
UPDATE users SET email_address = email WHERE id BETWEEN 1 AND 10000;
-- contract
ALTER TABLE users DROP COLUMN email, ALGORITHM=INPLACE, LOCK=NONE;)",
};

// MySQL compares column names case-insensitively: CHANGE email Email only restates it.
bool same_column_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

class RenameColumn final : public Rule,
                           public On<model::RenameColumn>,
                           public On<model::RedefineColumn> {
public:
  RenameColumn() : Rule(kInfo) {}
  void on(const model::RenameColumn& node, Context& ctx) const override {
    check(node.table, node.column, node.new_name, ctx);
  }
  // MySQL CHANGE old new <definition>: a rename when the names differ.
  void on(const model::RedefineColumn& node, Context& ctx) const override {
    if (node.change && !same_column_name(node.column, node.definition.name)) {
      check(node.table, node.column, node.definition.name, ctx);
    }
  }

private:
  static void check(const model::Name& table_name, const std::string& column,
                    const std::string& new_name, Context& ctx) {
    if (ctx.is_new_column(table_name, column)) {
      return; // added earlier in this release: no old code knows it
    }
    const std::string table = table_name.display();
    ctx.report(concat("renaming column ", table, ".", column, " to ", new_name,
                      " breaks every query that still uses ", column,
                      " while old and new code both serve"),
               concat("add ", table, ".", new_name,
                      ", write to both, backfill in batches, switch reads, then drop ", column,
                      " in the contract phase"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(RenameColumn)

} // namespace rollsafe
