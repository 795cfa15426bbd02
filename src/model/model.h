// The dialect-neutral model of schema changes. Every frontend lowers its parser's
// tree into these types; rules see nothing else. No parser type may appear here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace rollsafe::model {

// A half-open byte range [begin, end) in the source file.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;
  [[nodiscard]] bool empty() const { return end <= begin; }
};

// An identifier as it must be written to mean the same object: quoted when it
// holds upper case or characters other than [a-z0-9_$], starts with a digit, or
// is a reserved word ("user").
[[nodiscard]] std::string ident(std::string_view name);

// A possibly schema-qualified object name, as the parser normalised it
// (PostgreSQL folds unquoted identifiers to lower case).
struct Name {
  std::string schema;
  std::string name;
  Span span;
  // For messages: `users`, `public.users`, `"Users"`.
  [[nodiscard]] std::string display() const;
  // For messages about a column: `users.email`.
  [[nodiscard]] std::string column(std::string_view column_name) const;
  [[nodiscard]] bool empty() const { return name.empty(); }
};

// How often a default expression is evaluated, which decides whether adding a
// column with it rewrites the table.
enum class Volatility : uint8_t {
  Null,     // DEFAULT NULL: the same as no default
  Constant, // literals, casts of literals, arithmetic on them
  Stable,   // now(), CURRENT_TIMESTAMP, current_user: one value per statement
  Volatile, // random(), gen_random_uuid(), clock_timestamp(), nextval()
  Unknown,  // a function rollsafe does not know
};
[[nodiscard]] std::string_view to_string(Volatility v);

struct DefaultValue {
  Volatility volatility = Volatility::Constant;
  std::string function; // the call that decided the volatility, if any
  Span span;
};

enum class ConstraintKind : uint8_t { Check, Unique, PrimaryKey, ForeignKey, Exclusion, NotNull };
[[nodiscard]] std::string_view to_string(ConstraintKind k);

enum class ReferentialAction : uint8_t { NoAction, Restrict, Cascade, SetNull, SetDefault };

struct Constraint {
  ConstraintKind kind = ConstraintKind::Check;
  std::string name; // empty when the server picks one
  Span span;
  bool not_valid = false;  // NOT VALID: existing rows are not checked now
  std::string using_index; // ADD ... USING INDEX name
  // The constrained columns; for CHECK, the columns its expression reads.
  std::vector<std::string> columns;
  Name references; // foreign keys
  std::vector<std::string> referenced_columns;
  ReferentialAction on_delete = ReferentialAction::NoAction;
  std::string not_null_column; // CHECK (col IS NOT NULL): the column, else empty
};

struct ColumnDef {
  std::string name;
  std::string type; // as written, normalised: "integer", "varchar(20)", "text[]"
  Span span;
  bool not_null = false;
  bool primary_key = false;
  bool identity = false;         // GENERATED ... AS IDENTITY
  bool generated_stored = false; // GENERATED ALWAYS AS (...) STORED
  bool serial = false;           // serial/bigserial or MySQL AUTO_INCREMENT: an implicit default
  std::optional<DefaultValue> default_value;
  std::vector<Constraint> constraints; // column-level CHECK/UNIQUE/REFERENCES
  // MySQL ENUM/SET: the members in declared order (an empty list for other types).
  std::vector<std::string> enum_values;
  [[nodiscard]] bool has_default() const {
    return serial || identity || generated_stored ||
           (default_value && default_value->volatility != Volatility::Null);
  }
};

enum class ObjectKind : uint8_t {
  Table,
  View,
  MaterializedView,
  Index,
  Sequence,
  Type,
  Domain,
  Schema,
  Trigger,
  Function,
  Procedure,
  Extension,
  Column,
  Constraint,
  Other,
};
[[nodiscard]] std::string_view to_string(ObjectKind k);

// ---- Nodes: one per schema change. A statement lowers into one or more. ----

struct CreateTable {
  Name table;
  std::vector<ColumnDef> columns;
  std::vector<Constraint> constraints; // table-level
  bool if_not_exists = false;
  bool temporary = false;
  bool as_select = false; // CREATE TABLE ... AS / SELECT INTO
};

// CREATE VIEW/SEQUENCE/TYPE/DOMAIN/SCHEMA/TRIGGER/FUNCTION/EXTENSION/...
struct CreateObject {
  ObjectKind kind = ObjectKind::Other;
  Name name;
  Name table; // triggers: the table it fires on
  bool or_replace = false;
  bool if_not_exists = false;
};

struct CreateIndex {
  Name index;
  Name table;
  std::vector<std::string> columns; // plain column keys, and the columns expression keys use
  bool has_expressions = false;     // some key is an expression (lower(email))
  bool unique = false;
  bool concurrently = false;
  bool if_not_exists = false;
};

struct DropObject {
  ObjectKind kind = ObjectKind::Other;
  Name name;
  Name table; // triggers, rules and policies: the table they belong to
  bool if_exists = false;
  bool cascade = false;
  bool concurrently = false;
};

struct RenameObject {
  ObjectKind kind = ObjectKind::Other;
  Name object;
  std::string new_name;
};

// ---- ALTER TABLE actions: each action of one statement is its own node. ----

struct AddColumn {
  Name table;
  ColumnDef column;
  bool if_not_exists = false;
  std::string position; // MySQL: "FIRST", "AFTER col", or empty (appended at the end)
};
struct DropColumn {
  Name table;
  std::string column;
  bool if_exists = false;
  bool cascade = false;
};
struct RenameColumn {
  Name table;
  std::string column;
  std::string new_name;
};
struct AlterColumnType {
  Name table;
  std::string column;
  std::string new_type;
  bool has_using = false;
};
// MySQL MODIFY / CHANGE COLUMN: the column's whole definition restated (type,
// nullability, default), and with CHANGE possibly a new name
// (definition.name != column). What actually changes depends on the old
// definition, which the catalog may know.
struct RedefineColumn {
  Name table;
  std::string column; // the current name
  ColumnDef definition;
  std::string position; // "FIRST", "AFTER col", or empty
  bool change = false;  // written as CHANGE (old and new name), not MODIFY
};
struct SetDefault {
  Name table;
  std::string column;
  DefaultValue value;
};
struct DropDefault {
  Name table;
  std::string column;
};
struct SetNotNull {
  Name table;
  std::string column;
};
struct DropNotNull {
  Name table;
  std::string column;
};
struct AddConstraint {
  Name table;
  Constraint constraint;
};
struct ValidateConstraint {
  Name table;
  std::string name;
};
struct DropConstraint {
  Name table;
  std::string name;
  bool if_exists = false;
};
// Any other ALTER TABLE action (SET TABLESPACE, ENABLE TRIGGER, OWNER TO, ...).
struct AlterTableOther {
  Name table;
  std::string action;    // "SET TABLESPACE", "ENABLE TRIGGER", ...
  bool rewrites = false; // the action rewrites the whole table
  bool access_exclusive = true;
};

// ---- Data and session. ----

struct Truncate {
  Name table;
};

enum class DmlKind : uint8_t { Insert, Update, Delete, Merge, Copy };
[[nodiscard]] std::string_view to_string(DmlKind k);
struct Dml {
  DmlKind kind = DmlKind::Insert;
  Name table;
  bool has_where = false;
};

enum class TransactionKind : uint8_t {
  Begin,
  Commit,
  Rollback,
  Savepoint,
  Release,
  RollbackTo,
  Other
};
struct Transaction {
  TransactionKind kind = TransactionKind::Begin;
};

struct SetVariable {
  std::string name; // lower case: "lock_timeout"
  std::string value;
  bool local = false;
  bool reset = false;
};

// LOCK TABLE: an explicit table lock.
struct LockTable {
  Name table;
  std::string mode; // "ACCESS EXCLUSIVE", "SHARE", ... as SQL spells it
  bool nowait = false;
};

enum class MaintenanceKind : uint8_t { Vacuum, VacuumFull, Analyze, Cluster, Reindex, Refresh };
[[nodiscard]] std::string_view to_string(MaintenanceKind k);
struct Maintenance {
  MaintenanceKind kind = MaintenanceKind::Vacuum;
  ObjectKind target_kind = ObjectKind::Table; // REINDEX INDEX/TABLE/SCHEMA/DATABASE
  Name target;                                // empty: the whole database
  bool concurrently = false;
};

// Anything else, still carrying its kind ("GRANT", "COMMENT", "SELECT", ...).
struct OtherStatement {
  std::string kind;
  bool ddl = false; // changes the schema (counts as DDL for phase rules)
};

using Node = std::variant<CreateTable, CreateObject, CreateIndex, DropObject, RenameObject,
                          AddColumn, DropColumn, RenameColumn, RedefineColumn, AlterColumnType,
                          SetDefault, DropDefault, SetNotNull, DropNotNull, AddConstraint,
                          ValidateConstraint, DropConstraint, AlterTableOther, Truncate, Dml,
                          Transaction, SetVariable, LockTable, Maintenance, OtherStatement>;

// A node and the part of the statement it came from (what a caret points at).
struct Item {
  Node node;
  Span span;
};

struct Statement {
  Span span;        // from the first token to the end of the statement
  std::string kind; // "ALTER TABLE", "CREATE INDEX", ...
  std::vector<Item> items;
  // MySQL online DDL clauses of ALTER TABLE / CREATE INDEX / DROP INDEX, upper
  // case as written ("INSTANT", "INPLACE", "COPY", "NOCOPY", "DEFAULT";
  // "NONE", "SHARED", "EXCLUSIVE", "DEFAULT"); empty when not stated.
  std::string algorithm;
  std::string lock;
  Span algorithm_span; // where ALGORITHM= / LOCK= were written (empty when absent)
  Span lock_span;
};

// Whether a node changes the schema (the phase rules' notion of DDL).
[[nodiscard]] bool is_ddl(const Node& node);

} // namespace rollsafe::model
