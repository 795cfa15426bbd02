#include "model/model.h"

#include <algorithm>
#include <array>

namespace rollsafe::model {

namespace {
// SQL reserved key words (PostgreSQL's "SQL Key Words" appendix, reserved
// column), sorted: as identifiers they must be quoted.
constexpr std::array<std::string_view, 78> kReserved{"all",
                                                     "analyse",
                                                     "analyze",
                                                     "and",
                                                     "any",
                                                     "array",
                                                     "as",
                                                     "asc",
                                                     "asymmetric",
                                                     "authorization",
                                                     "both",
                                                     "case",
                                                     "cast",
                                                     "check",
                                                     "collate",
                                                     "column",
                                                     "constraint",
                                                     "create",
                                                     "current_catalog",
                                                     "current_date",
                                                     "current_role",
                                                     "current_time",
                                                     "current_timestamp",
                                                     "current_user",
                                                     "default",
                                                     "deferrable",
                                                     "desc",
                                                     "distinct",
                                                     "do",
                                                     "else",
                                                     "end",
                                                     "except",
                                                     "false",
                                                     "fetch",
                                                     "for",
                                                     "foreign",
                                                     "from",
                                                     "grant",
                                                     "group",
                                                     "having",
                                                     "in",
                                                     "initially",
                                                     "intersect",
                                                     "into",
                                                     "lateral",
                                                     "leading",
                                                     "limit",
                                                     "localtime",
                                                     "localtimestamp",
                                                     "not",
                                                     "null",
                                                     "offset",
                                                     "on",
                                                     "only",
                                                     "or",
                                                     "order",
                                                     "placing",
                                                     "primary",
                                                     "references",
                                                     "returning",
                                                     "select",
                                                     "session_user",
                                                     "some",
                                                     "symmetric",
                                                     "table",
                                                     "then",
                                                     "to",
                                                     "trailing",
                                                     "true",
                                                     "union",
                                                     "unique",
                                                     "user",
                                                     "using",
                                                     "variadic",
                                                     "when",
                                                     "where",
                                                     "window",
                                                     "with"};

// kReserved's words by first letter: [begin, end) into the sorted array, so a
// lookup compares against the few words of its letter (ident() runs for every
// name in every message).
struct LetterRange {
  uint8_t begin = 0;
  uint8_t end = 0;
};
constexpr std::array<LetterRange, 26> kByLetter = [] {
  std::array<LetterRange, 26> out{};
  for (size_t i = 0; i < kReserved.size(); ++i) {
    LetterRange& r = out[static_cast<size_t>(kReserved[i][0] - 'a')];
    if (r.begin == r.end) {
      r.begin = static_cast<uint8_t>(i);
    }
    r.end = static_cast<uint8_t>(i + 1);
  }
  return out;
}();

// The characters an unquoted identifier may hold after its first: [a-z0-9_$].
constexpr std::array<bool, 256> kPlainChar = [] {
  std::array<bool, 256> out{};
  for (int c = 'a'; c <= 'z'; ++c) {
    out[static_cast<size_t>(c)] = true;
  }
  for (int c = '0'; c <= '9'; ++c) {
    out[static_cast<size_t>(c)] = true;
  }
  out['_'] = true;
  out['$'] = true;
  return out;
}();

// `word` is plain (starts with [a-z_]).
bool is_reserved(std::string_view word) {
  if (word[0] == '_') {
    return false;
  }
  const LetterRange r = kByLetter[static_cast<size_t>(word[0] - 'a')];
  for (size_t i = r.begin; i < r.end; ++i) {
    if (kReserved[i] == word) {
      return true;
    }
  }
  return false;
}

bool is_plain(std::string_view name) {
  if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_')) {
    return false;
  }
  // Every character is looked at, without a branch per character: almost
  // every name is plain, so stopping early would rarely pay for the branch.
  bool plain = true;
  for (const char c : name) {
    plain &= kPlainChar[static_cast<unsigned char>(c)];
  }
  return plain && !is_reserved(name);
}

// Appends `name` as ident() writes it.
void append_ident(std::string& out, std::string_view name) {
  if (is_plain(name)) {
    out += name;
    return;
  }
  out += '"';
  for (const char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
}

// Room for `name` as ident() writes it when it needs no quotes (almost every
// name: a quoted one grows the string); no more, so that a short result stays
// in the string's own buffer.
size_t ident_reserve(std::string_view name) {
  return name.size();
}
} // namespace

static_assert(std::is_sorted(kReserved.begin(), kReserved.end()));

std::string ident(std::string_view name) {
  std::string out;
  out.reserve(ident_reserve(name));
  append_ident(out, name);
  return out;
}

namespace {
size_t name_reserve(const Name& n) {
  return (n.schema.empty() ? 0 : ident_reserve(n.schema) + 1) + ident_reserve(n.name);
}

void append_name(std::string& out, const Name& n) {
  if (!n.schema.empty()) {
    append_ident(out, n.schema);
    out += '.';
  }
  append_ident(out, n.name);
}
} // namespace

std::string Name::display() const {
  std::string out;
  out.reserve(name_reserve(*this));
  append_name(out, *this);
  return out;
}

std::string Name::column(std::string_view column_name) const {
  std::string out;
  out.reserve(name_reserve(*this) + 1 + ident_reserve(column_name));
  append_name(out, *this);
  out += '.';
  append_ident(out, column_name);
  return out;
}

std::string_view to_string(Volatility v) {
  switch (v) {
  case Volatility::Null:
    return "null";
  case Volatility::Constant:
    return "constant";
  case Volatility::Stable:
    return "stable";
  case Volatility::Volatile:
    return "volatile";
  case Volatility::Unknown:
    return "unknown";
  }
  return "unknown";
}

std::string_view to_string(ConstraintKind k) {
  switch (k) {
  case ConstraintKind::Check:
    return "CHECK";
  case ConstraintKind::Unique:
    return "UNIQUE";
  case ConstraintKind::PrimaryKey:
    return "PRIMARY KEY";
  case ConstraintKind::ForeignKey:
    return "FOREIGN KEY";
  case ConstraintKind::Exclusion:
    return "EXCLUDE";
  case ConstraintKind::NotNull:
    return "NOT NULL";
  }
  return "CONSTRAINT";
}

std::string_view to_string(ObjectKind k) {
  switch (k) {
  case ObjectKind::Table:
    return "table";
  case ObjectKind::View:
    return "view";
  case ObjectKind::MaterializedView:
    return "materialized view";
  case ObjectKind::Index:
    return "index";
  case ObjectKind::Sequence:
    return "sequence";
  case ObjectKind::Type:
    return "type";
  case ObjectKind::Domain:
    return "domain";
  case ObjectKind::Schema:
    return "schema";
  case ObjectKind::Trigger:
    return "trigger";
  case ObjectKind::Function:
    return "function";
  case ObjectKind::Procedure:
    return "procedure";
  case ObjectKind::Extension:
    return "extension";
  case ObjectKind::Column:
    return "column";
  case ObjectKind::Constraint:
    return "constraint";
  case ObjectKind::Other:
    return "object";
  }
  return "object";
}

std::string_view to_string(DmlKind k) {
  switch (k) {
  case DmlKind::Insert:
    return "INSERT";
  case DmlKind::Update:
    return "UPDATE";
  case DmlKind::Delete:
    return "DELETE";
  case DmlKind::Merge:
    return "MERGE";
  case DmlKind::Copy:
    return "COPY";
  }
  return "DML";
}

std::string_view to_string(MaintenanceKind k) {
  switch (k) {
  case MaintenanceKind::Vacuum:
    return "VACUUM";
  case MaintenanceKind::VacuumFull:
    return "VACUUM FULL";
  case MaintenanceKind::Analyze:
    return "ANALYZE";
  case MaintenanceKind::Cluster:
    return "CLUSTER";
  case MaintenanceKind::Reindex:
    return "REINDEX";
  case MaintenanceKind::Refresh:
    return "REFRESH MATERIALIZED VIEW";
  }
  return "maintenance";
}

namespace {
struct DdlVisitor {
  bool operator()(const Truncate& /*unused*/) const { return false; }
  bool operator()(const Dml& /*unused*/) const { return false; }
  bool operator()(const Transaction& /*unused*/) const { return false; }
  bool operator()(const SetVariable& /*unused*/) const { return false; }
  bool operator()(const LockTable& /*unused*/) const { return false; }
  bool operator()(const Maintenance& /*unused*/) const { return false; }
  bool operator()(const OtherStatement& o) const { return o.ddl; }
  template <class T> bool operator()(const T& /*unused*/) const { return true; }
};
} // namespace

bool is_ddl(const Node& node) {
  return std::visit(DdlVisitor{}, node);
}

} // namespace rollsafe::model
