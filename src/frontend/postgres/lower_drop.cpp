// DROP of every object kind, and TRUNCATE.
#include "common/ascii.h"
#include "frontend/postgres/pg_nodes.h"
#include "frontend/postgres/pg_text.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rollsafe::pg {

namespace {

// One element of DropStmt.objects: a qualified-name List, a String (schemas,
// extensions), a TypeName (types, domains) or an ObjectWithArgs (functions).
// For triggers, rules and policies the list ends with the object's name and the
// names before it are its table's.
void drop_target(const Node* object, model::ObjectKind kind, const LowerCtx& ctx,
                 model::DropObject& out) {
  if (const auto* list = as<List>(object, T_List)) {
    const int n = list_length(list);
    const bool on_table =
        kind == model::ObjectKind::Trigger || (kind == model::ObjectKind::Other && n >= 2);
    if (on_table && n >= 2) {
      out.name.name = string_view_of(static_cast<const Node*>(list_nth(list, n - 1)));
      out.name.span = ctx.statement;
      name_of(list, ctx, out.table, n - 1);
      return;
    }
    name_of(list, ctx, out.name);
  } else if (const auto* s = as<String>(object, T_String)) {
    out.name.name = view(s->sval);
    out.name.span = ctx.statement;
  } else if (const auto* type = as<TypeName>(object, T_TypeName)) {
    name_of(type->names, ctx, out.name);
  } else if (const auto* func = as<ObjectWithArgs>(object, T_ObjectWithArgs)) {
    name_of(func->objname, ctx, out.name);
  }
}

bool is_keyword(std::string_view word) {
  static constexpr std::array<std::string_view, 14> kWords{
      "drop",   "table",    "view", "index",  "materialized", "concurrently", "if",
      "exists", "sequence", "type", "domain", "schema",       "foreign",      "extension"};
  return std::any_of(kWords.begin(), kWords.end(),
                     [word](std::string_view w) { return iequals_ascii(word, w); });
}

// The text naming each dropped object: DROP TABLE a, b CASCADE has no locations
// in its tree, so split the statement at top-level commas and skip the leading
// keywords of the first part. Falls back to the statement's span.
// The spans are kept in ctx.spans.
const std::vector<model::Span>& object_spans(const LowerCtx& ctx, size_t count) {
  std::vector<model::Span>& parts = ctx.spans;
  split_top_level(ctx.text, ctx.statement.begin, ctx.statement.end, parts);
  if (parts.size() != count) {
    parts.assign(count, ctx.statement);
    return parts;
  }
  model::Span& first = parts.front();
  while (true) {
    const model::Span word = token_span(ctx.text, first.begin, false);
    if (word.empty() || word.end >= first.end ||
        !is_keyword(ctx.text.substr(word.begin, word.end - word.begin))) {
      break;
    }
    first.begin = skip_trivia(ctx.text, word.end);
  }
  return parts;
}

} // namespace

bool lower_drop_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out) {
  if (const auto* drop = as<DropStmt>(stmt, T_DropStmt)) {
    const model::ObjectKind kind = object_kind(drop->removeType);
    const std::string_view what = to_string(kind);
    out.kind.assign("DROP ");
    for (const char c : what) {
      out.kind += ascii_upper(c);
    }
    const std::vector<model::Span>& spans =
        object_spans(ctx, static_cast<size_t>(list_length(drop->objects)));
    out.items.reserve(spans.size());
    size_t i = 0;
    for (const Node* object : each(drop->objects)) {
      auto& d = push_node<model::DropObject>(out, spans[i++]);
      d.kind = kind;
      d.if_exists = drop->missing_ok;
      d.cascade = drop->behavior == DROP_CASCADE;
      d.concurrently = drop->concurrent;
      drop_target(object, kind, ctx, d);
    }
    return true;
  }
  if (const auto* truncate = as<TruncateStmt>(stmt, T_TruncateStmt)) {
    for (const auto* rel : each<RangeVar>(truncate->relations)) {
      model::Truncate t{name_of(rel, ctx)};
      const model::Span span = t.table.span;
      out.items.push_back({std::move(t), span});
    }
    return true;
  }
  return false;
}

} // namespace rollsafe::pg
