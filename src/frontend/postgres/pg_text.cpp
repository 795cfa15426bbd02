#include "frontend/postgres/pg_text.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace rollsafe::pg {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Letters, digits, '_', '$' and every byte of a multi-byte UTF-8 sequence, as
// PostgreSQL's scanner takes them; a table, since scanners ask for each byte.
constexpr std::array<bool, 256> kIdentChar = [] {
  std::array<bool, 256> table{};
  for (size_t c = 0; c < table.size(); ++c) {
    table[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '$' || c >= 0x80;
  }
  return table;
}();

// The bytes that may start a comment or a quoted token (see skip_opaque).
constexpr std::array<bool, 256> kOpaqueStart = [] {
  std::array<bool, 256> table{};
  for (const char c : std::string_view("-/'\"$")) {
    table[static_cast<unsigned char>(c)] = true;
  }
  return table;
}();

// The bytes split_top_level() must look at: those that may open a comment or a
// quoted token (see skip_opaque), brackets and the comma.
constexpr std::array<bool, 256> kSplitChar = [] {
  std::array<bool, 256> table{};
  for (const char c : std::string_view("-/'\"$()[],")) {
    table[static_cast<unsigned char>(c)] = true;
  }
  return table;
}();

bool is_ident_char(char c) {
  return kIdentChar[static_cast<unsigned char>(c)];
}

// Skips a comment starting at `pos` if there is one; returns the new position.
// A block comment that is never closed runs to the end of the text and, when
// given, sets `*unterminated`.
uint32_t skip_comment(std::string_view text, uint32_t pos, bool* unterminated = nullptr) {
  const auto n = static_cast<uint32_t>(text.size());
  if (pos + 1 < n && text[pos] == '-' && text[pos + 1] == '-') {
    // To the end of the line (LF, or a CR on its own): memchr finds it faster
    // than a loop over the comment's bytes (migrations open with long ones).
    const char* at = text.data() + pos;
    const auto* lf = static_cast<const char*>(std::memchr(at, '\n', n - pos));
    const size_t line = lf != nullptr ? static_cast<size_t>(lf - at) : n - pos;
    const auto* cr = static_cast<const char*>(std::memchr(at, '\r', line));
    return pos + static_cast<uint32_t>(cr != nullptr ? cr - at : line);
  }
  if (pos + 1 < n && text[pos] == '/' && text[pos + 1] == '*') {
    int depth = 0; // PostgreSQL block comments nest
    while (pos < n) {
      if (pos + 1 < n && text[pos] == '/' && text[pos + 1] == '*') {
        ++depth;
        pos += 2;
      } else if (pos + 1 < n && text[pos] == '*' && text[pos + 1] == '/') {
        pos += 2;
        if (--depth == 0) {
          break;
        }
      } else {
        ++pos;
      }
    }
    if (depth > 0 && unterminated != nullptr) {
      *unterminated = true;
    }
    return pos;
  }
  return pos;
}

// Skips a quoted token starting at `pos` (string, quoted identifier or
// dollar-quoted string); returns `pos` unchanged if there is none.
uint32_t skip_quoted(std::string_view text, uint32_t pos) {
  const auto n = static_cast<uint32_t>(text.size());
  const char c = text[pos];
  if (c == '\'' || c == '"') {
    // E'...' strings take backslash escapes.
    const bool escapes = c == '\'' && pos > 0 && (text[pos - 1] == 'E' || text[pos - 1] == 'e') &&
                         (pos < 2 || !is_ident_char(text[pos - 2]));
    ++pos;
    while (pos < n) {
      if (escapes && text[pos] == '\\') {
        pos += 2;
        continue;
      }
      if (text[pos] == c) {
        if (pos + 1 < n && text[pos + 1] == c) {
          pos += 2;
          continue;
        }
        return pos + 1;
      }
      ++pos;
    }
    return n;
  }
  if (c == '$' && (pos == 0 || !is_ident_char(text[pos - 1]))) {
    uint32_t tag_end = pos + 1;
    while (tag_end < n && text[tag_end] != '$' && is_ident_char(text[tag_end])) {
      ++tag_end;
    }
    if (tag_end >= n || text[tag_end] != '$') {
      return pos; // a positional parameter ($1), not a dollar quote
    }
    const std::string_view tag = text.substr(pos, tag_end - pos + 1);
    const size_t close = text.find(tag, tag_end + 1);
    return close == std::string_view::npos ? n : static_cast<uint32_t>(close + tag.size());
  }
  return pos;
}

// Skips a comment or quoted token starting at `pos`; returns `pos` when there is
// none. The first character decides cheaply, so scanners call this per character.
uint32_t skip_opaque(std::string_view text, uint32_t pos) {
  switch (text[pos]) {
  case '-':
  case '/':
    return skip_comment(text, pos);
  case '\'':
  case '"':
  case '$':
    return skip_quoted(text, pos);
  default:
    return pos;
  }
}

} // namespace

uint32_t skip_trivia(std::string_view text, uint32_t pos) {
  const auto n = static_cast<uint32_t>(text.size());
  while (pos < n) {
    if (is_space(text[pos])) {
      ++pos;
      continue;
    }
    const uint32_t next = skip_comment(text, pos);
    if (next == pos) {
      break;
    }
    pos = next;
  }
  return pos;
}

model::Span statement_span(std::string_view text, uint32_t begin, uint32_t end) {
  end = std::min<uint32_t>(end, static_cast<uint32_t>(text.size()));
  begin = std::min(skip_trivia(text, begin), end);
  while (end > begin && (is_space(text[end - 1]) || text[end - 1] == ';')) {
    --end;
  }
  return {begin, end};
}

model::Span token_span(std::string_view text, uint32_t pos, bool qualified) {
  const auto n = static_cast<uint32_t>(text.size());
  if (pos >= n) {
    return {n, n};
  }
  const uint32_t begin = pos;
  while (pos < n) {
    const char c = text[pos];
    const uint32_t quoted = c == '\'' || c == '"' || c == '$' ? skip_quoted(text, pos) : pos;
    if (quoted != pos) {
      pos = quoted;
    } else if (is_ident_char(c)) {
      while (pos < n && is_ident_char(text[pos])) {
        ++pos;
      }
    } else {
      pos = pos == begin ? pos + 1 : pos; // a single punctuation character
      break;
    }
    if (!qualified || pos >= n || text[pos] != '.') {
      break;
    }
    ++pos;
  }
  return {begin, pos};
}

void split_top_level(std::string_view text, uint32_t begin, uint32_t end,
                     std::vector<model::Span>& parts) {
  parts.clear();
  // Text without a comma is one part, whatever its quotes and brackets hold
  // (most ALTER TABLE and DROP statements): memchr finds that faster than the
  // scan below looks at each byte.
  if (end <= begin || std::memchr(text.data() + begin, ',', end - begin) == nullptr) {
    parts.push_back(statement_span(text, begin, end));
    return;
  }
  int depth = 0;
  uint32_t start = begin;
  uint32_t pos = begin;
  while (pos < end) {
    // Runs of bytes that are none of the split's characters go by in a tight loop.
    if (!kSplitChar[static_cast<unsigned char>(text[pos])]) {
      ++pos;
      continue;
    }
    const char c = text[pos];
    const uint32_t next = skip_opaque(text, pos);
    if (next != pos) {
      pos = next;
      continue;
    }
    if (c == '(' || c == '[') {
      ++depth;
    } else if ((c == ')' || c == ']') && depth > 0) {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.push_back(statement_span(text, start, pos));
      start = pos + 1;
    }
    ++pos;
  }
  parts.push_back(statement_span(text, start, end));
}

std::vector<CommentSpan> collect_comments(std::string_view text) {
  std::vector<CommentSpan> out;
  const auto n = static_cast<uint32_t>(text.size());
  bool seen_token = false;
  uint32_t pos = 0;
  while (pos < n) {
    const char c = text[pos];
    if (!kOpaqueStart[static_cast<unsigned char>(c)]) {
      // Neither a comment nor a quote starts here: white space or part of a token.
      seen_token = seen_token || !is_space(c);
      ++pos;
      continue;
    }
    const uint32_t comment_end = skip_comment(text, pos);
    if (comment_end != pos) {
      out.push_back({{pos, comment_end}, !seen_token});
      pos = comment_end;
      continue;
    }
    seen_token = true;
    const uint32_t quoted_end = skip_quoted(text, pos);
    pos = quoted_end != pos ? quoted_end : pos + 1;
  }
  return out;
}

std::vector<model::Span> split_statements(std::string_view text) {
  std::vector<model::Span> out;
  const auto n = static_cast<uint32_t>(text.size());
  uint32_t start = 0;
  uint32_t pos = 0;
  int depth = 0;
  auto push = [&](uint32_t stop) {
    if (skip_trivia(text, start) < stop) {
      out.push_back({start, stop});
    }
  };
  while (pos < n) {
    bool unterminated = false;
    uint32_t next = skip_comment(text, pos, &unterminated);
    if (unterminated) {
      // PostgreSQL rejects a /* comment that is never closed. It must reach the
      // parser as part of a statement, and become a syntax error there, even when
      // nothing but trivia comes before it (push() would drop that as empty).
      out.push_back({start, n});
      return out;
    }
    if (next == pos) {
      next = skip_quoted(text, pos);
    }
    if (next != pos) {
      pos = next;
      continue;
    }
    const char c = text[pos];
    if (c == '(') {
      ++depth;
    } else if (c == ')' && depth > 0) {
      --depth;
    } else if (c == ';' && depth == 0) {
      push(pos);
      start = pos + 1;
    }
    ++pos;
  }
  push(n);
  return out;
}

} // namespace rollsafe::pg
