// Helpers shared by the MySQL lowering files: spans, names, column definitions,
// defaults and table-level constraints (see mysql_lower.h).
#include "common/ascii.h"
#include "frontend/mysql/mysql_lexer.h"
#include "frontend/mysql/mysql_lower.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <typeinfo>

namespace rollsafe::mysql {

using P = g::MySqlParser;

namespace {
// LowerCtx::span() of a context from its first and last token. `T` is the
// frontend's PooledToken, whose accessors are then called without a virtual
// call (it is final), or antlr4::Token for any other token class.
template <typename T>
model::Span span_between(const T* start, const T* stop, const model::Span& statement) {
  if (start->getType() == antlr4::Token::EOF) {
    return statement;
  }
  const auto begin = static_cast<uint32_t>(start->getStartIndex());
  if (stop == nullptr || stop->getType() == antlr4::Token::EOF ||
      stop->getTokenIndex() < start->getTokenIndex()) {
    return {begin, static_cast<uint32_t>(start->getStopIndex() + 1)};
  }
  return {begin, static_cast<uint32_t>(stop->getStopIndex() + 1)};
}
} // namespace

model::Span LowerCtx::span(antlr4::ParserRuleContext* ctx) const {
  const antlr4::Token* start = ctx->start;
  const antlr4::Token* stop = ctx->stop;
  if (start == nullptr) {
    return statement;
  }
  if (typeid(*start) == typeid(PooledToken) &&
      (stop == nullptr || typeid(*stop) == typeid(PooledToken))) {
    return span_between(static_cast<const PooledToken*>(start),
                        static_cast<const PooledToken*>(stop), statement);
  }
  return span_between(start, stop, statement);
}

model::Span LowerCtx::span(const antlr4::Token* token) {
  return {static_cast<uint32_t>(token->getStartIndex()),
          static_cast<uint32_t>(token->getStopIndex() + 1)};
}

std::string_view LowerCtx::source(antlr4::ParserRuleContext* ctx) const {
  const model::Span s = span(ctx);
  return text.substr(s.begin, s.end - s.begin);
}

std::vector<antlr4::Token*> LowerCtx::tokens_of(antlr4::ParserRuleContext* ctx) const {
  std::vector<antlr4::Token*> out;
  const antlr4::Token* start = ctx->getStart();
  const antlr4::Token* stop = ctx->getStop();
  if (start == nullptr || stop == nullptr || stop->getTokenIndex() < start->getTokenIndex()) {
    return out; // an empty context
  }
  for (size_t i = start->getTokenIndex(); i <= stop->getTokenIndex(); ++i) {
    antlr4::Token* token = tokens->get(i);
    if (token->getChannel() == antlr4::Token::DEFAULT_CHANNEL &&
        token->getType() != antlr4::Token::EOF) {
      out.push_back(token);
    }
  }
  return out;
}

namespace {
// ASCII case mapping (common/ascii.h), without a library call per character.
void lower_in_place(std::string& s) {
  for (char& c : s) {
    c = ascii_lower(c);
  }
}
void append_lower(std::string& out, std::string_view s) {
  for (const char c : s) {
    out += ascii_lower(c);
  }
}
} // namespace

std::string to_lower(std::string_view s) {
  std::string out(s);
  lower_in_place(out);
  return out;
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = ascii_upper(c);
  }
  return out;
}

namespace {
// The text between the quotes of a quoted token with `quote` doubled inside,
// appended to `out`.
void append_unquoted(std::string& out, std::string_view token, char quote, bool backslash) {
  const std::string_view body = token.substr(1, token.size() >= 2 ? token.size() - 2 : 0);
  out.reserve(out.size() + body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    // A run without the quote or (where it escapes) a backslash is copied whole.
    size_t run = i;
    while (run < body.size() && body[run] != quote && !(backslash && body[run] == '\\')) {
      ++run;
    }
    if (run != i) {
      out.append(body.substr(i, run - i));
      if (run == body.size()) {
        break;
      }
      i = run;
    }
    const char c = body[i];
    if (backslash && c == '\\' && i + 1 < body.size()) {
      const char e = body[++i];
      switch (e) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '0':
        out += '\0';
        break;
      case 'b':
        out += '\b';
        break;
      case 'Z':
        out += '\x1a';
        break;
      case '%':
        out += "\\%";
        break; // kept for LIKE patterns, as MySQL does
      case '_':
        out += "\\_";
        break;
      default:
        out += e;
        break;
      }
      continue;
    }
    out += c;
    if (c == quote && i + 1 < body.size() && body[i + 1] == quote) {
      ++i;
    }
  }
}

std::string unquote(std::string_view token, char quote, bool backslash) {
  std::string out;
  append_unquoted(out, token, quote, backslash);
  return out;
}
} // namespace

namespace {
void append_tree_text(antlr4::tree::ParseTree* node, std::string& out) {
  if (auto* term = terminal_of(node)) {
    out += term->getSymbol()->getText();
    return;
  }
  for (auto* child : node->children) {
    append_tree_text(child, out);
  }
}
} // namespace

std::string tree_text(antlr4::tree::ParseTree* node) {
  std::string out;
  append_tree_text(node, out);
  return out;
}

std::string_view token_text(const antlr4::Token* token, std::string& scratch) {
  if (typeid(*token) == typeid(PooledToken) && token->getType() != antlr4::Token::EOF) {
    return static_cast<const PooledToken*>(token)->text();
  }
  scratch = token->getText();
  return scratch;
}

std::string identifier_text(P::IdentifierContext* id) {
  // One token: ID, BACKTICK_ID or a non-reserved keyword.
  const antlr4::Token* token = id->getStart();
  std::string scratch;
  const std::string_view text = token_text(token, scratch);
  if (token->getType() == P::BACKTICK_ID) {
    std::string out;
    append_unquoted(out, text, '`', false);
    return out;
  }
  return std::string(text);
}

std::string lower_identifier(P::IdentifierContext* id) {
  std::string out = identifier_text(id);
  lower_in_place(out);
  return out;
}

std::string column_name(P::ColumnNameContext* c) {
  // a, t.a or db.t.a: the column is the last part.
  return lower_identifier(
      antlr_children::last_rule_child<P::IdentifierContext>(c, P::RuleIdentifier));
}

model::Name table_name(const LowerCtx& ctx, P::TableNameContext* t) {
  // name or schema.name: the parts without a vector of them.
  model::Name name;
  auto* first = antlr_children::rule_child<P::IdentifierContext>(t, P::RuleIdentifier, 0);
  auto* second = antlr_children::rule_child<P::IdentifierContext>(t, P::RuleIdentifier, 1);
  if (second != nullptr) {
    name.schema = identifier_text(first);
    name.name = identifier_text(second);
  } else {
    name.name = identifier_text(first);
  }
  name.span = ctx.span(t);
  return name;
}

std::string string_literal_value(P::TextLiteralContext* lit) {
  std::string out;
  for (auto* s : lit->SQ_STRING()) {
    append_unquoted(out, s->getSymbol()->getText(), '\'', true);
  }
  for (auto* s : lit->DQ_STRING()) {
    append_unquoted(out, s->getSymbol()->getText(), '"', true);
  }
  if (lit->NATIONAL_STRING() != nullptr) {
    out += unquote(lit->NATIONAL_STRING()->getText().substr(1), '\'', true);
  }
  return out;
}

namespace {

// Functions whose value differs per row (like PostgreSQL's volatile ones).
constexpr std::array kVolatile = {"rand",     "uuid",    "uuid_short", "sysdate",
                                  "sys_guid", "uuid_v4", "uuid_v7",    "nextval"};
// One value per statement.
constexpr std::array kStable = {
    "now",          "current_timestamp", "localtime",     "localtimestamp",
    "current_date", "current_time",      "utc_timestamp", "curdate",
    "curtime",      "current_user",      "user",          "database"};

model::Volatility function_volatility(const std::string& fn) {
  if (std::ranges::find(kVolatile, fn) != kVolatile.end()) {
    return model::Volatility::Volatile;
  }
  if (std::ranges::find(kStable, fn) != kStable.end()) {
    return model::Volatility::Stable;
  }
  return model::Volatility::Unknown;
}

// The volatility of an expression: the least stable function called in it (a
// name followed by an opening bracket).
model::Volatility expression_volatility(const LowerCtx& ctx, antlr4::ParserRuleContext* expr,
                                        std::string& function) {
  model::Volatility result = model::Volatility::Constant;
  const std::vector<antlr4::Token*> tokens = ctx.tokens_of(expr);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const auto type = tokens[i]->getType();
    const bool call = i + 1 < tokens.size() && tokens[i + 1]->getType() == P::LPAREN;
    const bool time_keyword = type == P::CURRENT_TIMESTAMP || type == P::LOCALTIME ||
                              type == P::LOCALTIMESTAMP || type == P::CURRENT_DATE ||
                              type == P::CURRENT_TIME || type == P::UTC_TIMESTAMP ||
                              type == P::CURRENT_USER;
    if (!call && !time_keyword) {
      continue;
    }
    const std::string fn = to_lower(tokens[i]->getText());
    const model::Volatility v = function_volatility(fn);
    if (v == model::Volatility::Constant) {
      continue;
    }
    // Volatile decides most, then an unknown function, then a stable one.
    const auto rank = [](model::Volatility x) {
      return x == model::Volatility::Volatile  ? 3
             : x == model::Volatility::Unknown ? 2
             : x == model::Volatility::Stable  ? 1
                                               : 0;
    };
    if (rank(v) > rank(result)) {
      result = v;
      function = fn;
    }
  }
  return result;
}

void check_columns(const LowerCtx& ctx, P::ParenthesizedContext* expr, model::Constraint& check) {
  // The names a CHECK expression reads: identifiers not called as functions
  // (the last part of t.col). Keywords such as NULL or AND are not identifiers.
  const std::vector<antlr4::Token*> tokens = ctx.tokens_of(expr);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const auto type = tokens[i]->getType();
    const bool name = type == P::ID || type == P::BACKTICK_ID;
    const bool call = i + 1 < tokens.size() && tokens[i + 1]->getType() == P::LPAREN;
    const bool qualifier = i + 1 < tokens.size() && tokens[i + 1]->getType() == P::DOT;
    if (!name || call || qualifier) {
      continue;
    }
    std::string text = tokens[i]->getText();
    if (type == P::BACKTICK_ID) {
      text = text.substr(1, text.size() - 2);
    }
    text = to_lower(text);
    if (std::ranges::find(check.columns, text) == check.columns.end()) {
      check.columns.push_back(text);
    }
  }
  // CHECK (col IS NOT NULL): ( col IS NOT NULL )
  if (tokens.size() == 6 && check.columns.size() == 1 && tokens[2]->getType() == P::IS &&
      tokens[3]->getType() == P::NOT && tokens[4]->getType() == P::NULL_) {
    check.not_null_column = check.columns.front();
  }
}

} // namespace

model::DefaultValue default_value(const LowerCtx& ctx, P::DefaultValueContext* d) {
  model::DefaultValue out;
  out.span = ctx.span(d);
  if (auto* lit = d->signedLiteral(); lit != nullptr) {
    out.volatility =
        lit->literal()->NULL_() != nullptr ? model::Volatility::Null : model::Volatility::Constant;
    return out;
  }
  out.volatility = expression_volatility(ctx, d, out.function);
  return out;
}

namespace {

std::string normalised_type(const LowerCtx& ctx, P::DataTypeContext* type) {
  // The type as written up to its modifiers, lower case, without blanks inside
  // the brackets: "varchar(20)", "int unsigned", "enum('a','b')".
  std::string out;
  auto* plain = alternative<P::PlainTypeContext>(type);
  if (plain != nullptr) {
    // typeName (LPAREN typeArgument (COMMA typeArgument)* RPAREN)? typeSuffix*,
    // read in one pass over the children (each accessor call scans them all).
    std::string scratch;
    for (antlr4::tree::ParseTree* child : plain->children) {
      if (auto* term = terminal_of(child)) {
        const size_t kind = term->getSymbol()->getType();
        out += kind == P::LPAREN ? '(' : kind == P::COMMA ? ',' : ')';
        continue;
      }
      auto* rule = static_cast<antlr4::ParserRuleContext*>(child);
      const size_t index = rule->getRuleIndex();
      if (index == P::RuleTypeName) {
        append_lower(out, ctx.source(rule));
      } else if (index == P::RuleTypeArgument) {
        append_lower(out, token_text(rule->getStart(), scratch));
      } else if (index == P::RuleTypeSuffix) {
        auto* suffix = static_cast<P::TypeSuffixContext*>(rule);
        if (suffix->UNSIGNED() != nullptr || suffix->ZEROFILL() != nullptr) {
          out += ' ';
          append_lower(out, token_text(suffix->getStart(), scratch));
        }
      }
    }
    return out;
  }
  auto* e = alternative<P::EnumTypeContext>(type);
  out = e->ENUM() != nullptr ? "enum(" : "set(";
  const auto literals = e->textLiteral();
  for (size_t i = 0; i < literals.size(); ++i) {
    if (i > 0) {
      out += ',';
    }
    out += ctx.source(literals[i]);
  }
  return out + ')';
}

} // namespace

model::ColumnDef column_definition(const LowerCtx& ctx, P::ColumnDefinitionContext* c) {
  model::ColumnDef col;
  col.name = column_name(c->columnName());
  col.span = ctx.span(c);
  P::DataTypeContext* type = c->dataType();
  col.type = normalised_type(ctx, type);
  if (auto* e = alternative<P::EnumTypeContext>(type)) {
    for (auto* lit : e->textLiteral()) {
      col.enum_values.push_back(string_literal_value(lit));
    }
  }
  if (col.type == "serial") { // normalised_type() lowers every type but ENUM/SET
    // SERIAL = BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE.
    col.serial = true;
    col.not_null = true;
  }
  // columnName dataType columnAttribute*: the attributes without a vector of them.
  for (antlr4::tree::ParseTree* child : c->children) {
    antlr4::RuleContext* rule = antlr_children::rule_of(child);
    if (rule == nullptr || rule->getRuleIndex() != P::RuleColumnAttribute) {
      continue;
    }
    auto* attr = static_cast<P::ColumnAttributeContext*>(rule);
    if (auto* n = alternative<P::NullAttributeContext>(attr)) {
      col.not_null = n->NOT() != nullptr;
    } else if (auto* d = alternative<P::DefaultAttributeContext>(attr)) {
      col.default_value = default_value(ctx, d->defaultValue());
    } else if (alternative<P::AutoIncrementAttributeContext>(attr) != nullptr ||
               alternative<P::SerialDefaultAttributeContext>(attr) != nullptr) {
      col.serial = true;
    } else if (auto* pk = alternative<P::PrimaryKeyAttributeContext>(attr)) {
      // KEY alone in a column definition also means PRIMARY KEY.
      (void)pk;
      col.primary_key = true;
      col.not_null = true;
    } else if (alternative<P::UniqueAttributeContext>(attr) != nullptr) {
      model::Constraint u;
      u.kind = model::ConstraintKind::Unique;
      u.span = ctx.span(attr);
      u.columns = {col.name};
      col.constraints.push_back(std::move(u));
    } else if (auto* gen = alternative<P::GeneratedAttributeContext>(attr)) {
      // Stored generated columns are computed for every row when added.
      col.generated_stored = gen->STORED() != nullptr || gen->PERSISTENT() != nullptr;
    } else if (auto* chk = alternative<P::CheckAttributeContext>(attr)) {
      model::Constraint check;
      check.kind = model::ConstraintKind::Check;
      check.span = ctx.span(attr);
      if (chk->identifier() != nullptr) {
        check.name = lower_identifier(chk->identifier());
      }
      check.columns = {col.name};
      col.constraints.push_back(std::move(check));
    } else if (auto* ref = alternative<P::ReferencesAttributeContext>(attr)) {
      model::Constraint fk;
      fk.kind = model::ConstraintKind::ForeignKey;
      fk.span = ctx.span(attr);
      fk.columns = {col.name};
      auto* def = ref->referenceDefinition();
      fk.references = table_name(ctx, def->tableName());
      if (def->keyList() != nullptr) {
        fk.referenced_columns = key_columns(def->keyList(), nullptr);
      }
      col.constraints.push_back(std::move(fk));
    }
  }
  return col;
}

std::vector<std::string> key_columns(P::KeyListContext* keys, bool* has_expressions) {
  std::vector<std::string> out;
  for (auto* part : keys->keyPart()) {
    if (part->columnName() != nullptr) {
      out.push_back(column_name(part->columnName()));
    } else if (has_expressions != nullptr) {
      *has_expressions = true;
    }
  }
  return out;
}

namespace {
model::ReferentialAction on_delete(P::ReferenceDefinitionContext* def) {
  for (auto* action : def->referenceAction()) {
    if (action->DELETE() == nullptr) {
      continue;
    }
    auto* opt = action->referenceOption();
    if (opt->CASCADE() != nullptr) {
      return model::ReferentialAction::Cascade;
    }
    if (opt->RESTRICT() != nullptr) {
      return model::ReferentialAction::Restrict;
    }
    if (opt->NULL_() != nullptr) {
      return model::ReferentialAction::SetNull;
    }
    if (opt->DEFAULT() != nullptr) {
      return model::ReferentialAction::SetDefault;
    }
  }
  return model::ReferentialAction::NoAction;
}

std::string constraint_name(P::ConstraintNameContext* c) {
  return c != nullptr && c->identifier() != nullptr ? lower_identifier(c->identifier()) : "";
}
} // namespace

TableElement table_constraint(const LowerCtx& ctx, const model::Name& table,
                              P::TableConstraintContext* c) {
  TableElement out;
  out.constraint.span = ctx.span(c);
  if (auto* pk = alternative<P::PrimaryKeyConstraintContext>(c)) {
    out.constraint.kind = model::ConstraintKind::PrimaryKey;
    out.constraint.name = "PRIMARY"; // MySQL names every primary key PRIMARY
    out.constraint.columns = key_columns(pk->keyList(), nullptr);
  } else if (auto* u = alternative<P::UniqueConstraintContext>(c)) {
    out.constraint.kind = model::ConstraintKind::Unique;
    out.constraint.name = u->identifier() != nullptr ? lower_identifier(u->identifier())
                                                     : constraint_name(u->constraintName());
    out.constraint.columns = key_columns(u->keyList(), nullptr);
  } else if (auto* fk = alternative<P::ForeignKeyConstraintContext>(c)) {
    out.constraint.kind = model::ConstraintKind::ForeignKey;
    out.constraint.name = constraint_name(fk->constraintName());
    if (out.constraint.name.empty() && fk->identifier() != nullptr) {
      out.constraint.name = lower_identifier(fk->identifier());
    }
    out.constraint.columns = key_columns(fk->keyList(), nullptr);
    auto* def = fk->referenceDefinition();
    out.constraint.references = table_name(ctx, def->tableName());
    if (def->keyList() != nullptr) {
      out.constraint.referenced_columns = key_columns(def->keyList(), nullptr);
    }
    out.constraint.on_delete = on_delete(def);
  } else if (auto* chk = alternative<P::CheckConstraintContext>(c)) {
    out.constraint.kind = model::ConstraintKind::Check;
    out.constraint.name = constraint_name(chk->constraintName());
    check_columns(ctx, chk->parenthesized(), out.constraint);
  } else if (auto* idx = alternative<P::IndexConstraintContext>(c)) {
    out.is_index = true;
    out.index.table = table;
    if (idx->identifier() != nullptr) {
      out.index.index.name = lower_identifier(idx->identifier());
      out.index.index.span = ctx.span(idx->identifier());
    }
    out.index.columns = key_columns(idx->keyList(), &out.index.has_expressions);
    out.index.if_not_exists = idx->ifNotExists() != nullptr;
  }
  return out;
}

} // namespace rollsafe::mysql
