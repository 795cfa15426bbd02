// CREATE TABLE, CREATE TABLE AS, ALTER TABLE (each action its own node) and
// ALTER ... RENAME.
#include "frontend/postgres/pg_nodes.h"
#include "frontend/postgres/pg_text.h"

#include <string>
#include <utility>

namespace rollsafe::pg {

namespace {

void lower_create(const CreateStmt* stmt, const LowerCtx& ctx, model::Statement& out) {
  auto& create = push_node<model::CreateTable>(out);
  name_of(stmt->relation, ctx, create.table);
  out.items.back().span = create.table.span;
  create.if_not_exists = stmt->if_not_exists;
  // RELPERSISTENCE_TEMP, from catalog/pg_class.h, which the raw tree does not need.
  create.temporary = stmt->relation->relpersistence == 't';
  size_t columns = 0;
  size_t constraints = 0;
  for (const Node* elt : each(stmt->tableElts)) {
    columns += is<ColumnDef>(elt, T_ColumnDef) ? 1 : 0;
    constraints += is<Constraint>(elt, T_Constraint) ? 1 : 0;
  }
  create.columns.reserve(columns);
  create.constraints.reserve(constraints);
  for (const Node* elt : each(stmt->tableElts)) {
    if (const auto* col = as<ColumnDef>(elt, T_ColumnDef)) {
      lower_column(col, ctx, create.columns.emplace_back());
    } else if (const auto* con = as<Constraint>(elt, T_Constraint)) {
      lower_constraint(con, ctx, create.constraints.emplace_back());
    }
  }
}

// The text of each action of an ALTER TABLE, in order: the part after the table
// name (`table`, the span name_of() gave the relation), split at top-level
// commas. Falls back to the statement when the count of parts does not match
// the parser's count of actions. The spans are kept in ctx.spans.
const std::vector<model::Span>& action_spans(const AlterTableStmt* stmt, model::Span table,
                                             const LowerCtx& ctx) {
  const int n = list_length(stmt->cmds);
  std::vector<model::Span>& spans = ctx.spans;
  spans.clear();
  if (stmt->relation != nullptr && stmt->relation->location >= 0) {
    split_top_level(ctx.text, table.end, ctx.statement.end, spans);
  }
  if (static_cast<int>(spans.size()) != n) {
    spans.assign(static_cast<size_t>(n), ctx.statement);
  }
  return spans;
}

std::string_view action_name(AlterTableType type) {
  switch (type) {
  case AT_SetTableSpace:
    return "SET TABLESPACE";
  case AT_SetLogged:
    return "SET LOGGED";
  case AT_SetUnLogged:
    return "SET UNLOGGED";
  case AT_SetAccessMethod:
    return "SET ACCESS METHOD";
  case AT_EnableTrig:
  case AT_EnableAlwaysTrig:
  case AT_EnableReplicaTrig:
  case AT_EnableTrigAll:
  case AT_EnableTrigUser:
    return "ENABLE TRIGGER";
  case AT_DisableTrig:
  case AT_DisableTrigAll:
  case AT_DisableTrigUser:
    return "DISABLE TRIGGER";
  case AT_ChangeOwner:
    return "OWNER TO";
  case AT_SetStatistics:
    return "SET STATISTICS";
  case AT_SetStorage:
    return "SET STORAGE";
  case AT_SetRelOptions:
  case AT_ResetRelOptions:
    return "SET (storage parameters)";
  case AT_AttachPartition:
    return "ATTACH PARTITION";
  case AT_DetachPartition:
  case AT_DetachPartitionFinalize:
    return "DETACH PARTITION";
  case AT_AddIdentity:
    return "ADD IDENTITY";
  case AT_SetIdentity:
    return "SET IDENTITY";
  case AT_DropIdentity:
    return "DROP IDENTITY";
  case AT_DropExpression:
    return "DROP EXPRESSION";
  case AT_ReplicaIdentity:
    return "REPLICA IDENTITY";
  case AT_EnableRowSecurity:
  case AT_DisableRowSecurity:
  case AT_ForceRowSecurity:
  case AT_NoForceRowSecurity:
    return "ROW LEVEL SECURITY";
  case AT_ClusterOn:
    return "CLUSTER ON";
  case AT_AddInherit:
    return "INHERIT";
  case AT_DropInherit:
    return "NO INHERIT";
  case AT_AlterConstraint:
    return "ALTER CONSTRAINT";
  default:
    return "ALTER TABLE action";
  }
}

// Which of the "other" actions rewrite the table or take less than ACCESS
// EXCLUSIVE (PostgreSQL documentation, ALTER TABLE: lock levels per action).
void other_action_traits(AlterTableType type, model::AlterTableOther& out) {
  switch (type) {
  case AT_SetTableSpace:
  case AT_SetLogged:
  case AT_SetUnLogged:
  case AT_SetAccessMethod:
    out.rewrites = true;
    break;
  case AT_SetStatistics:
  case AT_ClusterOn:
  case AT_DropCluster:
  case AT_SetRelOptions:
  case AT_ResetRelOptions:
  case AT_EnableTrig:
  case AT_EnableAlwaysTrig:
  case AT_EnableReplicaTrig:
  case AT_EnableTrigAll:
  case AT_EnableTrigUser:
  case AT_DisableTrig:
  case AT_DisableTrigAll:
  case AT_DisableTrigUser:
  case AT_AttachPartition:
  case AT_DetachPartitionFinalize:
  case AT_ValidateConstraint:
    out.access_exclusive = false;
    break;
  default:
    break;
  }
}

// Appends a node of the kinds that hold only a table and a column name.
template <class T>
void push_column_node(model::Name&& table, const AlterTableCmd* cmd, model::Span span,
                      model::Statement& out) {
  auto& node = push_node<T>(out, span);
  node.table = std::move(table);
  node.column = view(cmd->name);
}

// `table` is the action's own copy of the table's name (the last action of a
// statement gets the original, moved).
void lower_action(model::Name table, const AlterTableCmd* cmd, model::Span span,
                  const LowerCtx& ctx, model::Statement& out) {
  switch (cmd->subtype) {
  case AT_AddColumn:
  case AT_AddColumnToView: {
    const auto* col = as<ColumnDef>(cmd->def, T_ColumnDef);
    if (col == nullptr) {
      break;
    }
    auto& add = push_node<model::AddColumn>(out, span);
    add.table = std::move(table);
    lower_column(col, ctx, add.column);
    add.if_not_exists = cmd->missing_ok;
    return;
  }
  case AT_DropColumn: {
    auto& drop = push_node<model::DropColumn>(out, span);
    drop.table = std::move(table);
    drop.column = view(cmd->name);
    drop.if_exists = cmd->missing_ok;
    drop.cascade = cmd->behavior == DROP_CASCADE;
    return;
  }
  case AT_AlterColumnType: {
    auto& alter = push_node<model::AlterColumnType>(out, span);
    alter.table = std::move(table);
    alter.column = view(cmd->name);
    if (const auto* col = as<ColumnDef>(cmd->def, T_ColumnDef)) {
      append_type_name(col->typeName, alter.new_type);
      alter.has_using = col->raw_default != nullptr;
    }
    return;
  }
  case AT_ColumnDefault:
    if (cmd->def != nullptr) {
      auto& set = push_node<model::SetDefault>(out, span);
      set.table = std::move(table);
      set.column = view(cmd->name);
      set.value = classify_default(cmd->def, ctx);
    } else {
      push_column_node<model::DropDefault>(std::move(table), cmd, span, out);
    }
    return;
  case AT_SetNotNull:
    push_column_node<model::SetNotNull>(std::move(table), cmd, span, out);
    return;
  case AT_DropNotNull:
    push_column_node<model::DropNotNull>(std::move(table), cmd, span, out);
    return;
  case AT_AddConstraint: {
    const auto* con = as<Constraint>(cmd->def, T_Constraint);
    if (con == nullptr) {
      break;
    }
    auto& add = push_node<model::AddConstraint>(out, span);
    add.table = std::move(table);
    lower_constraint(con, ctx, add.constraint);
    return;
  }
  case AT_ValidateConstraint: {
    auto& validate = push_node<model::ValidateConstraint>(out, span);
    validate.table = std::move(table);
    validate.name = view(cmd->name);
    return;
  }
  case AT_DropConstraint: {
    auto& drop = push_node<model::DropConstraint>(out, span);
    drop.table = std::move(table);
    drop.name = view(cmd->name);
    drop.if_exists = cmd->missing_ok;
    return;
  }
  default:
    break;
  }
  auto& other = push_node<model::AlterTableOther>(out, span);
  other.table = std::move(table);
  other.action = action_name(cmd->subtype);
  other_action_traits(cmd->subtype, other);
}

void lower_alter(const AlterTableStmt* stmt, const LowerCtx& ctx, model::Statement& out) {
  model::Name table = name_of(stmt->relation, ctx);
  if (stmt->objtype != OBJECT_TABLE && stmt->objtype != OBJECT_FOREIGN_TABLE) {
    // ALTER INDEX/SEQUENCE/VIEW ... with table-like actions.
    out.kind = "ALTER " + std::string(to_string(object_kind(stmt->objtype)));
    out.items.push_back({model::OtherStatement{out.kind, true}, table.span});
    return;
  }
  const std::vector<model::Span>& spans = action_spans(stmt, table.span, ctx); // one per action
  const int n = list_length(stmt->cmds);
  if (n == 0) {
    return;
  }
  out.items.reserve(static_cast<size_t>(n));
  auto cmd = [stmt](int i) { return static_cast<const AlterTableCmd*>(list_nth(stmt->cmds, i)); };
  for (int i = 0; i + 1 < n; ++i) {
    lower_action(table, cmd(i), spans[static_cast<size_t>(i)], ctx, out);
  }
  lower_action(std::move(table), cmd(n - 1), spans[static_cast<size_t>(n - 1)], ctx, out);
}

void lower_rename(const RenameStmt* stmt, const LowerCtx& ctx, model::Statement& out) {
  const model::Span span =
      stmt->relation != nullptr ? ctx.from(stmt->relation->location) : ctx.statement;
  const std::string new_name = str(stmt->newname);
  switch (stmt->renameType) {
  case OBJECT_COLUMN:
    out.items.push_back(
        {model::RenameColumn{name_of(stmt->relation, ctx), str(stmt->subname), new_name}, span});
    return;
  case OBJECT_TABLE:
  case OBJECT_VIEW:
  case OBJECT_MATVIEW:
  case OBJECT_INDEX:
  case OBJECT_SEQUENCE:
  case OBJECT_FOREIGN_TABLE:
    out.items.push_back(
        {model::RenameObject{object_kind(stmt->renameType), name_of(stmt->relation, ctx), new_name},
         span});
    return;
  case OBJECT_TABCONSTRAINT: {
    model::Name constraint = name_of(stmt->relation, ctx);
    constraint.name += "." + str(stmt->subname);
    out.items.push_back(
        {model::RenameObject{model::ObjectKind::Constraint, constraint, new_name}, span});
    return;
  }
  default: {
    model::Name object;
    if (const auto* list = as<List>(stmt->object, T_List)) {
      object = name_of(list, ctx);
    } else if (const auto* s = as<String>(stmt->object, T_String)) {
      object.name = str(s->sval);
      object.span = ctx.statement;
    } else if (const auto* type = as<TypeName>(stmt->object, T_TypeName)) {
      object = name_of(type->names, ctx);
    } else if (const auto* func = as<ObjectWithArgs>(stmt->object, T_ObjectWithArgs)) {
      object = name_of(func->objname, ctx);
    }
    out.items.push_back(
        {model::RenameObject{object_kind(stmt->renameType), object, new_name}, span});
    return;
  }
  }
}

} // namespace

bool lower_table_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out) {
  switch (nodeTag(stmt)) {
  case T_CreateStmt:
    lower_create(reinterpret_cast<const CreateStmt*>(stmt), ctx, out);
    return true;
  case T_AlterTableStmt:
    lower_alter(reinterpret_cast<const AlterTableStmt*>(stmt), ctx, out);
    return true;
  case T_RenameStmt:
    lower_rename(reinterpret_cast<const RenameStmt*>(stmt), ctx, out);
    return true;
  case T_CreateTableAsStmt: {
    const auto* ctas = reinterpret_cast<const CreateTableAsStmt*>(stmt);
    const model::Name name = name_of(ctas->into != nullptr ? ctas->into->rel : nullptr, ctx);
    if (ctas->objtype == OBJECT_MATVIEW) {
      out.kind = "CREATE MATERIALIZED VIEW";
      out.items.push_back(
          {model::CreateObject{model::ObjectKind::MaterializedView, name, {}, false}, name.span});
    } else {
      model::CreateTable create;
      create.table = name;
      create.as_select = true;
      create.if_not_exists = ctas->if_not_exists;
      out.items.push_back({std::move(create), name.span});
    }
    return true;
  }
  default:
    return false;
  }
}

} // namespace rollsafe::pg
