// CREATE INDEX and DROP INDEX, with their ALGORITHM= and LOCK= clauses.
#include "frontend/mysql/mysql_lower.h"

#include <utility>

namespace rollsafe::mysql {

using P = g::MySqlParser;

namespace {

void online_clauses(const std::vector<P::OnlineClauseContext*>& clauses, const LowerCtx& ctx,
                    model::Statement& out) {
  for (auto* clause : clauses) {
    if (auto* alg = alternative<P::IndexAlgorithmContext>(clause)) {
      out.algorithm =
          alg->identifier() != nullptr ? to_upper(tree_text(alg->identifier())) : "DEFAULT";
      out.algorithm_span = ctx.span(clause);
    } else if (auto* lock = alternative<P::IndexLockContext>(clause)) {
      out.lock =
          lock->identifier() != nullptr ? to_upper(tree_text(lock->identifier())) : "DEFAULT";
      out.lock_span = ctx.span(clause);
    }
  }
}

} // namespace

bool lower_index_statement(P::SqlStatementContext* s, const LowerCtx& ctx, model::Statement& out) {
  if (auto* c = s->createIndex()) {
    out.kind = "CREATE INDEX";
    model::CreateIndex index;
    index.index.name = lower_identifier(c->identifier());
    index.index.span = ctx.span(c->identifier());
    index.table = table_name(ctx, c->tableName());
    index.columns = key_columns(c->keyList(), &index.has_expressions);
    index.unique = c->UNIQUE() != nullptr;
    index.if_not_exists = c->ifNotExists() != nullptr;
    online_clauses(c->onlineClause(), ctx, out);
    out.items.push_back({std::move(index), out.span});
    return true;
  }
  if (auto* d = s->dropIndex()) {
    out.kind = "DROP INDEX";
    model::DropObject drop;
    drop.kind = model::ObjectKind::Index;
    drop.name.name = lower_identifier(d->identifier());
    drop.name.span = ctx.span(d->identifier());
    drop.table = table_name(ctx, d->tableName());
    drop.if_exists = d->ifExists() != nullptr;
    online_clauses(d->onlineClause(), ctx, out);
    out.items.push_back({std::move(drop), out.span});
    return true;
  }
  return false;
}

} // namespace rollsafe::mysql
