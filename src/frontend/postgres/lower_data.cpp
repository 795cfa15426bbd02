// INSERT, UPDATE, DELETE, MERGE, COPY and SELECT (SELECT INTO creates a table;
// SELECT set_config('lock_timeout', ...) sets a variable).
#include "frontend/postgres/pg_nodes.h"

#include <string>
#include <string_view>
#include <utility>

namespace rollsafe::pg {

namespace {

void push_dml(model::DmlKind kind, const RangeVar* rel, bool has_where, const LowerCtx& ctx,
              model::Statement& out) {
  auto& dml = push_node<model::Dml>(out, ctx.statement);
  dml.kind = kind;
  name_of(rel, ctx, dml.table);
  dml.has_where = has_where;
}

// SELECT set_config('name', 'value', is_local): the way some tools set
// lock_timeout for a migration.
bool lower_set_config(const SelectStmt* select, const LowerCtx& ctx, model::Statement& out) {
  if (list_length(select->targetList) != 1 || select->fromClause != nullptr) {
    return false;
  }
  const auto* target = static_cast<const ResTarget*>(list_nth(select->targetList, 0));
  const auto* call = as<FuncCall>(target->val, T_FuncCall);
  if (call == nullptr || list_length(call->args) < 2) {
    return false;
  }
  const int n = list_length(call->funcname);
  if (string_value(static_cast<const Node*>(list_nth(call->funcname, n - 1))) != "set_config") {
    return false;
  }
  const auto* name = as<A_Const>(static_cast<const Node*>(list_nth(call->args, 0)), T_A_Const);
  const auto* value = as<A_Const>(static_cast<const Node*>(list_nth(call->args, 1)), T_A_Const);
  if (name == nullptr || value == nullptr || nodeTag(&name->val) != T_String ||
      nodeTag(&value->val) != T_String) {
    return false;
  }
  model::SetVariable set{str(name->val.sval.sval), str(value->val.sval.sval), false, false};
  out.kind = "SET";
  out.items.push_back({std::move(set), ctx.statement});
  return true;
}

} // namespace

bool lower_data_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out) {
  switch (nodeTag(stmt)) {
  case T_InsertStmt:
    push_dml(model::DmlKind::Insert, reinterpret_cast<const InsertStmt*>(stmt)->relation, false,
             ctx, out);
    return true;
  case T_UpdateStmt: {
    const auto* update = reinterpret_cast<const UpdateStmt*>(stmt);
    push_dml(model::DmlKind::Update, update->relation, update->whereClause != nullptr, ctx, out);
    return true;
  }
  case T_DeleteStmt: {
    const auto* del = reinterpret_cast<const DeleteStmt*>(stmt);
    push_dml(model::DmlKind::Delete, del->relation, del->whereClause != nullptr, ctx, out);
    return true;
  }
  case T_MergeStmt:
    push_dml(model::DmlKind::Merge, reinterpret_cast<const MergeStmt*>(stmt)->relation, true, ctx,
             out);
    return true;
  case T_CopyStmt: {
    const auto* copy = reinterpret_cast<const CopyStmt*>(stmt);
    if (copy->is_from && copy->relation != nullptr) {
      push_dml(model::DmlKind::Copy, copy->relation, false, ctx, out);
    } else {
      out.items.push_back({model::OtherStatement{"COPY TO", false}, ctx.statement});
    }
    return true;
  }
  case T_SelectStmt: {
    const auto* select = reinterpret_cast<const SelectStmt*>(stmt);
    if (select->intoClause != nullptr) {
      model::CreateTable create;
      create.table = name_of(select->intoClause->rel, ctx);
      create.as_select = true;
      out.kind = "SELECT INTO";
      const model::Span span = create.table.span;
      out.items.push_back({std::move(create), span});
      return true;
    }
    if (lower_set_config(select, ctx, out)) {
      return true;
    }
    out.items.push_back({model::OtherStatement{"SELECT", false}, ctx.statement});
    return true;
  }
  default:
    return false;
  }
}

} // namespace rollsafe::pg
