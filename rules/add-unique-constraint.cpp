// add-unique-constraint: a UNIQUE or PRIMARY KEY constraint, or a unique index,
// added while old code still writes the columns it covers.
#include "engine/rule.h"

#include <algorithm>
#include <string>
#include <vector>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "add-unique-constraint",
    .summary = "A UNIQUE constraint or unique index added in expand makes old code's writes fail",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
    .rationale = R"(A UNIQUE or PRIMARY KEY constraint, a unique index and an EXCLUDE constraint
are enforced on every write from the moment they exist. In the expand phase
every node still runs the previous release, whose code may store duplicates
(two accounts with one e-mail address, a retried INSERT) and, for a primary key,
NULLs: those INSERTs and UPDATEs now fail with "duplicate key value violates
unique constraint", for users of the old code, while the upgrade rolls out.
Columns added in the same release are exempt: old code never writes them. Add
the constraint in the contract phase, once every node runs code that never
writes duplicates, after the data has been deduplicated.)",
    .example = R"(CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);)",
    .safe = R"(-- expand
-- Release N: ship code that never stores a duplicate users.email.
SELECT 1;
-- migrate
DELETE FROM users WHERE id BETWEEN 1 AND 10000
  AND id NOT IN (SELECT min(id) FROM users GROUP BY email);
-- contract
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;)",
};

void append_column_list(std::string& out, const std::vector<std::string>& columns) {
  out += '(';
  append_joined(out, columns);
  out += ')';
}

class AddUniqueConstraint final : public Rule,
                                  public On<model::AddConstraint>,
                                  public On<model::CreateIndex> {
public:
  AddUniqueConstraint() : Rule(kInfo) {}

  void on(const model::AddConstraint& node, Context& ctx) const override {
    const model::Constraint& c = node.constraint;
    if (c.kind != model::ConstraintKind::Unique && c.kind != model::ConstraintKind::PrimaryKey &&
        c.kind != model::ConstraintKind::Exclusion) {
      return;
    }
    if (ctx.is_new_table(node.table)) {
      return;
    }
    if (!c.using_index.empty()) {
      const model::Name index{node.table.schema, c.using_index, {}};
      if (ctx.catalog().is_new_object(model::ObjectKind::Index, index)) {
        return; // its CREATE UNIQUE INDEX, earlier in this release, was checked
      }
    } else if (only_new_columns(node.table, c.columns, c.kind, ctx)) {
      return;
    }
    report(concat(model::to_string(c.kind), " constraint", c.name.empty() ? "" : " ", c.name),
           node.table, c.columns, c.kind, ctx);
  }

  void on(const model::CreateIndex& node, Context& ctx) const override {
    if (!node.unique || ctx.is_new_table(node.table)) {
      return;
    }
    if (only_new_columns(node.table, node.columns, model::ConstraintKind::Unique, ctx)) {
      return;
    }
    report(concat("unique index", node.index.empty() ? "" : " ", node.index.name), node.table,
           node.columns, model::ConstraintKind::Unique, ctx);
  }

private:
  // Whether old code never writes any of the columns: each is new in this release.
  // A primary key also forbids NULL, which old code stores in a new column unless
  // the column is NOT NULL already or has a default.
  static bool only_new_columns(const model::Name& table, const std::vector<std::string>& columns,
                               model::ConstraintKind kind, const Context& ctx) {
    if (columns.empty()) {
      return false; // expressions or an index: rollsafe cannot tell which columns
    }
    const model::CatalogTable* known = ctx.catalog().table(table);
    return std::all_of(columns.begin(), columns.end(), [&](const std::string& name) {
      if (!ctx.is_new_column(table, name)) {
        return false;
      }
      if (kind != model::ConstraintKind::PrimaryKey) {
        return true;
      }
      const model::CatalogColumn* col = known == nullptr ? nullptr : known->column(name);
      return col != nullptr &&
             (col->not_null || col->default_volatility != model::Volatility::Null);
    });
  }

  static void report(const std::string& what, const model::Name& table,
                     const std::vector<std::string>& columns, model::ConstraintKind kind,
                     Context& ctx) {
    std::string target = table.display();
    if (!columns.empty()) {
      append_column_list(target, columns);
    }
    std::string_view writes = "that store a duplicate";
    std::string help;
    if (ctx.dialect() == Dialect::MySQL && kind != model::ConstraintKind::Exclusion) {
      // MySQL builds the index online: no CONCURRENTLY, no USING INDEX.
      const bool pk = kind == model::ConstraintKind::PrimaryKey;
      help = concat("ship code that never writes duplicates", pk ? " or NULLs" : "", " to ", target,
                    " first; in the contract phase deduplicate, then ADD ",
                    pk ? "PRIMARY KEY" : "UNIQUE INDEX", " ..., ALGORITHM=INPLACE, LOCK=NONE");
    }
    if (kind == model::ConstraintKind::PrimaryKey) {
      writes = "that store a duplicate or a NULL";
      if (help.empty()) {
        help = concat("ship code that never writes duplicates or NULLs to ", target,
                      " first; in the contract phase deduplicate, CREATE UNIQUE INDEX "
                      "CONCURRENTLY, then ADD PRIMARY KEY USING INDEX");
      }
    } else if (kind == model::ConstraintKind::Exclusion) {
      writes = "that conflict with an existing row";
      help = concat("ship code that never writes conflicting rows to ", target,
                    " first; add the EXCLUDE constraint in the contract phase");
    } else if (help.empty()) {
      help = concat("ship code that never writes duplicates of ", target,
                    " first; in the contract phase deduplicate, CREATE UNIQUE INDEX "
                    "CONCURRENTLY, then ADD CONSTRAINT ... USING INDEX");
    }
    ctx.report(concat("adding ", what, " on ", target, " makes old code's INSERTs and UPDATEs ",
                      writes, " fail while the upgrade rolls out"),
               std::move(help));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(AddUniqueConstraint)

} // namespace rollsafe
