// constraint-without-not-valid: a FOREIGN KEY or CHECK constraint added to a table
// that serves traffic without NOT VALID, so the table is scanned under the lock.
#include "engine/rule.h"
#include "rules/support/pg_locks.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "constraint-without-not-valid",
    .summary = "Adding a FOREIGN KEY or CHECK constraint without NOT VALID scans the table under "
               "a lock",
    .severity = Severity::Error,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    // MySQL has no NOT VALID; its ADD FOREIGN KEY copies the table (alter-table-copy).
    .dialects = DialectSet::only(Dialect::Postgres),
    .rationale =
        R"(ADD CONSTRAINT ... FOREIGN KEY and ADD CONSTRAINT ... CHECK verify every existing
row before they commit, and hold their lock for that whole scan. A foreign key
takes SHARE ROW EXCLUSIVE on the table and on the referenced table, so every
INSERT, UPDATE and DELETE on both waits; a CHECK constraint takes ACCESS
EXCLUSIVE, so even reads wait. On a large table that is minutes of blocked
traffic for old and new application nodes, in any phase. The same holds for a
REFERENCES or CHECK clause on a column added to an existing table. With NOT VALID
the constraint is added at once and enforced for new rows only; a later ALTER
TABLE ... VALIDATE CONSTRAINT scans the old rows under SHARE UPDATE EXCLUSIVE,
which lets reads and writes go on. Tables created in the same release are fine.)",
    .example = R"(ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey
  FOREIGN KEY (user_id) REFERENCES users (id);)",
    .safe = R"(-- contract
-- Adds the constraint at once; new and changed rows are checked from now on.
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey
  FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- A separate statement (commit in between if the file runs in one transaction):
-- scans the old rows under SHARE UPDATE EXCLUSIVE, reads and writes go on.
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_id_fkey;)",
};

bool scans(const model::Constraint& c) {
  return (c.kind == model::ConstraintKind::ForeignKey || c.kind == model::ConstraintKind::Check) &&
         !c.not_valid;
}

// Room for a message or help text with long names, so that it is built without growing.
constexpr size_t kTextReserve = 384;

void append_columns(std::string& out, const model::Constraint& c) {
  append_joined(out, c.columns, ", ", model::ident);
}

// "FOREIGN KEY orders_user_id_fkey (user_id) REFERENCES users", "CHECK price_positive".
void append_description(std::string& out, const model::Constraint& c) {
  out += model::to_string(c.kind);
  if (!c.name.empty()) {
    append_all(out, " ", model::ident(c.name));
  }
  if (c.kind == model::ConstraintKind::ForeignKey) {
    if (!c.columns.empty()) {
      out += " (";
      append_columns(out, c);
      out += ')';
    }
    append_all(out, " REFERENCES ", c.references.display());
  }
}

void append_lock(std::string& out, const model::Constraint& c, std::string_view table) {
  if (c.kind == model::ConstraintKind::ForeignKey) {
    append_all(out, "a SHARE ROW EXCLUSIVE lock on ", table, " and on ", c.references.display(),
               ": every INSERT, UPDATE and DELETE on both waits");
    return;
  }
  append_all(out, "an ACCESS EXCLUSIVE lock on ", table, ": every read and write of ", table,
             " waits");
}

// The statement to run instead, as concrete as the model allows: a foreign key in
// full, a CHECK with its expression left to the author. `table` is the table's
// display().
void append_not_valid_help(std::string& out, const model::Constraint& c,
                           const model::Name& table_name, std::string_view table) {
  std::string name;
  if (c.name.empty()) {
    // PostgreSQL's own default names: orders_shop_id_fkey, orders_check.
    name = table_name.name;
    if (c.kind == model::ConstraintKind::ForeignKey) {
      for (const std::string& column : c.columns) {
        append_all(name, "_", column);
      }
    }
    name += c.kind == model::ConstraintKind::ForeignKey ? "_fkey" : "_check";
    name = model::ident(name);
  } else {
    name = model::ident(c.name);
  }
  append_all(out, "ALTER TABLE ", table, " ADD CONSTRAINT ", name, " ");
  if (c.kind == model::ConstraintKind::ForeignKey) {
    out += "FOREIGN KEY (";
    append_columns(out, c);
    append_all(out, ") REFERENCES ", c.references.display());
    if (!c.referenced_columns.empty()) {
      out += " (";
      append_joined(out, c.referenced_columns, ", ", model::ident);
      out += ')';
    }
  } else {
    out += "CHECK (...)";
  }
  append_all(out, " NOT VALID; then, in a later statement (its own transaction), ALTER TABLE ",
             table, " VALIDATE CONSTRAINT ", name,
             "; which scans under SHARE UPDATE EXCLUSIVE while reads and writes go on");
}

// Constraints added NOT VALID in a transaction block that is still open: a
// VALIDATE in the same block scans while the ADD's lock is still held.
struct OpenNotValid {
  uint32_t transaction = 0;
  std::vector<std::string> constraints; // "table|name"
};

class ConstraintWithoutNotValid final : public Rule,
                                        public On<model::AddConstraint>,
                                        public On<model::ValidateConstraint>,
                                        public On<model::AddColumn> {
public:
  ConstraintWithoutNotValid() : Rule(kInfo) {}

  void on(const model::ValidateConstraint& node, Context& ctx) const override {
    auto& open = ctx.file_state<OpenNotValid>();
    const uint32_t tx = ctx.transaction_id();
    if (tx == 0 || tx != open.transaction ||
        std::find(open.constraints.begin(), open.constraints.end(),
                  concat(node.table.display(), "|", node.name)) == open.constraints.end()) {
      return;
    }
    ctx.report(concat("VALIDATE CONSTRAINT ", model::ident(node.name),
                      " runs in the same transaction "
                      "that added the constraint NOT VALID, so the ADD's lock on ",
                      node.table.display(),
                      " is still held while every row is checked: NOT VALID gained nothing"),
               "commit between ADD CONSTRAINT ... NOT VALID and VALIDATE CONSTRAINT (put the "
               "VALIDATE in its own migration file when the tool wraps each file in a "
               "transaction)");
  }

  void on(const model::AddConstraint& node, Context& ctx) const override {
    if (node.constraint.not_valid && ctx.transaction_id() != 0 && !node.constraint.name.empty()) {
      auto& open = ctx.file_state<OpenNotValid>();
      if (open.transaction != ctx.transaction_id()) {
        open = {ctx.transaction_id(), {}};
      }
      open.constraints.push_back(concat(node.table.display(), "|", node.constraint.name));
    }
    if (!scans(node.constraint) || ctx.is_new_table(node.table)) {
      return;
    }
    const std::string table = node.table.display();
    std::string message;
    message.reserve(kTextReserve);
    message += "adding ";
    append_description(message, node.constraint);
    append_all(message, " to ", table, " checks every existing row while holding ");
    append_lock(message, node.constraint, table);
    message += " until the scan is done";
    std::string help;
    help.reserve(kTextReserve);
    help += "add it NOT VALID and validate it separately: ";
    append_not_valid_help(help, node.constraint, node.table, table);
    ctx.report(std::move(message), std::move(help));
  }

  void on(const model::AddColumn& node, Context& ctx) const override {
    if (ctx.is_new_table(node.table)) {
      return;
    }
    for (const model::Constraint& c : node.column.constraints) {
      if (!scans(c)) {
        continue;
      }
      const std::string table = node.table.display();
      const std::optional<model::Span> span =
          c.span.empty() ? std::nullopt : std::optional<model::Span>(c.span);
      std::string message;
      message.reserve(kTextReserve);
      append_all(message, "adding column ", table, ".", model::ident(node.column.name), " with ");
      append_description(message, c);
      append_all(message, " checks every existing row of ", table,
                 " while ADD COLUMN holds an ACCESS EXCLUSIVE lock on it: every read and "
                 "write of ",
                 table, " waits until the scan is done");
      std::string help;
      help.reserve(kTextReserve);
      help += "add the column without the constraint, then ";
      append_not_valid_help(help, c, node.table, table);
      ctx.report(std::move(message), std::move(help), span);
    }
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(ConstraintWithoutNotValid)

} // namespace rollsafe
