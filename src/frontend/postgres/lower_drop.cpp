// DROP of every object kind, and TRUNCATE.
#include "frontend/postgres/pg_nodes.h"
#include "frontend/postgres/pg_text.h"

#include <algorithm>
#include <array>
#include <cctype>
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
      out.name.name = string_value(static_cast<const Node*>(list_nth(list, n - 1)));
      out.name.span = ctx.statement;
      out.table = name_of(list, ctx, n - 1);
      return;
    }
    out.name = name_of(list, ctx);
  } else if (const auto* s = as<String>(object, T_String)) {
    out.name.name = str(s->sval);
    out.name.span = ctx.statement;
  } else if (const auto* type = as<TypeName>(object, T_TypeName)) {
    out.name = name_of(type->names, ctx);
  } else if (const auto* func = as<ObjectWithArgs>(object, T_ObjectWithArgs)) {
    out.name = name_of(func->objname, ctx);
  }
}

bool is_keyword(std::string_view word) {
  static constexpr std::array<std::string_view, 14> kWords{
      "drop",   "table",    "view", "index",  "materialized", "concurrently", "if",
      "exists", "sequence", "type", "domain", "schema",       "foreign",      "extension"};
  std::string lower(word);
  for (auto& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return std::find(kWords.begin(), kWords.end(), lower) != kWords.end();
}

// The text naming each dropped object: DROP TABLE a, b CASCADE has no locations
// in its tree, so split the statement at top-level commas and skip the leading
// keywords of the first part. Falls back to the statement's span.
std::vector<model::Span> object_spans(const LowerCtx& ctx, size_t count) {
  std::vector<model::Span> parts =
      split_top_level(ctx.text, ctx.statement.begin, ctx.statement.end);
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
    out.kind = "DROP " + std::string(to_string(kind));
    for (auto& c : out.kind) {
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const std::vector<model::Span> spans =
        object_spans(ctx, static_cast<size_t>(list_length(drop->objects)));
    size_t i = 0;
    for (const Node* object : each(drop->objects)) {
      const model::Span span = spans[i++];
      model::DropObject d;
      d.kind = kind;
      d.if_exists = drop->missing_ok;
      d.cascade = drop->behavior == DROP_CASCADE;
      d.concurrently = drop->concurrent;
      drop_target(object, kind, ctx, d);
      out.items.push_back({std::move(d), span});
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
