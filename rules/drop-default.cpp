// drop-default: dropping a column default that old code's INSERTs rely on.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "drop-default",
    .summary = "Dropping a default changes what the old code's INSERTs store, or makes them fail",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
    .rationale = R"(While a rolling upgrade runs, nodes with the previous release keep inserting
rows the way they always did, and many of their INSERTs leave out columns that
have a default. Once the default is dropped, those INSERTs store NULL instead of
the default value, or fail with "null value violates not-null constraint" when
the column is NOT NULL. In the expand phase the old code is still serving, so
ship code that always writes the column first and drop the default in the
contract phase. A column added earlier in the same release is not flagged.)",
    .example = R"(ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;)",
    .safe = R"(-- expand
-- Release N: ship code that always writes orders.status explicitly.
SELECT 1;
-- contract
-- Release N+1, once no node of release N-1 inserts into orders any more:
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;)",
};

class DropDefault final : public Rule,
                          public On<model::DropDefault>,
                          public On<model::RedefineColumn> {
public:
  DropDefault() : Rule(kInfo) {}
  void on(const model::DropDefault& node, Context& ctx) const override {
    check(node.table, node.column, "", ctx);
  }
  // MySQL MODIFY/CHANGE restates the whole column: leaving DEFAULT out drops
  // the default the catalog knows the column has.
  void on(const model::RedefineColumn& node, Context& ctx) const override {
    const model::CatalogTable* table = ctx.catalog().table(node.table);
    const model::CatalogColumn* old = table == nullptr ? nullptr : table->column(node.column);
    if (old != nullptr && old->has_default && !node.definition.has_default()) {
      check(node.table, node.column,
            " (MODIFY and CHANGE restate the whole column: a definition without DEFAULT drops "
            "it)",
            ctx);
    }
  }

private:
  static void check(const model::Name& table_name, const std::string& name, std::string_view why,
                    Context& ctx) {
    if (ctx.is_new_table(table_name)) {
      return; // created earlier in this release: no old code inserts into it
    }
    if (ctx.is_new_column(table_name, name)) {
      // Added earlier in this release: old code's INSERTs never name it, so they
      // fail only if it is NOT NULL (Django adds `DEFAULT '' NOT NULL`, then drops
      // the default in the same migration).
      const model::CatalogTable* table = ctx.catalog().table(table_name);
      const model::CatalogColumn* col = table != nullptr ? table->column(name) : nullptr;
      if (col == nullptr || !col->not_null) {
        return;
      }
    }
    const std::string column = table_name.column(name);
    ctx.report(concat("dropping the default of ", column,
                      " makes old code's INSERTs that omit the column store NULL or fail while the "
                      "upgrade rolls out",
                      why),
               concat("ship code that always writes ", column,
                      " explicitly; drop the default in the contract phase",
                      why.empty() ? "" : " (restate the DEFAULT in the MODIFY until then)"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DropDefault)

} // namespace rollsafe
