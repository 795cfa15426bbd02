// Lowering of the MySQL grammar's parse tree into the model: one file per
// statement family (lower_table.cpp, lower_index.cpp, ...), sharing these
// helpers (lower_common.cpp). Only the MySQL frontend includes this header.
#pragma once

#include "MySqlParser.h"
#include "frontend/mysql/antlr_children.h"
#include "model/model.h"

#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

namespace rollsafe::mysql {

namespace g = rollsafe_mysql_grammar;

// Identifier case (a documented decision): column, index and constraint names
// are case-insensitive in MySQL and MariaDB, so the model holds them folded to
// lower case; table, view and database names are case-sensitive on Linux with
// the default lower_case_table_names=0, so they keep the case written.
struct LowerCtx {
  std::string_view text; // the whole file (token offsets are byte offsets into it)
  model::Span statement;
  // The statement's tokens. The token-soup rules (restOfStatement,
  // parenthesized, setValue, opaqueBody) keep no tree node for the tokens they
  // skip (grammar/MySqlParser.g4, skipSoup), so their tokens are read here.
  antlr4::TokenStream* tokens = nullptr;

  [[nodiscard]] model::Span span(antlr4::ParserRuleContext* ctx) const;
  [[nodiscard]] static model::Span span(const antlr4::Token* token);
  // The source text of a context, as written.
  [[nodiscard]] std::string_view source(antlr4::ParserRuleContext* ctx) const;
  // The tokens of a context in source order, from its first to its last token.
  [[nodiscard]] std::vector<antlr4::Token*> tokens_of(antlr4::ParserRuleContext* ctx) const;
};

// `c` as T, the context class of a labelled alternative (`# addColumn`), or
// null. Such a class is a leaf (the antlr4 tool derives nothing from it), so
// its exact type gives dynamic_cast's answer, here from one comparison of
// type_info addresses instead of a walk with type-name comparisons (the grammar
// is linked statically, so each class has one type_info). A chain of these
// picks the alternative of an ALTER TABLE specification or column attribute.
template <typename T> T* alternative(antlr4::ParserRuleContext* c) {
  return c != nullptr && &typeid(*c) == &typeid(T) ? static_cast<T*>(c) : nullptr;
}
using antlr_children::terminal_of;

// The text of a subtree's tokens joined without blanks, as antlr4's
// RuleContext::getText() gives it but without its std::stringstream (which costs
// more than the rest of the lowering of an identifier). Not for the token-soup
// rules, whose skipped tokens are not in the tree (see LowerCtx::tokens).
[[nodiscard]] std::string tree_text(antlr4::tree::ParseTree* node);
// A token's text as written. The frontend's tokens (PooledToken) give a view of
// the statement's text, without the copy getText() makes; any other token's
// text is copied into `scratch`, which the view then points into.
[[nodiscard]] std::string_view token_text(const antlr4::Token* token, std::string& scratch);
// Identifier text without quotes (``a``b`` -> a`b).
[[nodiscard]] std::string identifier_text(g::MySqlParser::IdentifierContext* id);
// Folded to lower case: columns, indexes, constraints.
[[nodiscard]] std::string column_name(g::MySqlParser::ColumnNameContext* c);
[[nodiscard]] std::string lower_identifier(g::MySqlParser::IdentifierContext* id);
[[nodiscard]] model::Name table_name(const LowerCtx& ctx, g::MySqlParser::TableNameContext* t);
[[nodiscard]] std::string string_literal_value(g::MySqlParser::TextLiteralContext* lit);
[[nodiscard]] std::string to_lower(std::string_view s);
[[nodiscard]] std::string to_upper(std::string_view s);

[[nodiscard]] model::ColumnDef column_definition(const LowerCtx& ctx,
                                                 g::MySqlParser::ColumnDefinitionContext* c);
[[nodiscard]] model::DefaultValue default_value(const LowerCtx& ctx,
                                                g::MySqlParser::DefaultValueContext* d);
// A table-level constraint or index of CREATE TABLE / ALTER TABLE ADD: either a
// constraint (PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK) or a plain index.
struct TableElement {
  bool is_index = false;
  model::Constraint constraint;
  model::CreateIndex index;
};
[[nodiscard]] TableElement table_constraint(const LowerCtx& ctx, const model::Name& table,
                                            g::MySqlParser::TableConstraintContext* c);
[[nodiscard]] std::vector<std::string> key_columns(g::MySqlParser::KeyListContext* keys,
                                                   bool* has_expressions);

// Each returns true when it lowered the statement into `out`.
bool lower_table_statement(g::MySqlParser::SqlStatementContext* s, const LowerCtx& ctx,
                           model::Statement& out);
bool lower_index_statement(g::MySqlParser::SqlStatementContext* s, const LowerCtx& ctx,
                           model::Statement& out);
bool lower_drop_statement(g::MySqlParser::SqlStatementContext* s, const LowerCtx& ctx,
                          model::Statement& out);
bool lower_data_statement(g::MySqlParser::SqlStatementContext* s, const LowerCtx& ctx,
                          model::Statement& out);
bool lower_session_statement(g::MySqlParser::SqlStatementContext* s, const LowerCtx& ctx,
                             model::Statement& out);
bool lower_object_statement(g::MySqlParser::SqlStatementContext* s, const LowerCtx& ctx,
                            model::Statement& out);

} // namespace rollsafe::mysql
