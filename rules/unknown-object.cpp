// unknown-object: a statement names a table or column the replayed history never created.
#include "engine/rule.h"

#include <algorithm>
#include <span>
#include <string>
#include <vector>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "unknown-object",
    .summary = "The statement names a table or column that the history never created",
    .severity = Severity::Warning,
    .category = Category::Compatibility,
    .phases = PhaseSet::all(),
    .rationale = R"(When rollsafe lints a migration directory it replays every file in order
(and a --schema dump first, when given), so it knows which tables and columns
exist before each migration. A statement that alters, indexes or drops a table
that was never created, or a column the table does not have, fails when the
migration runs (in the middle of a deployment, after earlier statements have
taken their locks), or the name is a typo for another object. It is a warning
because the history may be partial: objects created outside the migrations
(by an extension, by hand, or in files rollsafe was not shown) look unknown
too; pass a structure dump with --schema to start from the real schema. Only
checked when the history starts at the beginning of the schema: a directory,
--history or --changed-since whose earlier files create tables, or --schema.)",
    .example = R"(-- file: V1__create_users.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- file: V2__drop_column.sql
ALTER TABLE users DROP COLUMN emial;)",
    .safe = R"(-- file: V1__create_users.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- file: V2__drop_column.sql
ALTER TABLE users DROP COLUMN IF EXISTS legacy;
ALTER TABLE users ALTER COLUMN email SET DEFAULT '';)",
};

class UnknownObject final : public Rule,
                            public On<model::AddColumn>,
                            public On<model::DropColumn>,
                            public On<model::RenameColumn>,
                            public On<model::AlterColumnType>,
                            public On<model::RedefineColumn>,
                            public On<model::SetDefault>,
                            public On<model::DropDefault>,
                            public On<model::SetNotNull>,
                            public On<model::DropNotNull>,
                            public On<model::AddConstraint>,
                            public On<model::CreateIndex>,
                            public On<model::DropObject> {
public:
  UnknownObject() : Rule(kInfo) {}
  void on(const model::AddColumn& node, Context& ctx) const override { table(node.table, ctx); }
  void on(const model::DropColumn& node, Context& ctx) const override {
    if (!node.if_exists) {
      column(node.table, node.column, ctx);
    }
  }
  void on(const model::RenameColumn& node, Context& ctx) const override {
    column(node.table, node.column, ctx);
  }
  void on(const model::AlterColumnType& node, Context& ctx) const override {
    column(node.table, node.column, ctx);
  }
  // MySQL's MODIFY and CHANGE name the column as it is now.
  void on(const model::RedefineColumn& node, Context& ctx) const override {
    column(node.table, node.column, ctx);
  }
  void on(const model::SetDefault& node, Context& ctx) const override {
    column(node.table, node.column, ctx);
  }
  void on(const model::DropDefault& node, Context& ctx) const override {
    column(node.table, node.column, ctx);
  }
  void on(const model::SetNotNull& node, Context& ctx) const override {
    column(node.table, node.column, ctx);
  }
  void on(const model::DropNotNull& node, Context& ctx) const override {
    column(node.table, node.column, ctx);
  }
  void on(const model::AddConstraint& node, Context& ctx) const override {
    if (!table(node.table, ctx) && node.constraint.kind == model::ConstraintKind::ForeignKey &&
        !node.constraint.references.empty()) {
      table(node.constraint.references, ctx);
    }
  }
  void on(const model::CreateIndex& node, Context& ctx) const override { table(node.table, ctx); }
  void on(const model::DropObject& node, Context& ctx) const override {
    if (node.if_exists || !known(ctx)) {
      return;
    }
    if (node.kind == model::ObjectKind::Table) {
      table(node.name, ctx);
    } else if ((node.kind == model::ObjectKind::Index || node.kind == model::ObjectKind::View) &&
               !ctx.catalog().has_object(node.kind, node.name)) {
      const std::string_view kind = model::to_string(node.kind);
      ctx.report(concat(kind, " ", node.name.display(),
                        " does not exist: no earlier migration created it, so DROP ", kind,
                        " fails"),
                 concat("check the name; if the ", kind,
                        " was created outside these migrations, pass a structure dump with "
                        "--schema"));
    }
  }

private:
  // The catalog holds the whole schema before this file: a whole directory (or
  // a --schema dump) whose history starts by creating tables. A directory
  // holding only later releases would make every table look unknown.
  static bool known(const Context& ctx) {
    return ctx.file() != nullptr && ctx.file()->complete_history &&
           ctx.file()->role != model::FileRole::Down && ctx.catalog().has_definitions();
  }
  // Reports an unknown table; true when it did.
  static bool table(const model::Name& name, Context& ctx) {
    if (!known(ctx) || ctx.catalog().table(name) != nullptr) {
      return false;
    }
    const std::string table = name.display();
    ctx.report(concat("table ", table,
                      " does not exist: no earlier migration created it, so this statement fails"),
               concat("check the name (and the schema); if ", table,
                      " was created outside these migrations, pass a structure dump with "
                      "--schema"));
    return true;
  }
  static void column(const model::Name& table_name, const std::string& column_name, Context& ctx) {
    if (table(table_name, ctx)) {
      return;
    }
    const model::CatalogTable* t = ctx.catalog().table(table_name);
    if (t == nullptr || !t->defined || t->column(column_name) != nullptr) {
      return; // only tables whose every column rollsafe knows
    }
    const std::string table = table_name.display();
    ctx.report(concat("column ", table, ".", model::ident(column_name), " does not exist: ", table,
                      " was created without it and no later migration added it"),
               concat("check the column name; ", table, " has ", columns_of(*t)));
  }
  static std::string columns_of(const model::CatalogTable& t) {
    std::vector<std::string> names;
    names.reserve(t.columns.size());
    for (const model::CatalogColumn& c : t.columns) {
      names.push_back(model::ident(c.name));
    }
    std::sort(names.begin(), names.end());
    if (names.empty()) {
      return "no columns";
    }
    std::string out;
    append_joined(out, std::span(names).first(std::min<size_t>(names.size(), 8)));
    if (names.size() > 8) {
      out += ", ...";
    }
    return out;
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(UnknownObject)

} // namespace rollsafe
