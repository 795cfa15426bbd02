// CREATE/ALTER VIEW, CREATE TRIGGER/PROCEDURE/FUNCTION/EVENT (bodies opaque),
// CREATE DATABASE/SCHEMA.
#include "frontend/mysql/mysql_lower.h"

#include <utility>

namespace rollsafe::mysql {

using P = g::MySqlParser;

namespace {

void create(model::ObjectKind kind, model::Name name, bool or_replace, bool if_not_exists,
            model::Statement& out, model::Name table = {}) {
  model::CreateObject c;
  c.kind = kind;
  c.name = std::move(name);
  c.table = std::move(table);
  c.or_replace = or_replace;
  c.if_not_exists = if_not_exists;
  out.items.push_back({std::move(c), out.span});
}

} // namespace

bool lower_object_statement(P::SqlStatementContext* s, const LowerCtx& ctx, model::Statement& out) {
  if (auto* v = s->createView()) {
    out.kind = "CREATE VIEW";
    create(model::ObjectKind::View, table_name(ctx, v->tableName()), v->REPLACE() != nullptr,
           v->ifNotExists() != nullptr, out);
  } else if (auto* av = s->alterView()) {
    out.kind = "ALTER VIEW";
    create(model::ObjectKind::View, table_name(ctx, av->tableName()), true, false, out);
  } else if (auto* t = s->createTrigger()) {
    out.kind = "CREATE TRIGGER";
    create(model::ObjectKind::Trigger, table_name(ctx, t->tableName(0)), t->REPLACE() != nullptr,
           t->ifNotExists() != nullptr, out, table_name(ctx, t->tableName(1)));
  } else if (auto* r = s->createRoutine()) {
    const bool procedure = r->PROCEDURE() != nullptr;
    out.kind = procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION";
    create(procedure ? model::ObjectKind::Procedure : model::ObjectKind::Function,
           table_name(ctx, r->tableName()), r->REPLACE() != nullptr, r->ifNotExists() != nullptr,
           out);
  } else if (auto* e = s->createEvent()) {
    out.kind = "CREATE EVENT";
    create(model::ObjectKind::Other, table_name(ctx, e->tableName()), e->REPLACE() != nullptr,
           e->ifNotExists() != nullptr, out);
  } else if (auto* db = s->createDatabase()) {
    out.kind = "CREATE DATABASE";
    model::Name name;
    name.name = identifier_text(db->identifier());
    name.span = ctx.span(db->identifier());
    create(model::ObjectKind::Schema, std::move(name), db->REPLACE() != nullptr,
           db->ifNotExists() != nullptr, out);
  } else {
    return false;
  }
  return true;
}

} // namespace rollsafe::mysql
