// add-column-without-default: a nullable column added without a DEFAULT, so old
// code's INSERTs leave it NULL.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "add-column-without-default",
    .summary = "A new column without a DEFAULT is left NULL by old code's INSERTs",
    .severity = Severity::Warning,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
    .rationale = R"(After the expand phase the nodes that still run the previous release keep
inserting rows, and their INSERTs do not name the new column: every such row
stores NULL in it. The new release then reads rows whose column is NULL for no
reason it can tell apart from "not set yet", and the migrate phase has to find
and backfill rows that keep arriving until the last old node is gone. Give the
column a DEFAULT that makes sense for rows written by old code (a constant
default costs no table rewrite since PostgreSQL 11), or make sure the new code
treats NULL as a meaningful value. On a table created in the same release no
old code inserts, and no DEFAULT is needed.)",
    .example = R"(ALTER TABLE users ADD COLUMN locale text;)",
    .safe = R"(-- expand
ALTER TABLE users ADD COLUMN locale text DEFAULT 'en';)",
};

class AddColumnWithoutDefault final : public Rule, public On<model::AddColumn> {
public:
  AddColumnWithoutDefault() : Rule(kInfo) {}
  void on(const model::AddColumn& node, Context& ctx) const override {
    const model::ColumnDef& column = node.column;
    if (column.not_null || column.primary_key || column.has_default()) {
      return; // NOT NULL without a default is not-null-without-default's finding
    }
    if (ctx.is_new_table(node.table)) {
      return; // created earlier in this release: no old code inserts into it
    }
    const std::string target = node.table.display() + "." + column.name;
    ctx.report("column " + target + " is added without a DEFAULT: old code's INSERTs into " +
                   node.table.display() + " store NULL in it while the upgrade rolls out",
               "give " + target +
                   " a DEFAULT that makes sense for rows written by old code, e.g. ADD COLUMN " +
                   column.name + " " + column.type + " DEFAULT <value>");
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(AddColumnWithoutDefault)

} // namespace rollsafe
