#include "rules/support/mysql_online_ddl.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace rollsafe {

std::string_view to_string(DdlAlgorithm a) {
  switch (a) {
  case DdlAlgorithm::Instant:
    return "INSTANT";
  case DdlAlgorithm::Inplace:
    return "INPLACE";
  case DdlAlgorithm::Copy:
    return "COPY";
  case DdlAlgorithm::Unknown:
    break;
  }
  return "DEFAULT";
}

std::string_view to_string(DdlLock l) {
  switch (l) {
  case DdlLock::None:
    return "NONE";
  case DdlLock::Shared:
    return "SHARED";
  case DdlLock::Exclusive:
    break;
  }
  return "EXCLUSIVE";
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return lower(a) == lower(b);
}

// What the target server can do without touching the rows (ALGORITHM=INSTANT).
struct Instant {
  bool add_last = false;      // ADD COLUMN as the last column
  bool add_anywhere = false;  // ADD COLUMN ... FIRST / AFTER
  bool drop_column = false;   // DROP COLUMN
  bool reorder = false;       // MODIFY ... FIRST / AFTER
  bool rename_column = false; // RENAME COLUMN, CHANGE with a new name only
  bool metadata = false;      // SET/DROP DEFAULT, appending ENUM/SET members, RENAME TO
  bool extend_varchar = false;
};

Instant instant_on(const MySqlServer& server) {
  const int v = server.version;
  if (server.mariadb) {
    // MariaDB KB, "InnoDB Online DDL Operations with the INSTANT Alter
    // Algorithm": ADD COLUMN as the last column from 10.3.2 (MDEV-11369); ADD
    // anywhere, DROP COLUMN and reordering from 10.4 (MDEV-15562); renaming a
    // column, defaults and new ENUM/SET members from 10.3; VARCHAR extension
    // from 10.4 ("ALTER TABLE Improvements in MariaDB 10.4"). NOT NULL -> NULL
    // stays INPLACE (a rebuild). Checked against MariaDB 10.11.19 with
    // ALGORITHM=INSTANT / INPLACE, including the COPY-only actions below.
    return {v >= 100302, v >= 100400, v >= 100400, v >= 100400,
            v >= 100300, v >= 100300, v >= 100400};
  }
  // MySQL 8.0 manual, 15.12.1 "Online DDL Operations": ALGORITHM=INSTANT exists
  // from 8.0.12 (ADD COLUMN only as the last column, defaults, ENUM/SET members,
  // RENAME TO); ADD COLUMN at any position and DROP COLUMN from 8.0.29; RENAME
  // COLUMN from 8.0.28. Reordering and VARCHAR extension stay INPLACE.
  return {v >= 80012, v >= 80029, v >= 80029, false, v >= 80028, v >= 80012, false};
}

// "varchar(20)" -> 20; nullopt for other types.
std::optional<int> varchar_length(std::string_view type) {
  if (!type.starts_with("varchar(") || !type.ends_with(")")) {
    return std::nullopt;
  }
  const std::string_view digits = type.substr(8, type.size() - 9);
  int n = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return n;
}

// Bytes an ENUM or SET value takes: an ENUM 1 byte up to 255 members, else 2; a
// SET 1, 2, 3, 4 or 8 bytes for up to 8, 16, 24, 32, 64 members (MySQL manual,
// "Data Type Storage Requirements"). Appending members is INSTANT only while
// this stays the same.
int member_bytes(bool set, size_t members) {
  constexpr size_t kEnumOneByte = 255;
  constexpr size_t kBitsPerByte = 8;
  constexpr size_t kWidestPacked = 4;
  constexpr int kSetWide = 8;
  if (!set) {
    return members <= kEnumOneByte ? 1 : 2;
  }
  const size_t bytes = std::max<size_t>((members + kBitsPerByte - 1) / kBitsPerByte, 1);
  return bytes <= kWidestPacked ? static_cast<int>(bytes) : kSetWide;
}

class Classifier {
public:
  Classifier(const model::Statement& statement, const model::Catalog& catalog,
             const MySqlServer& server, bool foreign_key_checks)
      : catalog_(catalog), server_(server), instant_(instant_on(server)),
        foreign_key_checks_(foreign_key_checks) {
    // Dropping the primary key and adding another in one statement is INPLACE.
    for (const model::Item& item : statement.items) {
      if (const auto* add = std::get_if<model::AddConstraint>(&item.node)) {
        adds_primary_key_ |= add->constraint.kind == model::ConstraintKind::PrimaryKey;
      } else if (const auto* add_column = std::get_if<model::AddColumn>(&item.node)) {
        adds_primary_key_ |= add_column->column.primary_key;
      }
    }
    alter_table_ = statement.kind == "ALTER TABLE";
  }

  std::optional<OnlineDdl> operator()(const model::AddColumn& n) const {
    const std::string column = n.table.column(n.column.name);
    if (n.column.generated_stored) {
      // MySQL: "Adding a STORED column ... In Place: No"; MariaDB likewise.
      return copy(n.table, "adding the stored generated column " + column);
    }
    if (n.column.serial) {
      // "Adding an auto-increment column ... Permits Concurrent DML: No".
      return OnlineDdl{nullptr,
                       DdlAlgorithm::Inplace,
                       DdlLock::Shared,
                       true,
                       n.table,
                       "adding the AUTO_INCREMENT column " + column,
                       ""};
    }
    for (const model::Constraint& c : n.column.constraints) {
      if (c.kind == model::ConstraintKind::ForeignKey && foreign_key_checks_ &&
          inline_references_enforced(server_)) {
        return copy(n.table, "adding " + column + " with a foreign key");
      }
    }
    if (n.column.primary_key) {
      return inplace(n.table, true, "adding " + column + " as the primary key");
    }
    const bool last = n.position.empty();
    if (instant_.add_anywhere || (last && instant_.add_last)) {
      return OnlineDdl{
          nullptr, DdlAlgorithm::Instant, DdlLock::None, false, n.table, "adding " + column, ""};
    }
    OnlineDdl out = inplace(n.table, true, "adding " + column);
    if (!last && instant_.add_last) {
      out.note = "INSTANT adds a column only as the last one before " +
                 std::string(server_.mariadb ? "MariaDB 10.4" : "MySQL 8.0.29");
    }
    return out;
  }

  std::optional<OnlineDdl> operator()(const model::DropColumn& n) const {
    const std::string what = "dropping " + n.table.column(n.column);
    if (instant_.drop_column) {
      return OnlineDdl{nullptr, DdlAlgorithm::Instant, DdlLock::None, false, n.table, what, ""};
    }
    return inplace(n.table, true, what);
  }

  std::optional<OnlineDdl> operator()(const model::RenameColumn& n) const {
    return metadata(n.table, instant_.rename_column,
                    "renaming " + n.table.column(n.column) + " to " + model::ident(n.new_name));
  }

  std::optional<OnlineDdl> operator()(const model::SetDefault& n) const {
    return metadata(n.table, instant_.metadata,
                    "setting the default of " + n.table.column(n.column));
  }

  std::optional<OnlineDdl> operator()(const model::DropDefault& n) const {
    return metadata(n.table, instant_.metadata,
                    "dropping the default of " + n.table.column(n.column));
  }

  std::optional<OnlineDdl> operator()(const model::RedefineColumn& n) const;

  std::optional<OnlineDdl> operator()(const model::AddConstraint& n) const {
    const model::Constraint& c = n.constraint;
    switch (c.kind) {
    case model::ConstraintKind::PrimaryKey:
      // "Adding a primary key: In Place Yes, Rebuilds Table Yes, Concurrent DML Yes".
      return inplace(n.table, true, "adding a primary key to " + n.table.display());
    case model::ConstraintKind::Unique:
      return inplace(n.table, false, "adding a unique index to " + n.table.display());
    case model::ConstraintKind::ForeignKey:
      // "The INPLACE algorithm is supported when foreign_key_checks is disabled.
      // Otherwise, only the COPY algorithm is supported."
      if (foreign_key_checks_) {
        OnlineDdl out = copy(n.table, "adding a foreign key to " + n.table.display());
        out.note = "with foreign_key_checks = 0 it runs INPLACE without a copy, but then "
                   "existing rows are not checked";
        return out;
      }
      return inplace(n.table, false, "adding a foreign key to " + n.table.display());
    case model::ConstraintKind::Check:
      // Adding a CHECK validates every row through a table copy: InnoDB has no
      // in-place path for it (MySQL 8.0.16+, MariaDB 10.2+).
      return copy(n.table, "adding a CHECK constraint to " + n.table.display());
    default:
      return std::nullopt;
    }
  }

  std::optional<OnlineDdl> operator()(const model::DropConstraint& n) const {
    if (iequals(n.name, "PRIMARY")) {
      return drop_primary_key(n.table);
    }
    // Dropping an index, foreign key or CHECK: metadata and index only.
    return inplace(n.table, false, "dropping " + n.name + " of " + n.table.display());
  }

  std::optional<OnlineDdl> operator()(const model::CreateIndex& n) const {
    // "Creating or adding a secondary index: In Place Yes, Concurrent DML Yes".
    return inplace(n.table, false,
                   std::string(n.unique ? "adding a unique index" : "adding an index") + " to " +
                       n.table.display());
  }

  std::optional<OnlineDdl> operator()(const model::DropObject& n) const {
    if (n.kind != model::ObjectKind::Index || n.table.empty()) {
      return std::nullopt;
    }
    if (iequals(n.name.name, "PRIMARY")) {
      return drop_primary_key(n.table);
    }
    return inplace(n.table, false, "dropping index " + n.name.display());
  }

  std::optional<OnlineDdl> operator()(const model::RenameObject& n) const {
    if (!alter_table_) {
      return std::nullopt; // RENAME TABLE takes no ALGORITHM= clause
    }
    if (n.kind == model::ObjectKind::Table) {
      return metadata(n.object, instant_.metadata, "renaming " + n.object.display());
    }
    return std::nullopt; // RENAME INDEX: the table is not in the node
  }

  std::optional<OnlineDdl> operator()(const model::AlterTableOther& n) const {
    const std::string action = lower(n.action);
    if (action.starts_with("convert to")) {
      // "Converting a character set: In Place No".
      return copy(n.table, "converting " + n.table.display() + " to another character set");
    }
    if (action == "force" || action == "row_format" || action == "key_block_size") {
      // "Performing a null rebuild (FORCE, ENGINE=InnoDB)" and "Setting ROW_FORMAT /
      // KEY_BLOCK_SIZE": In Place Yes, Rebuilds Table Yes, Concurrent DML Yes.
      return inplace(n.table, true,
                     (action == "force" ? "rebuilding " : "changing the " + action + " of ") +
                         n.table.display());
    }
    if (action == "engine") {
      // The model does not carry the engine's name.
      return OnlineDdl{nullptr,
                       DdlAlgorithm::Unknown,
                       DdlLock::None,
                       true,
                       n.table,
                       "ENGINE= on " + n.table.display(),
                       "ENGINE=InnoDB on an InnoDB table rebuilds it in place, another engine "
                       "copies it"};
    }
    if (action == "auto_increment") {
      return inplace(n.table, false, "changing the AUTO_INCREMENT value of " + n.table.display());
    }
    if (action == "partition by" || action == "remove partition") {
      // "Partitioning an existing table / REMOVE PARTITIONING: ALGORITHM=COPY only".
      return copy(n.table, (action == "partition by" ? "partitioning "
                                                     : "removing the "
                                                       "partitioning of ") +
                               n.table.display());
    }
    if (n.rewrites) {
      return OnlineDdl{nullptr,
                       DdlAlgorithm::Unknown,
                       DdlLock::None,
                       true,
                       n.table,
                       action + " on " + n.table.display(),
                       "rollsafe does not know whether InnoDB runs it in place"};
    }
    return std::nullopt;
  }

  template <class T> std::optional<OnlineDdl> operator()(const T& /*node*/) const {
    return std::nullopt;
  }

private:
  static OnlineDdl copy(const model::Name& table, std::string what) {
    return {nullptr, DdlAlgorithm::Copy, DdlLock::Shared, true, table, std::move(what), ""};
  }
  static OnlineDdl inplace(const model::Name& table, bool rebuild, std::string what) {
    return {nullptr, DdlAlgorithm::Inplace, DdlLock::None, rebuild, table, std::move(what), ""};
  }
  static OnlineDdl metadata(const model::Name& table, bool instant, std::string what) {
    return {nullptr,
            instant ? DdlAlgorithm::Instant : DdlAlgorithm::Inplace,
            DdlLock::None,
            false,
            table,
            std::move(what),
            ""};
  }
  OnlineDdl drop_primary_key(const model::Name& table) const {
    const std::string what = "dropping the primary key of " + table.display();
    if (adds_primary_key_) {
      return inplace(table, true, what + " and adding another");
    }
    // "Dropping a primary key: In Place No"; with ADD PRIMARY KEY in the same
    // statement it is INPLACE.
    OnlineDdl out = copy(table, what);
    out.note = "dropping it together with ADD PRIMARY KEY in one ALTER TABLE runs INPLACE";
    return out;
  }

  const model::Catalog& catalog_;
  MySqlServer server_;
  Instant instant_;
  bool foreign_key_checks_;
  bool adds_primary_key_ = false;
  bool alter_table_ = false;
};

// MODIFY / CHANGE: what changes decides, compared with the catalog's column.
std::optional<OnlineDdl> Classifier::operator()(const model::RedefineColumn& n) const {
  const std::string column = n.table.column(n.column);
  const model::CatalogTable* table = catalog_.table(n.table);
  const model::CatalogColumn* old = table == nullptr ? nullptr : table->column(n.column);
  if (old == nullptr) {
    return OnlineDdl{nullptr,
                     DdlAlgorithm::Unknown,
                     DdlLock::None,
                     false,
                     n.table,
                     "redefining " + column,
                     "rollsafe has not seen its old definition, so it cannot tell whether the type "
                     "changes (which copies the table)"};
  }
  const model::ColumnDef& def = n.definition;
  // The worst part of the change decides.
  OnlineDdl worst{nullptr,
                  instant_.metadata ? DdlAlgorithm::Instant : DdlAlgorithm::Inplace,
                  DdlLock::None,
                  false,
                  n.table,
                  "redefining " + column,
                  ""};
  const auto consider = [&](OnlineDdl part) {
    if (part.algorithm > worst.algorithm ||
        (part.algorithm == worst.algorithm && part.rebuild && !worst.rebuild)) {
      worst = std::move(part);
    }
  };
  const std::string from = normalize_mysql_type(old->type);
  const std::string to = normalize_mysql_type(def.type);
  if (from != to) {
    const bool members = !old->enum_values.empty() && !def.enum_values.empty() &&
                         from.substr(0, 4) == to.substr(0, 4); // both enum( or both set(
    const std::optional<int> old_len = varchar_length(from);
    const std::optional<int> new_len = varchar_length(to);
    if (members && appends_members(old->enum_values, def.enum_values)) {
      const bool set = from.starts_with("set");
      const std::string what = "appending members to " + column;
      if (member_bytes(set, old->enum_values.size()) == member_bytes(set, def.enum_values.size())) {
        consider(metadata(n.table, instant_.metadata, what));
      } else {
        OnlineDdl out = copy(n.table, what);
        out.note = "the new member count changes the bytes each value takes";
        consider(std::move(out));
      }
    } else if (old_len && new_len && *new_len >= *old_len) {
      // VARCHAR lengths are stored in 1 byte up to 255 bytes, else 2; rollsafe
      // assumes utf8mb4 (4 bytes a character), MySQL 8.0's default.
      constexpr int kBytesPerChar = 4;
      constexpr int kOneByteMax = 255;
      const std::string what = "extending " + column + " from " + from + " to " + to;
      if (instant_.extend_varchar) {
        consider(metadata(n.table, true, what));
      } else if ((*old_len * kBytesPerChar <= kOneByteMax) ==
                 (*new_len * kBytesPerChar <= kOneByteMax)) {
        consider(inplace(n.table, false, what));
      } else {
        OnlineDdl out = copy(n.table, what);
        out.note = "its length prefix grows from 1 to 2 bytes (over 255 bytes in utf8mb4)";
        consider(std::move(out));
      }
    } else {
      consider(copy(n.table, "changing the type of " + column + " from " + from + " to " + to));
    }
  }
  const bool not_null = def.not_null || def.primary_key;
  if (not_null && !old->not_null) {
    // "Making a column NOT NULL: In Place Yes, Rebuilds Table Yes, Concurrent DML Yes".
    consider(inplace(n.table, true, "making " + column + " NOT NULL"));
  } else if (!not_null && old->not_null) {
    // "Making a column NULL: In Place Yes, Rebuilds Table Yes"; MariaDB 10.11 too.
    consider(inplace(n.table, true, "making " + column + " nullable"));
  }
  if (!n.position.empty()) {
    if (instant_.reorder) {
      consider(metadata(n.table, true, "moving " + column));
    } else {
      consider(inplace(n.table, true, "moving " + column + " (" + n.position + ")"));
    }
  }
  if (n.change && !iequals(def.name, n.column)) {
    consider(metadata(n.table, instant_.rename_column,
                      "renaming " + column + " to " + model::ident(def.name)));
  }
  return worst;
}

} // namespace

std::string normalize_mysql_type(std::string_view type) {
  std::string out;
  out.reserve(type.size());
  for (const char c : type) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  // Aliases, then integer display widths: int(11) is an int.
  for (const auto& [alias, name] : {std::pair<std::string_view, std::string_view>{"integer", "int"},
                                    {"boolean", "tinyint"},
                                    {"bool", "tinyint"},
                                    {"numeric", "decimal"},
                                    {"dec", "decimal"}}) {
    if (out.starts_with(alias) &&
        (out.size() == alias.size() ||
         std::isalpha(static_cast<unsigned char>(out[alias.size()])) == 0)) {
      out = std::string(name) + out.substr(alias.size());
      break;
    }
  }
  for (const std::string_view integer : {"tinyint", "smallint", "mediumint", "bigint", "int"}) {
    if (out.starts_with(integer) && out.size() > integer.size() && out[integer.size()] == '(') {
      const size_t close = out.find(')', integer.size());
      if (close != std::string::npos) {
        out.erase(integer.size(), close - integer.size() + 1);
      }
      break;
    }
  }
  return out;
}

std::string mysql_variable(std::string_view name) {
  std::string out = lower(name);
  if (out.starts_with("@@")) {
    out.erase(0, 2);
  }
  for (const std::string_view scope : {"session.", "local.", "session ", "local "}) {
    if (out.starts_with(scope)) {
      out.erase(0, scope.size());
    }
  }
  return out;
}

void ForeignKeyChecks::see(const model::Statement& statement) {
  for (const model::Item& item : statement.items) {
    if (const auto* set = std::get_if<model::SetVariable>(&item.node)) {
      if (mysql_variable(set->name) == "foreign_key_checks") {
        const std::string value = lower(set->value);
        on = set->reset || !(value == "0" || value == "off" || value == "false");
      }
    }
  }
}

bool appends_members(const std::vector<std::string>& from, const std::vector<std::string>& to) {
  return to.size() >= from.size() && std::equal(from.begin(), from.end(), to.begin());
}

namespace {

// The table of the action the classifier may make of `node` (OnlineDdl::table),
// or null for a node it never classifies (CREATE TABLE, data, session, ...),
// so that those cost no lookup.
const model::Name* action_table(const model::Node& node) {
  return std::visit(
      [](const auto& n) -> const model::Name* {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, model::RenameObject>) {
          return n.kind == model::ObjectKind::Table ? &n.object : nullptr;
        } else if constexpr (std::is_same_v<T, model::DropObject>) {
          return n.kind == model::ObjectKind::Index ? &n.table : nullptr;
        } else if constexpr (std::is_same_v<T, model::AddColumn> ||
                             std::is_same_v<T, model::DropColumn> ||
                             std::is_same_v<T, model::RenameColumn> ||
                             std::is_same_v<T, model::SetDefault> ||
                             std::is_same_v<T, model::DropDefault> ||
                             std::is_same_v<T, model::RedefineColumn> ||
                             std::is_same_v<T, model::AddConstraint> ||
                             std::is_same_v<T, model::DropConstraint> ||
                             std::is_same_v<T, model::CreateIndex> ||
                             std::is_same_v<T, model::AlterTableOther>) {
          return &n.table;
        } else {
          return nullptr;
        }
      },
      node);
}

// mysql_online_ddl(), leaving out the actions on tables `skip` is true for.
// Those are left out before they are classified: the classification builds
// the texts of its messages, which no rule reads for a skipped action.
template <typename Skip>
std::vector<OnlineDdl> classify_statement(const model::Statement& statement,
                                          const model::Catalog& catalog, const MySqlServer& server,
                                          bool foreign_key_checks, const Skip& skip) {
  std::vector<OnlineDdl> out;
  const Classifier classify(statement, catalog, server, foreign_key_checks);
  for (const model::Item& item : statement.items) {
    const model::Name* table = action_table(item.node);
    if (table != nullptr && skip(*table)) {
      continue;
    }
    std::optional<OnlineDdl> ddl = std::visit(classify, item.node);
    if (!ddl || (table == nullptr && skip(ddl->table))) {
      continue;
    }
    ddl->item = &item;
    if (out.empty()) {
      out.reserve(statement.items.size() - static_cast<size_t>(&item - statement.items.data()));
    }
    out.push_back(std::move(*ddl));
  }
  return out;
}

} // namespace

std::vector<OnlineDdl> mysql_online_ddl(const model::Statement& statement,
                                        const model::Catalog& catalog, const MySqlServer& server,
                                        bool foreign_key_checks) {
  return classify_statement(statement, catalog, server, foreign_key_checks,
                            [](const model::Name& /*table*/) { return false; });
}

namespace {

// What online_ddl_on_existing_tables() memoises: computed once per statement,
// so it sees each statement once, and SET foreign_key_checks is followed in
// state the file shares rather than in the first asking rule's.
std::vector<OnlineDdl> classify_on_existing_tables(Context& ctx) {
  const model::Statement& statement = ctx.statement();
  auto& fk = ctx.shared_file_state<ForeignKeyChecks>();
  fk.see(statement);
  return classify_statement(statement, ctx.catalog(), {ctx.mariadb(), ctx.mysql_version()}, fk.on,
                            [&](const model::Name& table) { return ctx.is_new_table(table); });
}

} // namespace

const std::vector<OnlineDdl>& online_ddl_on_existing_tables(Context& ctx) {
  return ctx.memo<classify_on_existing_tables>();
}

} // namespace rollsafe
