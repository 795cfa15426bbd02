// Lexical helpers over PostgreSQL SQL text that need no parser: where a statement's
// first token starts, how far a name reaches, where the actions of an ALTER TABLE
// begin and end. They only run on text the real parser has accepted (or on the
// position of its error), so they need to know quoting, not grammar.
#pragma once

#include "model/model.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace rollsafe::pg {

// The offset of the first character at or after `pos` that is not white space or
// part of a comment.
uint32_t skip_trivia(std::string_view text, uint32_t pos);

// [begin, end) trimmed of leading trivia and trailing white space.
model::Span statement_span(std::string_view text, uint32_t begin, uint32_t end);

// The span of the identifier, quoted identifier or other token at `pos`; with
// `qualified`, dotted continuations (`schema.table`) are included.
model::Span token_span(std::string_view text, uint32_t pos, bool qualified);

// Splits text[begin, end) at commas outside parentheses, quotes and comments
// into `parts` (cleared first, so callers can reuse one vector); each part is
// trimmed of trivia.
void split_top_level(std::string_view text, uint32_t begin, uint32_t end,
                     std::vector<model::Span>& parts);

// Splits `text` into statements at top-level semicolons (outside quotes,
// comments, dollar quotes and parentheses). Each span runs from just after the
// previous `;` to just before the next one; text after the last `;` that holds
// only trivia is dropped. Used where the parser failed: unlike libpg_query's
// scanner-based splitter it never drops a statement it cannot classify, and an
// unterminated quote or comment simply runs to the end of the text (an
// unterminated /* comment is kept even when nothing else follows the last `;`,
// so the parser reports it).
std::vector<model::Span> split_statements(std::string_view text);

// The comments of `text` (-- line comments and nested /* */ blocks), with
// whether any token precedes each. Quotes, quoted identifiers and dollar quotes
// are skipped as the PostgreSQL scanner does; a test checks the result against
// libpg_query's own scanner (pg_query_scan) on every fixture and the corpus.
struct CommentSpan {
  model::Span span;
  bool leading = false;
};
std::vector<CommentSpan> collect_comments(std::string_view text);

} // namespace rollsafe::pg
