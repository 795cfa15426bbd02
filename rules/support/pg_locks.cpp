#include "rules/support/pg_locks.h"

#include <algorithm>
#include <array>
#include <utility>
#include <variant>

namespace rollsafe {

std::string_view to_string(LockMode mode) {
  switch (mode) {
  case LockMode::AccessShare:
    return "ACCESS SHARE";
  case LockMode::RowShare:
    return "ROW SHARE";
  case LockMode::RowExclusive:
    return "ROW EXCLUSIVE";
  case LockMode::ShareUpdateExclusive:
    return "SHARE UPDATE EXCLUSIVE";
  case LockMode::Share:
    return "SHARE";
  case LockMode::ShareRowExclusive:
    return "SHARE ROW EXCLUSIVE";
  case LockMode::Exclusive:
    return "EXCLUSIVE";
  case LockMode::AccessExclusive:
    return "ACCESS EXCLUSIVE";
  }
  return "ACCESS EXCLUSIVE";
}

std::string TableLock::target() const {
  if (table.empty()) {
    return "every table of the database";
  }
  if (on_index_table) {
    return concat("the table of index ", table.display());
  }
  return table.display();
}

namespace {

using model::ObjectKind;

// `ALTER TABLE t` and the pieces after it, in one allocation.
template <class... Pieces> std::string alter(const model::Name& table, const Pieces&... pieces) {
  return concat("ALTER TABLE ", table.display(), pieces...);
}

struct LockVisitor {
  const model::Catalog& catalog;
  Describe describe;

  // `text` builds the command as written: called only when it is asked for.
  template <class Text>
  TableLock lock(LockMode mode, const model::Name& table, Text&& text,
                 ObjectKind kind = ObjectKind::Table) const {
    TableLock out;
    out.mode = mode;
    out.table = table;
    out.kind = kind;
    if (describe == Describe::Command) {
      out.command = std::forward<Text>(text)();
    }
    return out;
  }

  // A lock on the table an index belongs to: known for indexes created in this
  // release, otherwise only the index's name is.
  template <class Text>
  TableLock index_table_lock(LockMode mode, const model::Name& index, Text&& text) const {
    if (const model::Name* table = catalog.index_table(index)) {
      return lock(mode, *table, std::forward<Text>(text));
    }
    TableLock out = lock(mode, index, std::forward<Text>(text));
    out.on_index_table = true;
    return out;
  }

  std::optional<TableLock> operator()(const model::CreateIndex& n) const {
    // CREATE INDEX: SHARE; CONCURRENTLY: SHARE UPDATE EXCLUSIVE.
    return lock(n.concurrently ? LockMode::ShareUpdateExclusive : LockMode::Share, n.table, [&] {
      return concat(n.concurrently ? "CREATE INDEX CONCURRENTLY ON " : "CREATE INDEX ON ",
                    n.table.display());
    });
  }

  std::optional<TableLock> operator()(const model::CreateObject& n) const {
    if (n.kind == ObjectKind::Trigger && !n.table.empty()) {
      return lock(LockMode::ShareRowExclusive, n.table, [&] {
        return concat("CREATE TRIGGER ", n.name.display(), " ON ", n.table.display());
      });
    }
    return std::nullopt;
  }

  std::optional<TableLock> operator()(const model::DropObject& n) const {
    switch (n.kind) {
    case ObjectKind::Table:
      return lock(LockMode::AccessExclusive, n.name,
                  [&] { return concat("DROP TABLE ", n.name.display()); });
    case ObjectKind::View:
      return lock(
          LockMode::AccessExclusive, n.name, [&] { return concat("DROP VIEW ", n.name.display()); },
          ObjectKind::View);
    case ObjectKind::MaterializedView:
      return lock(
          LockMode::AccessExclusive, n.name,
          [&] { return concat("DROP MATERIALIZED VIEW ", n.name.display()); },
          ObjectKind::MaterializedView);
    case ObjectKind::Index:
      // DROP INDEX: ACCESS EXCLUSIVE on the table; CONCURRENTLY: SHARE UPDATE EXCLUSIVE.
      return index_table_lock(
          n.concurrently ? LockMode::ShareUpdateExclusive : LockMode::AccessExclusive, n.name, [&] {
            return concat(n.concurrently ? "DROP INDEX CONCURRENTLY " : "DROP INDEX ",
                          n.name.display());
          });
    case ObjectKind::Trigger:
    case ObjectKind::Other: // rules and policies
      if (!n.table.empty()) {
        return lock(LockMode::AccessExclusive, n.table, [&] {
          return concat(n.kind == ObjectKind::Trigger ? "DROP TRIGGER " : "DROP RULE/POLICY ",
                        n.name.display(), " ON ", n.table.display());
        });
      }
      return std::nullopt;
    default:
      return std::nullopt;
    }
  }

  std::optional<TableLock> operator()(const model::RenameObject& n) const {
    // "ALTER VIEW v RENAME TO w" and the like: `command` and the names.
    const auto renaming = [&n](std::string_view command) {
      return [&n, command] {
        return concat(command, n.object.display(), " RENAME TO ", model::ident(n.new_name));
      };
    };
    switch (n.kind) {
    case ObjectKind::Table:
      return lock(LockMode::AccessExclusive, n.object, renaming("ALTER TABLE "));
    case ObjectKind::View:
      return lock(LockMode::AccessExclusive, n.object, renaming("ALTER VIEW "), n.kind);
    case ObjectKind::MaterializedView:
      return lock(LockMode::AccessExclusive, n.object, renaming("ALTER MATERIALIZED VIEW "),
                  n.kind);
    case ObjectKind::Sequence:
      return lock(LockMode::AccessExclusive, n.object, renaming("ALTER SEQUENCE "), n.kind);
    case ObjectKind::Index:
      // Since PostgreSQL 12 renaming an index takes SHARE UPDATE EXCLUSIVE on it.
      return lock(LockMode::ShareUpdateExclusive, n.object, renaming("ALTER INDEX "), n.kind);
    case ObjectKind::Constraint: {
      // The frontend names a constraint "table.constraint".
      model::Name table = n.object;
      const size_t dot = table.name.find('.');
      if (dot == std::string::npos) {
        return std::nullopt;
      }
      table.name.resize(dot);
      return lock(LockMode::AccessExclusive, table,
                  [&] { return alter(table, " RENAME CONSTRAINT"); });
    }
    default:
      return std::nullopt;
    }
  }

  // Every ALTER TABLE action below takes ACCESS EXCLUSIVE unless noted.
  // `ALTER TABLE t <what> <column>`, for the actions on one column.
  TableLock column_lock(const model::Name& table, std::string_view what,
                        std::string_view column) const {
    return lock(LockMode::AccessExclusive, table,
                [&] { return alter(table, what, model::ident(column)); });
  }
  std::optional<TableLock> operator()(const model::AddColumn& n) const {
    return column_lock(n.table, " ADD COLUMN ", n.column.name);
  }
  std::optional<TableLock> operator()(const model::DropColumn& n) const {
    return column_lock(n.table, " DROP COLUMN ", n.column);
  }
  std::optional<TableLock> operator()(const model::RenameColumn& n) const {
    return column_lock(n.table, " RENAME COLUMN ", n.column);
  }
  std::optional<TableLock> operator()(const model::AlterColumnType& n) const {
    return lock(LockMode::AccessExclusive, n.table, [&] {
      return alter(n.table, " ALTER COLUMN ", model::ident(n.column), " TYPE ", n.new_type);
    });
  }
  std::optional<TableLock> operator()(const model::SetDefault& n) const {
    return alter_column_lock(n.table, n.column, " SET DEFAULT");
  }
  std::optional<TableLock> operator()(const model::DropDefault& n) const {
    return alter_column_lock(n.table, n.column, " DROP DEFAULT");
  }
  std::optional<TableLock> operator()(const model::SetNotNull& n) const {
    return alter_column_lock(n.table, n.column, " SET NOT NULL");
  }
  std::optional<TableLock> operator()(const model::DropNotNull& n) const {
    return alter_column_lock(n.table, n.column, " DROP NOT NULL");
  }
  // `ALTER TABLE t ALTER COLUMN <column> <what>`.
  TableLock alter_column_lock(const model::Name& table, std::string_view column,
                              std::string_view what) const {
    return lock(LockMode::AccessExclusive, table,
                [&] { return alter(table, " ALTER COLUMN ", model::ident(column), what); });
  }
  std::optional<TableLock> operator()(const model::AddConstraint& n) const {
    // ADD FOREIGN KEY: SHARE ROW EXCLUSIVE (on both tables); CHECK, UNIQUE,
    // PRIMARY KEY and EXCLUDE: ACCESS EXCLUSIVE, with or without NOT VALID.
    const bool fk = n.constraint.kind == model::ConstraintKind::ForeignKey;
    return lock(fk ? LockMode::ShareRowExclusive : LockMode::AccessExclusive, n.table,
                [&] { return alter(n.table, " ADD ", model::to_string(n.constraint.kind)); });
  }
  std::optional<TableLock> operator()(const model::ValidateConstraint& n) const {
    return lock(LockMode::ShareUpdateExclusive, n.table,
                [&] { return alter(n.table, " VALIDATE CONSTRAINT ", model::ident(n.name)); });
  }
  std::optional<TableLock> operator()(const model::DropConstraint& n) const {
    return lock(LockMode::AccessExclusive, n.table,
                [&] { return alter(n.table, " DROP CONSTRAINT ", model::ident(n.name)); });
  }
  std::optional<TableLock> operator()(const model::AlterTableOther& n) const {
    LockMode mode = LockMode::AccessExclusive;
    if (!n.access_exclusive) {
      // ENABLE/DISABLE TRIGGER: SHARE ROW EXCLUSIVE; the other lighter forms
      // (SET STATISTICS, ATTACH PARTITION, SET (fillfactor), ...): SHARE UPDATE EXCLUSIVE.
      mode = n.action == "ENABLE TRIGGER" || n.action == "DISABLE TRIGGER"
                 ? LockMode::ShareRowExclusive
                 : LockMode::ShareUpdateExclusive;
    }
    return lock(mode, n.table, [&] { return alter(n.table, " ", n.action); });
  }

  std::optional<TableLock> operator()(const model::LockTable& n) const {
    static constexpr std::array<std::pair<std::string_view, LockMode>, 8> kModes{{
        {"ACCESS SHARE", LockMode::AccessShare},
        {"ROW SHARE", LockMode::RowShare},
        {"ROW EXCLUSIVE", LockMode::RowExclusive},
        {"SHARE UPDATE EXCLUSIVE", LockMode::ShareUpdateExclusive},
        {"SHARE", LockMode::Share},
        {"SHARE ROW EXCLUSIVE", LockMode::ShareRowExclusive},
        {"EXCLUSIVE", LockMode::Exclusive},
        {"ACCESS EXCLUSIVE", LockMode::AccessExclusive},
    }};
    LockMode mode = LockMode::AccessExclusive;
    for (const auto& [name, m] : kModes) {
      if (name == n.mode) {
        mode = m;
      }
    }
    return lock(mode, n.table,
                [&] { return concat("LOCK TABLE ", n.table.display(), " IN ", n.mode, " MODE"); });
  }

  std::optional<TableLock> operator()(const model::Truncate& n) const {
    return lock(LockMode::AccessExclusive, n.table,
                [&] { return concat("TRUNCATE ", n.table.display()); });
  }

  std::optional<TableLock> operator()(const model::Dml& n) const {
    return lock(LockMode::RowExclusive, n.table,
                [&] { return concat(model::to_string(n.kind), " ", n.table.display()); });
  }

  std::optional<TableLock> operator()(const model::Maintenance& n) const {
    const auto command = [&] {
      const std::string name(model::to_string(n.kind));
      return n.target.empty() ? name : name + " " + n.target.display();
    };
    switch (n.kind) {
    case model::MaintenanceKind::Vacuum:
    case model::MaintenanceKind::Analyze:
      return lock(LockMode::ShareUpdateExclusive, n.target, command);
    case model::MaintenanceKind::VacuumFull:
    case model::MaintenanceKind::Cluster:
      return lock(LockMode::AccessExclusive, n.target, command);
    case model::MaintenanceKind::Refresh:
      // CONCURRENTLY: EXCLUSIVE, reads go on.
      return lock(
          n.concurrently ? LockMode::Exclusive : LockMode::AccessExclusive, n.target,
          [&] {
            return n.concurrently ? "REFRESH MATERIALIZED VIEW CONCURRENTLY " + n.target.display()
                                  : command();
          },
          ObjectKind::MaterializedView);
    case model::MaintenanceKind::Reindex: {
      // REINDEX: SHARE on the table (and ACCESS EXCLUSIVE on each index it
      // rebuilds); CONCURRENTLY: SHARE UPDATE EXCLUSIVE.
      const LockMode mode = n.concurrently ? LockMode::ShareUpdateExclusive : LockMode::Share;
      const auto reindex = [&] {
        return std::string(n.concurrently ? "REINDEX CONCURRENTLY" : "REINDEX") + " " +
               std::string(n.target_kind == ObjectKind::Index ? "INDEX " : "TABLE ") +
               n.target.display();
      };
      if (n.target_kind == ObjectKind::Index) {
        return index_table_lock(mode, n.target, reindex);
      }
      if (n.target_kind == ObjectKind::Table) {
        return lock(mode, n.target, reindex);
      }
      return std::nullopt; // SCHEMA, DATABASE, SYSTEM: many tables, one by one
    }
    }
    return std::nullopt;
  }

  template <class T> std::optional<TableLock> operator()(const T& /*unused*/) const {
    return std::nullopt; // CREATE TABLE, SET, BEGIN, other statements
  }
};

} // namespace

std::optional<TableLock> pg_table_lock(const model::Node& node, const model::Catalog& catalog,
                                       Describe describe) {
  return std::visit(LockVisitor{catalog, describe}, node);
}

bool is_new_relation(const TableLock& lock, const model::Catalog& catalog) {
  if (lock.table.empty() || lock.on_index_table) {
    return false;
  }
  if (lock.kind == model::ObjectKind::Table) {
    return catalog.is_new_table(lock.table);
  }
  return catalog.is_new_object(lock.kind, lock.table);
}

} // namespace rollsafe
