// add-column-without-default: a nullable column added without a DEFAULT, so old
// code's INSERTs leave it NULL.
#include "engine/rule.h"
#include "model/catalog.h"

#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

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
old code inserts, and no DEFAULT is needed. A trigger created on the table in
the same file is taken to fill the column (the dual-write pattern of a rename:
a BEFORE INSERT trigger copies the old column into the new one), so the column
is not reported then.)",
    .example = R"(ALTER TABLE users ADD COLUMN locale text;)",
    .safe = R"(-- expand
ALTER TABLE users ADD COLUMN locale text DEFAULT 'en';)",
};

// Columns are reported at the end of the file, unless a trigger on their table
// was created in the file by then.
// A finding held back until the file's end: the table (its catalog key) may get a trigger.
struct Held {
  std::string table;
  model::Span span;
  std::string message;
  std::string help;
};

struct Pending {
  std::vector<Held> columns;
  std::unordered_set<std::string> triggered_tables;
};

class AddColumnWithoutDefault final : public Rule,
                                      public On<model::AddColumn>,
                                      public On<model::CreateObject>,
                                      public On<FileEnd> {
public:
  AddColumnWithoutDefault() : Rule(kInfo) {}

  void on(const model::CreateObject& node, Context& ctx) const override {
    if (node.kind == model::ObjectKind::Trigger && !node.table.empty()) {
      ctx.file_state<Pending>().triggered_tables.insert(model::catalog_key(node.table));
    }
  }

  void on(const FileEnd& /*end*/, Context& ctx) const override {
    auto& pending = ctx.file_state<Pending>();
    for (Held& held : pending.columns) {
      if (!pending.triggered_tables.contains(held.table)) {
        ctx.report(std::move(held.message), std::move(held.help), held.span);
      }
    }
    pending.columns.clear();
  }

  void on(const model::AddColumn& node, Context& ctx) const override {
    const model::ColumnDef& column = node.column;
    if (column.not_null || column.primary_key || column.has_default()) {
      return; // NOT NULL without a default is not-null-without-default's finding
    }
    if (ctx.is_new_table(node.table)) {
      return; // created earlier in this release: no old code inserts into it
    }
    // node.table.column(column.name), from the parts the texts need anyway.
    const std::string table = node.table.display();
    const std::string name = model::ident(column.name);
    ctx.file_state<Pending>().columns.push_back(
        {model::catalog_key(node.table), ctx.item()->span,
         concat("column ", table, ".", name,
                " is added without a DEFAULT: old code's INSERTs into ", table,
                " store NULL in it while the upgrade rolls out"),
         concat("give ", table, ".", name,
                " a DEFAULT that makes sense for rows written by old code, e.g. ADD COLUMN ", name,
                " ", column.type, " DEFAULT <value>")});
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(AddColumnWithoutDefault)

} // namespace rollsafe
