// set-not-null: making an existing column NOT NULL while old code may omit it.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "set-not-null",
    .summary = "SET NOT NULL makes the old code's writes that leave the column NULL fail",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
    .rationale = R"(While a rolling upgrade runs, nodes with the previous release keep writing
rows the way they always did. If the old code inserts rows without the column,
or writes NULL into it, each of those INSERTs and UPDATEs fails with "null value
violates not-null constraint" as soon as the column is NOT NULL. In the expand
phase the old code is still serving, so ship code that always writes the column
first, backfill the NULLs in the migrate phase, and make the column NOT NULL in
the contract phase. A column added earlier in the same release is not flagged:
no old code writes it. (How long SET NOT NULL locks the table is the concern of
set-not-null-scan.))",
    .example = R"(ALTER TABLE users ALTER COLUMN email SET NOT NULL;)",
    .safe = R"(-- expand
-- Release N: ship code that always writes users.email.
SELECT 1;
-- migrate
-- Backfill the NULLs in batches.
UPDATE users SET email = '' WHERE email IS NULL AND id BETWEEN 1 AND 10000;
-- contract
-- Release N+1, once no node of release N-1 writes users any more:
ALTER TABLE users ADD CONSTRAINT users_email_not_null CHECK (email IS NOT NULL) NOT VALID;
ALTER TABLE users VALIDATE CONSTRAINT users_email_not_null;
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users DROP CONSTRAINT users_email_not_null;)",
};

class SetNotNull final : public Rule,
                         public On<model::SetNotNull>,
                         public On<model::RedefineColumn> {
public:
  SetNotNull() : Rule(kInfo) {}
  void on(const model::SetNotNull& node, Context& ctx) const override {
    check(node.table, node.column, ctx);
  }
  // MySQL MODIFY/CHANGE ... NOT NULL of a column the catalog knows as nullable.
  // A column it never saw is not reported: MODIFY restates NOT NULL as often as
  // it adds it.
  void on(const model::RedefineColumn& node, Context& ctx) const override {
    if (!node.definition.not_null && !node.definition.primary_key) {
      return;
    }
    const model::CatalogTable* table = ctx.catalog().table(node.table);
    const model::CatalogColumn* old = table == nullptr ? nullptr : table->column(node.column);
    if (old != nullptr && !old->not_null) {
      check(node.table, node.column, ctx);
    }
  }

private:
  static void check(const model::Name& table, const std::string& name, Context& ctx) {
    if (ctx.is_new_column(table, name)) {
      return; // added earlier in this release: no old code writes it
    }
    std::string column = table.display();
    append_all(column, ".", name);
    ctx.report(concat("making ", column,
                      " NOT NULL breaks old code whose INSERTs omit the column or write NULL to it "
                      "while the upgrade rolls out"),
               concat("ship code that always writes ", column,
                      ", backfill the NULLs in the migrate phase, and ",
                      ctx.dialect() == Dialect::MySQL ? "MODIFY it to NOT NULL" : "SET NOT NULL",
                      " in the contract phase"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(SetNotNull)

} // namespace rollsafe
