// DROP TABLE/VIEW/TRIGGER/PROCEDURE/FUNCTION/EVENT/DATABASE: one item per
// object, each with its own span.
#include "frontend/mysql/mysql_lower.h"

#include <utility>

namespace rollsafe::mysql {

using P = g::MySqlParser;

namespace {

void drop_each(model::ObjectKind kind, const std::vector<P::TableNameContext*>& names,
               bool if_exists, bool cascade, const LowerCtx& ctx, model::Statement& out) {
  for (auto* name : names) {
    model::DropObject drop;
    drop.kind = kind;
    drop.name = table_name(ctx, name);
    drop.if_exists = if_exists;
    drop.cascade = cascade;
    out.items.push_back({std::move(drop), ctx.span(name)});
  }
}

model::ObjectKind routine_kind(P::DropRoutineContext* d) {
  if (d->TRIGGER() != nullptr) {
    return model::ObjectKind::Trigger;
  }
  if (d->PROCEDURE() != nullptr) {
    return model::ObjectKind::Procedure;
  }
  if (d->FUNCTION() != nullptr) {
    return model::ObjectKind::Function;
  }
  return model::ObjectKind::Other; // EVENT
}

} // namespace

bool lower_drop_statement(P::SqlStatementContext* s, const LowerCtx& ctx, model::Statement& out) {
  if (auto* d = s->dropTable()) {
    out.kind = "DROP TABLE";
    drop_each(model::ObjectKind::Table, d->tableName(), d->ifExists() != nullptr,
              d->CASCADE() != nullptr, ctx, out);
  } else if (auto* v = s->dropView()) {
    out.kind = "DROP VIEW";
    drop_each(model::ObjectKind::View, v->tableName(), v->ifExists() != nullptr,
              v->CASCADE() != nullptr, ctx, out);
  } else if (auto* r = s->dropRoutine()) {
    out.kind = "DROP " + to_upper(r->getStart() == nullptr ? "" : r->children.at(1)->getText());
    drop_each(routine_kind(r), {r->tableName()}, r->ifExists() != nullptr, false, ctx, out);
  } else if (auto* db = s->dropDatabase()) {
    out.kind = "DROP DATABASE";
    model::DropObject drop;
    drop.kind = model::ObjectKind::Schema;
    drop.name.name = identifier_text(db->identifier());
    drop.name.span = ctx.span(db->identifier());
    drop.if_exists = db->ifExists() != nullptr;
    out.items.push_back({std::move(drop), out.span});
  } else {
    return false;
  }
  return true;
}

} // namespace rollsafe::mysql
