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

class DropDefault final : public Rule, public On<model::DropDefault> {
public:
  DropDefault() : Rule(kInfo) {}
  void on(const model::DropDefault& node, Context& ctx) const override {
    if (ctx.is_new_table(node.table)) {
      return; // created earlier in this release: no old code inserts into it
    }
    if (ctx.is_new_column(node.table, node.column)) {
      // Added earlier in this release: old code's INSERTs never name it, so they
      // fail only if it is NOT NULL (Django adds `DEFAULT '' NOT NULL`, then drops
      // the default in the same migration).
      const model::CatalogTable* table = ctx.catalog().table(node.table);
      const model::CatalogColumn* col = table != nullptr ? table->column(node.column) : nullptr;
      if (col == nullptr || !col->not_null) {
        return;
      }
    }
    const std::string column = node.table.column(node.column);
    ctx.report("dropping the default of " + column +
                   " makes old code's INSERTs that omit the column store NULL or fail while the "
                   "upgrade rolls out",
               "ship code that always writes " + column +
                   " explicitly; drop the default in the contract phase");
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DropDefault)

} // namespace rollsafe
