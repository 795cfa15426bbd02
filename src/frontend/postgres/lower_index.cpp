// CREATE INDEX and the maintenance commands that rebuild or rewrite tables:
// REINDEX, CLUSTER, VACUUM, ANALYZE, REFRESH MATERIALIZED VIEW.
#include "frontend/postgres/pg_nodes.h"

#include <string>
#include <string_view>
#include <utility>

namespace rollsafe::pg {

namespace {

// Whether a DefElem list (VACUUM (FULL), REINDEX (CONCURRENTLY)) holds `option`
// switched on.
bool has_option(const List* options, std::string_view option) {
  for (const auto* def : each<DefElem>(options)) {
    if (def->defname != nullptr && option == def->defname) {
      if (const auto* b = as<Boolean>(def->arg, T_Boolean)) {
        return b->boolval;
      }
      if (const auto* s = as<String>(def->arg, T_String)) {
        const std::string_view v = s->sval;
        return !(v == "false" || v == "off" || v == "0");
      }
      if (const auto* i = as<Integer>(def->arg, T_Integer)) {
        return i->ival != 0;
      }
      return true;
    }
  }
  return false;
}

void lower_index(const IndexStmt* stmt, const LowerCtx& ctx, model::Statement& out) {
  auto& index = push_node<model::CreateIndex>(out);
  name_of(stmt->relation, ctx, index.table);
  index.index.name = view(stmt->idxname);
  index.index.schema = index.table.schema;
  index.index.span = ctx.statement;
  index.unique = stmt->unique;
  index.concurrently = stmt->concurrent;
  index.if_not_exists = stmt->if_not_exists;
  index.columns.reserve(static_cast<size_t>(list_length(stmt->indexParams)));
  for (const auto* elem : each<IndexElem>(stmt->indexParams)) {
    if (elem->name != nullptr) {
      index.columns.emplace_back(elem->name);
    } else {
      index.has_expressions = true;
      column_refs(elem->expr, index.columns);
    }
  }
  if (index.unique) {
    out.kind = "CREATE UNIQUE INDEX";
  }
  // The caret goes from the start of the statement to the table name.
  out.items.back().span = {ctx.statement.begin, index.table.span.end};
}

void lower_reindex(const ReindexStmt* stmt, const LowerCtx& ctx, model::Statement& out) {
  model::Maintenance m;
  m.kind = model::MaintenanceKind::Reindex;
  m.concurrently = has_option(stmt->params, "concurrently");
  switch (stmt->kind) {
  case REINDEX_OBJECT_INDEX:
    m.target_kind = model::ObjectKind::Index;
    m.target = name_of(stmt->relation, ctx);
    break;
  case REINDEX_OBJECT_TABLE:
    m.target_kind = model::ObjectKind::Table;
    m.target = name_of(stmt->relation, ctx);
    break;
  case REINDEX_OBJECT_SCHEMA:
    m.target_kind = model::ObjectKind::Schema;
    m.target.name = str(stmt->name);
    break;
  default:
    m.target_kind = model::ObjectKind::Other; // SYSTEM, DATABASE
    m.target.name = str(stmt->name);
    break;
  }
  out.items.push_back({std::move(m), ctx.statement});
}

void lower_vacuum(const VacuumStmt* stmt, const LowerCtx& ctx, model::Statement& out) {
  model::MaintenanceKind kind = model::MaintenanceKind::Analyze;
  if (stmt->is_vacuumcmd) {
    kind = has_option(stmt->options, "full") ? model::MaintenanceKind::VacuumFull
                                             : model::MaintenanceKind::Vacuum;
  }
  out.kind = std::string(to_string(kind));
  if (list_length(stmt->rels) == 0) {
    model::Maintenance m{kind, model::ObjectKind::Other, {}, false};
    out.items.push_back({std::move(m), ctx.statement});
    return;
  }
  for (const auto* rel : each<VacuumRelation>(stmt->rels)) {
    model::Maintenance m{kind, model::ObjectKind::Table, name_of(rel->relation, ctx), false};
    const model::Span span = m.target.span;
    out.items.push_back({std::move(m), span});
  }
}

} // namespace

bool lower_index_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out) {
  switch (nodeTag(stmt)) {
  case T_IndexStmt:
    lower_index(reinterpret_cast<const IndexStmt*>(stmt), ctx, out);
    return true;
  case T_ReindexStmt:
    lower_reindex(reinterpret_cast<const ReindexStmt*>(stmt), ctx, out);
    return true;
  case T_VacuumStmt:
    lower_vacuum(reinterpret_cast<const VacuumStmt*>(stmt), ctx, out);
    return true;
  case T_ClusterStmt: {
    const auto* cluster = reinterpret_cast<const ClusterStmt*>(stmt);
    model::Maintenance m{model::MaintenanceKind::Cluster, model::ObjectKind::Table,
                         name_of(cluster->relation, ctx), false};
    out.items.push_back({std::move(m), ctx.statement});
    return true;
  }
  case T_RefreshMatViewStmt: {
    const auto* refresh = reinterpret_cast<const RefreshMatViewStmt*>(stmt);
    model::Maintenance m{model::MaintenanceKind::Refresh, model::ObjectKind::MaterializedView,
                         name_of(refresh->relation, ctx), refresh->concurrent};
    out.items.push_back({std::move(m), ctx.statement});
    return true;
  }
  default:
    return false;
  }
}

} // namespace rollsafe::pg
