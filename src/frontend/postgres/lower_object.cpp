// CREATE VIEW, SEQUENCE, TYPE, DOMAIN, SCHEMA, TRIGGER, FUNCTION, PROCEDURE and
// EXTENSION, and everything else (kept as an "other" statement with its kind).
#include "frontend/postgres/pg_nodes.h"

#include <string>
#include <utility>

namespace rollsafe::pg {

namespace {

void push_create(model::ObjectKind kind, model::Name name, bool or_replace, const LowerCtx& ctx,
                 model::Statement& out, model::Name table = {}, bool if_not_exists = false) {
  const model::Span span = name.span.empty() ? ctx.statement : name.span;
  out.items.push_back(
      {model::CreateObject{kind, std::move(name), std::move(table), or_replace, if_not_exists},
       span});
}

} // namespace

bool lower_object_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out) {
  switch (nodeTag(stmt)) {
  case T_ViewStmt: {
    const auto* view = reinterpret_cast<const ViewStmt*>(stmt);
    push_create(model::ObjectKind::View, name_of(view->view, ctx), view->replace, ctx, out);
    return true;
  }
  case T_CreateSeqStmt:
    push_create(model::ObjectKind::Sequence,
                name_of(reinterpret_cast<const CreateSeqStmt*>(stmt)->sequence, ctx), false, ctx,
                out);
    return true;
  case T_CreateEnumStmt:
    push_create(model::ObjectKind::Type,
                name_of(reinterpret_cast<const CreateEnumStmt*>(stmt)->typeName, ctx), false, ctx,
                out);
    return true;
  case T_CreateRangeStmt:
    push_create(model::ObjectKind::Type,
                name_of(reinterpret_cast<const CreateRangeStmt*>(stmt)->typeName, ctx), false, ctx,
                out);
    return true;
  case T_CompositeTypeStmt:
    push_create(model::ObjectKind::Type,
                name_of(reinterpret_cast<const CompositeTypeStmt*>(stmt)->typevar, ctx), false, ctx,
                out);
    return true;
  case T_CreateDomainStmt:
    push_create(model::ObjectKind::Domain,
                name_of(reinterpret_cast<const CreateDomainStmt*>(stmt)->domainname, ctx), false,
                ctx, out);
    return true;
  case T_CreateSchemaStmt: {
    const auto* schema = reinterpret_cast<const CreateSchemaStmt*>(stmt);
    model::Name name;
    name.name = str(schema->schemaname);
    name.span = ctx.statement;
    push_create(model::ObjectKind::Schema, std::move(name), false, ctx, out, {},
                schema->if_not_exists);
    return true;
  }
  case T_CreateExtensionStmt: {
    const auto* ext = reinterpret_cast<const CreateExtensionStmt*>(stmt);
    model::Name name;
    name.name = str(ext->extname);
    name.span = ctx.statement;
    push_create(model::ObjectKind::Extension, std::move(name), false, ctx, out, {},
                ext->if_not_exists);
    return true;
  }
  case T_CreateTrigStmt: {
    const auto* trigger = reinterpret_cast<const CreateTrigStmt*>(stmt);
    model::Name name;
    name.name = str(trigger->trigname);
    name.span = ctx.statement;
    push_create(model::ObjectKind::Trigger, std::move(name), trigger->replace, ctx, out,
                name_of(trigger->relation, ctx));
    return true;
  }
  case T_CreateFunctionStmt: {
    const auto* func = reinterpret_cast<const CreateFunctionStmt*>(stmt);
    model::Name name = name_of(func->funcname, ctx);
    out.kind = func->is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION";
    push_create(func->is_procedure ? model::ObjectKind::Procedure : model::ObjectKind::Function,
                std::move(name), func->replace, ctx, out);
    return true;
  }
  default:
    return false;
  }
}

void lower_other_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out) {
  // Statements that change no schema object: they count as neither DDL nor DML.
  bool ddl = true;
  switch (nodeTag(stmt)) {
  case T_DoStmt:
  case T_CallStmt:
  case T_ExplainStmt:
  case T_VariableShowStmt:
  case T_GrantStmt:
  case T_GrantRoleStmt:
  case T_CommentStmt:
  case T_NotifyStmt:
  case T_ListenStmt:
  case T_CheckPointStmt:
  case T_DiscardStmt:
  case T_PrepareStmt:
  case T_ExecuteStmt:
  case T_DeallocateStmt:
  case T_DeclareCursorStmt:
  case T_FetchStmt:
  case T_ClosePortalStmt:
  case T_ConstraintsSetStmt:
  case T_LoadStmt:
    ddl = false;
    break;
  default:
    break;
  }
  out.items.push_back({model::OtherStatement{out.kind, ddl}, ctx.statement});
}

} // namespace rollsafe::pg
