// INSERT/REPLACE/UPDATE/DELETE (multi-table forms: one Dml per table written)
// and TRUNCATE.
#include "frontend/mysql/mysql_lower.h"

#include <utility>

namespace rollsafe::mysql {

using P = g::MySqlParser;

namespace {

// Whether the tokens of `rest` hold WHERE outside brackets.
bool has_where(const LowerCtx& ctx, P::RestOfStatementContext* rest) {
  int depth = 0;
  for (const antlr4::Token* token : ctx.tokens_of(rest)) {
    const auto type = token->getType();
    depth += type == P::LPAREN ? 1 : type == P::RPAREN ? -1 : 0;
    if (depth == 0 && type == P::WHERE) {
      return true;
    }
  }
  return false;
}

void dml(model::DmlKind kind, model::Name table, bool where, model::Span span,
         model::Statement& out) {
  out.items.push_back({model::Dml{kind, std::move(table), where}, span});
}

// The tables of a multi-table UPDATE's reference list: the first, and each name
// after a JOIN or a comma outside brackets.
void update_tables(P::UpdateStatementContext* u, const LowerCtx& ctx, bool where,
                   model::Statement& out) {
  dml(model::DmlKind::Update, table_name(ctx, u->tableName()), where, ctx.span(u->tableName()),
      out);
  const auto& children = u->children;
  int depth = 0;
  for (size_t i = 0; i + 1 < children.size(); ++i) {
    auto* term = terminal_of(children[i]);
    if (term == nullptr) {
      continue;
    }
    const auto type = term->getSymbol()->getType();
    if (type == P::SET) {
      break;
    }
    depth += type == P::LPAREN ? 1 : type == P::RPAREN ? -1 : 0;
    if (depth != 0 || (type != P::JOIN && type != P::COMMA && type != P::STRAIGHT_JOIN)) {
      continue;
    }
    auto* next = terminal_of(children[i + 1]);
    if (next == nullptr) {
      continue;
    }
    model::Name name;
    name.name = next->getText();
    if (name.name.size() >= 2 && name.name.front() == '`') {
      name.name = name.name.substr(1, name.name.size() - 2);
    }
    name.span = LowerCtx::span(next->getSymbol());
    if (i + 3 < children.size() && children[i + 2]->getText() == ".") {
      name.schema = name.name;
      name.name = children[i + 3]->getText();
      if (name.name.size() >= 2 && name.name.front() == '`') {
        name.name = name.name.substr(1, name.name.size() - 2);
      }
      if (auto* last = terminal_of(children[i + 3])) {
        name.span.end = LowerCtx::span(last->getSymbol()).end;
      }
    }
    const model::Span span = name.span;
    dml(model::DmlKind::Update, std::move(name), where, span, out);
  }
}

} // namespace

bool lower_data_statement(P::SqlStatementContext* s, const LowerCtx& ctx, model::Statement& out) {
  if (auto* i = s->insertStatement()) {
    out.kind = i->REPLACE() != nullptr ? "REPLACE" : "INSERT";
    dml(model::DmlKind::Insert, table_name(ctx, i->tableName()), false, out.span, out);
  } else if (auto* u = s->updateStatement()) {
    out.kind = "UPDATE";
    update_tables(u, ctx, has_where(ctx, u->restOfStatement()), out);
  } else if (auto* d = s->deleteStatement()) {
    out.kind = "DELETE";
    if (auto* single = alternative<P::DeleteSingleContext>(d)) {
      dml(model::DmlKind::Delete, table_name(ctx, single->tableName()),
          has_where(ctx, single->restOfStatement()), out.span, out);
    } else {
      auto* multi = alternative<P::DeleteMultiContext>(d);
      auto* using_form = alternative<P::DeleteUsingContext>(d);
      const auto targets = multi != nullptr ? multi->deleteTarget() : using_form->deleteTarget();
      const bool where = has_where(ctx, multi != nullptr ? multi->restOfStatement()
                                                         : using_form->restOfStatement());
      for (auto* target : targets) {
        dml(model::DmlKind::Delete, table_name(ctx, target->tableName()), where, ctx.span(target),
            out);
      }
    }
  } else if (auto* t = s->truncateTable()) {
    out.kind = "TRUNCATE";
    out.items.push_back({model::Truncate{table_name(ctx, t->tableName())}, out.span});
  } else {
    return false;
  }
  return true;
}

} // namespace rollsafe::mysql
