// constraint-without-using-index: a UNIQUE or PRIMARY KEY constraint added to a
// table that serves traffic, building its index under ACCESS EXCLUSIVE.
#include "engine/rule.h"
#include "rules/support/pg_locks.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "constraint-without-using-index",
    .summary = "Adding a UNIQUE or PRIMARY KEY constraint builds its index under ACCESS EXCLUSIVE",
    .severity = Severity::Error,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    // MySQL has no USING INDEX; ADD UNIQUE/PRIMARY KEY build their index online.
    .dialects = DialectSet::only(Dialect::Postgres),
    .rationale =
        R"(ALTER TABLE ... ADD UNIQUE and ADD PRIMARY KEY build the constraint's unique index
inside the ALTER TABLE, which holds an ACCESS EXCLUSIVE lock on the table from
start to end. Building the index reads and sorts every row, so every query of the
table, reads included, from old and new application nodes alike, waits for
minutes on a large table; in any phase. The same happens for a UNIQUE or PRIMARY
KEY clause on a column added to an existing table. Build the index first with
CREATE UNIQUE INDEX CONCURRENTLY, which lets reads and writes go on, then attach
it with ADD CONSTRAINT ... USING INDEX, which only takes the lock for a moment (a
PRIMARY KEY also needs its columns NOT NULL already, see set-not-null-scan).
Tables created in the same release are fine.)",
    .example = R"(ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);)",
    .safe = R"(-- contract
-- Outside a transaction block: builds the index while reads and writes go on.
CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email);
-- Attaches the finished index: a short ACCESS EXCLUSIVE lock, no build.
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;)",
};

bool builds_index(const model::Constraint& c) {
  return (c.kind == model::ConstraintKind::Unique || c.kind == model::ConstraintKind::PrimaryKey) &&
         c.using_index.empty();
}

void append_columns(std::string& out, const model::Constraint& c) {
  append_joined(out, c.columns, ", ", model::ident);
}

// Room for a message or help text with long names, so that it is built without growing.
constexpr size_t kTextReserve = 320;

// Appends the help: build the index first, then add the constraint with it.
void append_help(std::string& out, const model::Constraint& c, std::string_view table,
                 const std::string& table_name) {
  // PostgreSQL's own default names: users_pkey, users_email_key.
  std::string name = c.name;
  if (name.empty() && c.kind == model::ConstraintKind::PrimaryKey) {
    name = concat(table_name, "_pkey");
  } else if (name.empty()) {
    name = table_name;
    for (const std::string& column : c.columns) {
      append_all(name, "_", column);
    }
    name += "_key";
  }
  append_all(out, "first CREATE UNIQUE INDEX CONCURRENTLY ", name, " ON ", table, " (");
  append_columns(out, c);
  append_all(out, "); then ALTER TABLE ", table, " ADD CONSTRAINT ", name, " ",
             model::to_string(c.kind), " USING INDEX ", name, ";");
  if (c.kind == model::ConstraintKind::PrimaryKey) {
    out += " (the key columns must already be NOT NULL)";
  }
}

class ConstraintWithoutUsingIndex final : public Rule,
                                          public On<model::AddConstraint>,
                                          public On<model::AddColumn> {
public:
  ConstraintWithoutUsingIndex() : Rule(kInfo) {}

  void on(const model::AddConstraint& node, Context& ctx) const override {
    const model::Constraint& c = node.constraint;
    if (!builds_index(c) || ctx.is_new_table(node.table)) {
      return;
    }
    const std::string table = node.table.display();
    std::string message;
    message.reserve(kTextReserve);
    append_all(message, "adding ", model::to_string(c.kind), c.name.empty() ? "" : " ",
               c.name.empty() ? std::string() : model::ident(c.name), " (");
    append_columns(message, c);
    append_all(message, ") to ", table,
               " builds its unique index while holding an ACCESS EXCLUSIVE lock on ", table,
               ": every read and write of ", table, " waits for the whole build");
    std::string help;
    help.reserve(kTextReserve);
    append_help(help, c, table, node.table.name);
    ctx.report(std::move(message), std::move(help));
  }

  void on(const model::AddColumn& node, Context& ctx) const override {
    if (ctx.is_new_table(node.table)) {
      return;
    }
    for (const model::Constraint& c : node.column.constraints) {
      if (!builds_index(c)) {
        continue;
      }
      const std::string table = node.table.display();
      const std::optional<model::Span> span =
          c.span.empty() ? std::nullopt : std::optional<model::Span>(c.span);
      std::string help;
      help.reserve(kTextReserve);
      append_all(help, "add the column without ", model::to_string(c.kind), ", then ");
      append_help(help, c, table, node.table.name);
      ctx.report(concat("adding column ", table, ".", model::ident(node.column.name), " with ",
                        model::to_string(c.kind),
                        " builds a unique index while ADD COLUMN holds an ACCESS EXCLUSIVE lock "
                        "on ",
                        table, ": every read and write of ", table, " waits for the whole build"),
                 std::move(help), span);
    }
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(ConstraintWithoutUsingIndex)

} // namespace rollsafe
