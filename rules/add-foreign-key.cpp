// add-foreign-key: a FOREIGN KEY added while old code still writes the child table
// or deletes from the parent table.
#include "engine/rule.h"
#include "rules/support/mysql_online_ddl.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "add-foreign-key",
    .summary = "A foreign key added in expand makes old code's writes fail",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
    .rationale = R"(A foreign key is enforced from the moment it exists, NOT VALID or not. In the
expand phase every node still runs the previous release, which knows nothing of
the new rule. On the child side its INSERTs and UPDATEs that store a value the
parent table lacks (an id of a row it deleted a moment ago, a placeholder 0)
start failing; on the parent side its DELETEs and key UPDATEs of rows that new
child rows reference start failing with "violates foreign key constraint", or
cascade into rows it never meant to touch. A foreign key is safe in expand only
between tables and columns that no old code knows: a new table referencing
another new table, or a new column referencing a new table. Otherwise add it in
the contract phase, when every node runs code that keeps the reference intact.)",
    .example = R"(ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey
  FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;)",
    .safe = R"(-- expand
-- Release N: ship code that never stores an orders.user_id missing from users.
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id);
-- migrate
DELETE FROM orders WHERE id BETWEEN 1 AND 10000
  AND NOT EXISTS (SELECT 1 FROM users WHERE users.id = orders.user_id);
-- contract
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey
  FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;)",
};

class AddForeignKey final : public Rule,
                            public On<model::AddConstraint>,
                            public On<model::AddColumn>,
                            public On<model::CreateTable> {
public:
  AddForeignKey() : Rule(kInfo) {}

  void on(const model::AddConstraint& node, Context& ctx) const override {
    const model::Constraint& fk = node.constraint;
    if (fk.kind != model::ConstraintKind::ForeignKey) {
      return;
    }
    const bool columns_new =
        !fk.columns.empty() &&
        std::all_of(fk.columns.begin(), fk.columns.end(),
                    [&](const std::string& col) { return ctx.is_new_column(node.table, col); });
    check(node.table, fk, columns_new, ctx.is_new_table(fk.references), false, {}, ctx);
  }

  void on(const model::AddColumn& node, Context& ctx) const override {
    if (!inline_enforced(ctx)) {
      return;
    }
    for (const model::Constraint& fk : node.column.constraints) {
      if (fk.kind == model::ConstraintKind::ForeignKey) {
        // The constraint covers only the column being added, which no old code writes.
        check(node.table, fk, true, ctx.is_new_table(fk.references), false, {}, ctx);
      }
    }
  }

  void on(const model::CreateTable& node, Context& ctx) const override {
    if (node.temporary) {
      return; // a temporary table cannot reference a permanent one
    }
    auto one = [&](const model::Constraint& fk) {
      if (fk.kind != model::ConstraintKind::ForeignKey) {
        return;
      }
      const bool parent_new = ctx.is_new_table(fk.references) ||
                              model::catalog_key(fk.references) == model::catalog_key(node.table);
      // Point at the REFERENCES clause: the item is the table's name.
      check(node.table, fk, true, parent_new, true,
            fk.span.empty() ? std::nullopt : std::optional(fk.span), ctx);
    };
    if (inline_enforced(ctx)) {
      for (const model::ColumnDef& column : node.columns) {
        std::for_each(column.constraints.begin(), column.constraints.end(), one);
      }
    }
    std::for_each(node.constraints.begin(), node.constraints.end(), one);
  }

private:
  // A column's own REFERENCES clause: MySQL before 9.0 parses and ignores it.
  static bool inline_enforced(const Context& ctx) {
    return ctx.dialect() != Dialect::MySQL ||
           inline_references_enforced({ctx.mariadb(), ctx.mysql_version()});
  }

  // `columns_new`: old code never writes the referencing columns (they, or their
  // table, are new in this release). `parent_new`: old code never deletes from the
  // referenced table. `created`: the statement creates the child table.
  static void check(const model::Name& table, const model::Constraint& fk, bool columns_new,
                    bool parent_new, bool created, std::optional<model::Span> span, Context& ctx) {
    if (columns_new && parent_new) {
      return; // no old code writes either side
    }
    const std::string table_name = table.display();
    std::string child = table_name;
    append_columns(child, fk.columns);
    const std::string parent = fk.references.display();
    std::string message;
    message.reserve(kMessageReserve);
    append_all(message, "foreign key", fk.name.empty() ? "" : " ", fk.name, " from ", child, " to ",
               parent, " is enforced while old code still runs: ");
    if (!columns_new) {
      append_all(message, "old code's INSERTs and UPDATEs of ", table_name,
                 " that store a key missing from ", parent, " fail");
    }
    if (!parent_new) {
      const bool blocks = fk.on_delete == model::ReferentialAction::NoAction ||
                          fk.on_delete == model::ReferentialAction::Restrict;
      append_all(message, columns_new ? "" : "; ", "old code's DELETEs of ", parent, " rows that ",
                 table_name, blocks ? " references fail" : " references now also change ",
                 blocks ? std::string_view() : std::string_view(table_name));
    }
    const bool mysql = ctx.dialect() == Dialect::MySQL;
    // MySQL has no NOT VALID: the constraint is checked against every row when added.
    const std::string_view add_later =
        mysql ? "ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY"
              : "ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE "
                "CONSTRAINT";
    ctx.report(std::move(message),
               created ? concat("create ", table_name,
                                " without the foreign key in expand; add it in the contract phase "
                                "with ",
                                add_later)
                       : concat("add the foreign key from ", child, " to ", parent,
                                " in the contract phase, once no node runs old code: ",
                                mysql ? std::string_view("ADD CONSTRAINT ... FOREIGN KEY")
                                      : std::string_view("ADD CONSTRAINT ... NOT VALID, then "
                                                         "VALIDATE CONSTRAINT")),
               span);
  }

  // Room for the longest message (both effects, long names) without growing.
  static constexpr size_t kMessageReserve = 320;

  // Appends "(a, b)" for the columns, nothing for none.
  static void append_columns(std::string& out, const std::vector<std::string>& cols) {
    if (cols.empty()) {
      return;
    }
    out += '(';
    append_joined(out, cols);
    out += ')';
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(AddForeignKey)

} // namespace rollsafe
