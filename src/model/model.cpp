#include "model/model.h"

namespace rollsafe::model {

std::string ident(std::string_view name) {
  bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9') && name[0] != '$';
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) {
      plain = false;
    }
  }
  if (plain) {
    return std::string(name);
  }
  std::string out = "\"";
  for (const char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  out += '"';
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
  bool operator()(const Maintenance& /*unused*/) const { return false; }
  bool operator()(const OtherStatement& o) const { return o.ddl; }
  template <class T> bool operator()(const T& /*unused*/) const { return true; }
};
} // namespace

bool is_ddl(const Node& node) {
  return std::visit(DdlVisitor{}, node);
}

} // namespace rollsafe::model
