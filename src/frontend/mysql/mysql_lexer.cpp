// The hand-written MySQL lexer; see mysql_lexer.h. Every branch below cites
// the rule of grammar/MySqlLexer.g4 it implements. ANTLR's lexer picks the
// longest match over all rules and, among equally long ones, the rule defined
// first; token types are numbered in rule order, so "longest, then smallest
// type" is the tie-break wherever two rules compete (numbers against ID).
#include "frontend/mysql/mysql_lexer.h"

#include "CommonTokenFactory.h"
#include "Exceptions.h"
#include "MySqlLexer.h"
#include "MySqlParser.h"
#include "RuleContext.h"
#include "misc/Interval.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace rollsafe::mysql {
namespace {

namespace g = rollsafe_mysql_grammar;
using L = g::MySqlLexer;

// Byte classes.
constexpr uint8_t kIdChar = 1;            // ID_CHAR: [a-zA-Z0-9_$\u0080-\u00FF]
constexpr uint8_t kDigit = 2;             // [0-9]
constexpr uint8_t kSpace = 4;             // WS: [ \t\r\n\f\u000B]
constexpr uint8_t kHex = 8;               // [0-9a-fA-F]
constexpr uint8_t kAlnum = 16;            // [a-zA-Z0-9] (CHARSET_INTRODUCER)
constexpr uint8_t kLineCommentSpace = 32; // '--' [ \t\r\f\u000B]

constexpr std::array<uint8_t, 256> make_classes() {
  std::array<uint8_t, 256> c{};
  for (int b = 0; b < 256; ++b) {
    const bool digit = b >= '0' && b <= '9';
    const bool alpha = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    uint8_t v = 0;
    if (digit || alpha || b == '_' || b == '$' || b >= 0x80) {
      v |= kIdChar;
    }
    if (digit) {
      v |= kDigit;
    }
    if (digit || alpha) {
      v |= kAlnum;
    }
    if (digit || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F')) {
      v |= kHex;
    }
    if (b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == '\f' || b == '\v') {
      v |= kSpace;
    }
    if (b == ' ' || b == '\t' || b == '\r' || b == '\f' || b == '\v') {
      v |= kLineCommentSpace;
    }
    c.at(static_cast<size_t>(b)) = v;
  }
  return c;
}
constexpr std::array<uint8_t, 256> kClasses = make_classes();

// The one-character tokens that no longer token starts with.
constexpr std::array<uint16_t, 256> make_punctuation() {
  // clang-format off
  constexpr std::array<std::pair<char, uint16_t>, 13> kTokens{{
      {';', L::SEMI}, {',', L::COMMA}, {'(', L::LPAREN}, {')', L::RPAREN}, {'{', L::LBRACE},
      {'}', L::RBRACE}, {'=', L::EQ}, {'+', L::PLUS}, {'*', L::STAR}, {'%', L::PERCENT},
      {'^', L::CARET}, {'~', L::TILDE}, {'?', L::QUESTION}}};
  // clang-format on
  std::array<uint16_t, 256> t{};
  for (const auto& [c, type] : kTokens) {
    t.at(static_cast<unsigned char>(c)) = type;
  }
  return t;
}
constexpr std::array<uint16_t, 256> kPunctuation = make_punctuation();

// The keyword rules (every rule between the operators, which end with
// JSON_EXTRACT, and BACKTICK_ID), case-insensitive: an open-addressing hash
// table built once from the token vocabulary, so the list lives only in the
// grammar. The generated parser's copy of the vocabulary is read: making a
// generated lexer would deserialize the lexer's ATN (13.7 M instructions, most
// of a one-file lint), which nothing else needs; the parser's ATN is built for
// parsing anyway. A rule name is its keyword, less the trailing '_' ANTLR
// names need for words like NULL (NULL_). The differential test lexes every
// rule name with both lexers, so a rule that breaks this convention fails it.
class Keywords {
public:
  Keywords() {
    const g::MySqlParser parser(nullptr);
    const auto& vocabulary = parser.getVocabulary();
    for (size_t type = L::JSON_EXTRACT + 1; type < L::BACKTICK_ID; ++type) {
      std::string word = vocabulary.getSymbolicName(type);
      if (!word.empty() && word.back() == '_') {
        word.pop_back();
      }
      for (char& ch : word) {
        ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
      }
      insert(word, type);
    }
  }

  // The keyword type of text[0, n), or ID.
  [[nodiscard]] size_t find(const char* text, size_t n) const {
    if (n > kMaxLength || n < min_length_) {
      return L::ID;
    }
    // Lower case and hash in one pass; the word is compared whole with an
    // entry's text, both zero-padded to kMaxLength (a fixed-size compare, no
    // call to memcmp).
    std::array<char, kMaxLength> lower{};
    uint32_t h = kHashBasis;
    for (size_t i = 0; i < n; ++i) {
      const auto ch = static_cast<unsigned char>(text[i]);
      const auto folded =
          static_cast<unsigned char>(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
      lower.at(i) = static_cast<char>(folded);
      h = (h ^ folded) * kHashPrime;
    }
    for (size_t slot = h & kMask;; slot = (slot + 1) & kMask) {
      const Entry& e = table_.at(slot);
      if (e.type == 0) {
        return L::ID;
      }
      if (e.length == n && e.text == lower) {
        return e.type;
      }
    }
  }

private:
  static constexpr size_t kMaxLength = 24;
  static constexpr size_t kSlots = 1024; // a power of two, > 3x the keywords
  static constexpr size_t kMask = kSlots - 1;

  struct Entry {
    std::array<char, kMaxLength> text{};
    size_t length = 0;
    size_t type = 0;
  };

  static constexpr uint32_t kHashBasis = 2166136261U; // FNV-1a
  static constexpr uint32_t kHashPrime = 16777619U;
  static size_t hash(const char* s, size_t n) {
    uint32_t h = kHashBasis;
    for (size_t i = 0; i < n; ++i) {
      h = (h ^ static_cast<unsigned char>(s[i])) * kHashPrime;
    }
    return h;
  }

  void insert(const std::string& word, size_t type) {
    if (word.empty() || word.size() > kMaxLength) {
      throw std::logic_error("MySQL keyword table: unexpected rule name " + word);
    }
    min_length_ = std::min(min_length_, word.size());
    size_t slot = hash(word.data(), word.size()) & kMask;
    while (table_.at(slot).type != 0) {
      slot = (slot + 1) & kMask;
    }
    Entry& e = table_.at(slot);
    std::copy(word.begin(), word.end(), e.text.begin());
    e.length = word.size();
    e.type = type;
  }

  std::array<Entry, kSlots> table_{};
  size_t min_length_ = kMaxLength;
};

const Keywords& keywords() {
  static const Keywords table;
  return table;
}

// The scanner over one statement text[begin, end).
class Scanner {
public:
  Scanner(std::string_view text, size_t end) : s_(text.data()), end_(end) {}

  [[nodiscard]] bool is(size_t i, uint8_t cls) const {
    return i < end_ && (kClasses.at(static_cast<unsigned char>(s_[i])) & cls) != 0;
  }
  [[nodiscard]] bool at(size_t i, char c) const { return i < end_ && s_[i] == c; }
  [[nodiscard]] size_t skip(size_t i, uint8_t cls) const {
    while (is(i, cls)) {
      ++i;
    }
    return i;
  }

  // The end of the longest match of SQ_STRING, DQ_STRING (backslash = true) or
  // BACKTICK_ID opening at `open`, or 0 when it never closes. A doubled quote
  // either closes the token or continues it, so every quote that can close it
  // is an accepting end and the last one wins (ANTLR's longest match).
  [[nodiscard]] size_t quoted(size_t open, char quote, bool backslash) const {
    size_t accept = 0;
    size_t i = open + 1;
    while (i < end_) {
      const char c = s_[i];
      if (c == quote) {
        accept = i + 1;
        if (!at(i + 1, quote)) {
          break;
        }
        i += 2;
      } else if (c == '\\' && backslash) {
        if (i + 1 >= end_) {
          break; // '\\' . needs a character
        }
        i += 2;
      } else {
        ++i;
      }
    }
    return accept;
  }

  // `two` when the byte after p is `next` (two bytes), else `one` (one byte).
  [[nodiscard]] std::pair<size_t, size_t> one_or_two(size_t p, char next, size_t two,
                                                     size_t one) const {
    return at(p + 1, next) ? std::pair{two, p + 2} : std::pair{one, p + 1};
  }

  // SQ_STRING, DQ_STRING or BACKTICK_ID at p; an opening quote that never
  // closes is UNEXPECTED.
  [[nodiscard]] std::pair<size_t, size_t> quoted_token(size_t p) const {
    const char q = s_[p];
    const size_t e = quoted(p, q, q != '`');
    if (e == 0) {
      return {L::UNEXPECTED, p + 1};
    }
    return {q == '\'' ? L::SQ_STRING : q == '"' ? L::DQ_STRING : L::BACKTICK_ID, e};
  }

  // E [+-]? [0-9]+ at i: its end, or i when there is none.
  [[nodiscard]] size_t exponent(size_t i) const {
    if (!at(i, 'e') && !at(i, 'E')) {
      return i;
    }
    size_t j = i + 1;
    if (at(j, '+') || at(j, '-')) {
      ++j;
    }
    return is(j, kDigit) ? skip(j, kDigit) : i;
  }

  // A token opening with a digit: HEX_LITERAL ('0x'), BIT_LITERAL ('0b'),
  // DECIMAL_LITERAL, REAL_LITERAL or ID (a run of ID_CHAR that is not all
  // digits). Longest wins; on a tie the rule defined first (smaller type).
  [[nodiscard]] std::pair<size_t, size_t> number(size_t p) const {
    const size_t digits = skip(p, kDigit);
    size_t type = L::DECIMAL_LITERAL;
    size_t stop = digits;
    const auto offer = [&](size_t t, size_t e) {
      if (e > stop || (e == stop && t < type)) {
        type = t;
        stop = e;
      }
    };
    if (s_[p] == '0' && at(p + 1, 'x') && is(p + 2, kHex)) {
      offer(L::HEX_LITERAL, skip(p + 2, kHex));
    }
    if (s_[p] == '0' && at(p + 1, 'b') && (at(p + 2, '0') || at(p + 2, '1'))) {
      size_t e = p + 2;
      while (at(e, '0') || at(e, '1')) {
        ++e;
      }
      offer(L::BIT_LITERAL, e);
    }
    if (at(digits, '.')) {
      offer(L::REAL_LITERAL, exponent(skip(digits + 1, kDigit)));
    } else if (const size_t e = exponent(digits); e > digits) {
      offer(L::REAL_LITERAL, e);
    }
    if (const size_t e = skip(digits, kIdChar); e > digits) {
      offer(L::ID, e);
    }
    return {type, stop};
  }

  // A token opening with a letter, '_', '$' or a byte >= 0x80.
  [[nodiscard]] std::pair<size_t, size_t> word(size_t p) const {
    const char c = static_cast<char>(s_[p] | 0x20);
    if (at(p + 1, '\'')) {
      if (c == 'x') { // X '\'' [0-9a-fA-F]* '\''
        const size_t e = skip(p + 2, kHex);
        if (at(e, '\'')) {
          return {L::HEX_LITERAL, e + 1};
        }
      } else if (c == 'b') { // B '\'' [01]* '\''
        size_t e = p + 2;
        while (at(e, '0') || at(e, '1')) {
          ++e;
        }
        if (at(e, '\'')) {
          return {L::BIT_LITERAL, e + 1};
        }
      } else if (c == 'n') { // N SQ_STRING
        if (const size_t e = quoted(p + 1, '\'', true); e != 0) {
          return {L::NATIONAL_STRING, e};
        }
      }
    }
    if (s_[p] == '_' && is(p + 1, kAlnum)) {
      // '_' [a-zA-Z0-9]+ {LA(1) is a quote}?: the predicate is tried after
      // every character of the run, but only the run's end can precede a quote.
      const size_t e = skip(p + 1, kAlnum);
      if (at(e, '\'') || at(e, '"')) {
        return {L::CHARSET_INTRODUCER, e};
      }
    }
    const size_t e = skip(p, kIdChar);
    return {keywords().find(s_ + p, e - p), e};
  }

  // '@' (ID_CHAR+ | SQ_STRING | DQ_STRING | BACKTICK_ID) or
  // '@@' ID_CHAR+ ('.' ID_CHAR+)?, else the '@' is UNEXPECTED.
  [[nodiscard]] std::pair<size_t, size_t> variable(size_t p) const {
    if (at(p + 1, '@') && is(p + 2, kIdChar)) {
      const size_t e = skip(p + 2, kIdChar);
      if (at(e, '.') && is(e + 1, kIdChar)) {
        return {L::SYSTEM_VAR, skip(e + 1, kIdChar)};
      }
      return {L::SYSTEM_VAR, e};
    }
    if (is(p + 1, kIdChar)) {
      return {L::USER_VAR, skip(p + 1, kIdChar)};
    }
    if (at(p + 1, '\'') || at(p + 1, '"') || at(p + 1, '`')) {
      const char q = s_[p + 1];
      if (const size_t e = quoted(p + 1, q, q != '`'); e != 0) {
        return {L::USER_VAR, e};
      }
    }
    return {L::UNEXPECTED, p + 1};
  }

  const char* s_;
  size_t end_;
};

} // namespace

// PooledToken

std::string PooledToken::getText() const {
  if (type_ == Token::EOF) {
    return "<EOF>";
  }
  return std::string(owner_->text().substr(start_, size_t{stop_} - start_ + 1));
}

size_t PooledToken::getLine() const {
  return owner_->line_of(start_);
}

size_t PooledToken::getCharPositionInLine() const {
  return owner_->column_of(start_);
}

antlr4::TokenSource* PooledToken::getTokenSource() const {
  return owner_->getTokenSource();
}

std::string PooledToken::toString() const {
  return "[@" + std::to_string(index_) + "," + std::to_string(start_) + ":" +
         std::to_string(getStopIndex()) + "='" + getText() + "',<" + std::to_string(type_) + ">," +
         std::to_string(getLine()) + ":" + std::to_string(getCharPositionInLine()) + "]";
}

// TokenBuffer

namespace {
// 64 Ki tokens (2.5 MB): far more than a statement of a normal migration holds.
constexpr size_t kKeptTokens = size_t{1} << 16;
} // namespace

TokenBuffer::TokenBuffer() {
  (void)keywords(); // built once, before the first statement
}

[[gnu::noinline]] void TokenBuffer::grow() {
  constexpr size_t kFirstTokens = 256;
  tokens_.reserve(std::max(kFirstTokens, 2 * tokens_.capacity()));
}

inline void TokenBuffer::push(size_t type, size_t start, size_t end) {
  if (tokens_.size() == tokens_.capacity()) [[unlikely]] {
    grow();
  }
  tokens_.emplace_back(this, type, static_cast<uint32_t>(start), static_cast<uint32_t>(end - 1),
                       static_cast<uint32_t>(tokens_.size()));
}

const antlr4::Token* TokenBuffer::first_nested_deeper_than(int max) const {
  int depth = 0;
  for (const PooledToken& token : tokens_) {
    const size_t type = token.getType();
    if (type == L::LPAREN && ++depth > max) {
      return &token;
    }
    if (type == L::RPAREN) {
      --depth;
    }
  }
  return nullptr;
}

void TokenBuffer::lex(std::string_view text, size_t begin, size_t end) {
  if (end > std::numeric_limits<uint32_t>::max()) {
    throw std::length_error("MySQL lexer: input beyond 4 GiB");
  }
  text_ = text;
  begin_ = begin;
  pos_ = 0;
  no_comment_end_from_ = end;
  // The capacity is kept for the next statement, unless a huge one grew it:
  // then it is given back rather than held for the rest of the run.
  if (tokens_.capacity() > kKeptTokens) {
    tokens_ = std::vector<PooledToken>(); // not `= {}`: that keeps the capacity
  }
  tokens_.clear();
  const Scanner sc(text, end);
  const char* s = text.data();
  size_t p = begin;
  while (p < end) {
    const char c = s[p];
    size_t type = L::UNEXPECTED;
    size_t e = p + 1;
    switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '\f':
    case '\v': // WS -> skip
      p = sc.skip(p + 1, kSpace);
      continue;
    case '/': // BLOCK_COMMENT: '/*' .*? '*/' -> skip; else SLASH
      if (sc.at(p + 1, '*') && p + 2 < no_comment_end_from_) {
        const auto* close = static_cast<const char*>(memmem(s + p + 2, end - (p + 2), "*/", 2));
        if (close != nullptr) {
          p = static_cast<size_t>(close - s) + 2;
          continue;
        }
        no_comment_end_from_ = p + 2;
      }
      type = L::SLASH;
      break;
    case '#': // LINE_COMMENT: '#' ~[\n]* -> skip
    {
      const auto* nl = static_cast<const char*>(std::memchr(s + p, '\n', end - p));
      p = nl == nullptr ? end : static_cast<size_t>(nl - s);
      continue;
    }
    case '-':
      if (sc.at(p + 1, '-')) { // '--' [ \t\r\f\u000B] ~[\n]* | '--' '\n' -> skip
        if (sc.is(p + 2, kLineCommentSpace)) {
          const auto* nl = static_cast<const char*>(std::memchr(s + p, '\n', end - p));
          p = nl == nullptr ? end : static_cast<size_t>(nl - s);
          continue;
        }
        if (sc.at(p + 2, '\n')) {
          p += 3;
          continue;
        }
        type = L::MINUS;
      } else if (sc.at(p + 1, '>')) { // JSON_EXTRACT: '->' | '->>'
        type = L::JSON_EXTRACT;
        e = sc.at(p + 2, '>') ? p + 3 : p + 2;
      } else {
        type = L::MINUS;
      }
      break;
    case '\'':
    case '"':
    case '`':
      std::tie(type, e) = sc.quoted_token(p);
      break;
    case '@':
      std::tie(type, e) = sc.variable(p);
      break;
    case '.': // REAL_LITERAL: '.' [0-9]+ (E [+-]? [0-9]+)?, else DOT
      if (sc.is(p + 1, kDigit)) {
        type = L::REAL_LITERAL;
        e = sc.exponent(sc.skip(p + 1, kDigit));
      } else {
        type = L::DOT;
      }
      break;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
      std::tie(type, e) = sc.number(p);
      break;
    case ':': // ASSIGN ':=' | COLON
      std::tie(type, e) = sc.one_or_two(p, '=', L::ASSIGN, L::COLON);
      break;
    case '<': // NULL_SAFE_EQ '<=>' | LE '<=' | NE '<>' | SHIFT_LEFT '<<' | LT
      if (sc.at(p + 1, '=')) {
        type = sc.at(p + 2, '>') ? L::NULL_SAFE_EQ : L::LE;
        e = type == L::NULL_SAFE_EQ ? p + 3 : p + 2;
      } else if (sc.at(p + 1, '>')) {
        type = L::NE;
        e = p + 2;
      } else if (sc.at(p + 1, '<')) {
        type = L::SHIFT_LEFT;
        e = p + 2;
      } else {
        type = L::LT;
      }
      break;
    case '>': // GE '>=' | SHIFT_RIGHT '>>' | GT
      type = sc.at(p + 1, '=') ? L::GE : sc.at(p + 1, '>') ? L::SHIFT_RIGHT : L::GT;
      e = type == L::GT ? p + 1 : p + 2;
      break;
    case '!': // NE '!=' | BANG
      std::tie(type, e) = sc.one_or_two(p, '=', L::NE, L::BANG);
      break;
    case '&': // AND_AND '&&' | AMP
      std::tie(type, e) = sc.one_or_two(p, '&', L::AND_AND, L::AMP);
      break;
    case '|': // OR_OR '||' | PIPE
      std::tie(type, e) = sc.one_or_two(p, '|', L::OR_OR, L::PIPE);
      break;
    default:
      if (sc.is(p, kIdChar)) { // letters, '_', '$', bytes >= 0x80
        std::tie(type, e) = sc.word(p);
      } else if (const size_t t = kPunctuation[static_cast<unsigned char>(c)]; t != 0) {
        type = t;
      } // else UNEXPECTED: . (one byte)
      break;
    }
    push(type, p, e);
    p = e;
  }
  // EOF at the end of the statement, as the generated lexer emits it.
  tokens_.emplace_back(this, antlr4::Token::EOF, static_cast<uint32_t>(end),
                       static_cast<uint32_t>(end), static_cast<uint32_t>(tokens_.size()));
}

size_t TokenBuffer::line_of(size_t offset) const {
  const std::string_view before = text_.substr(begin_, offset - begin_);
  return 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
}

size_t TokenBuffer::column_of(size_t offset) const {
  const std::string_view before = text_.substr(begin_, offset - begin_);
  const size_t nl = before.rfind('\n');
  return nl == std::string_view::npos ? before.size() : before.size() - nl - 1;
}

void TokenBuffer::consume() {
  if (LA(1) == antlr4::Token::EOF) {
    throw antlr4::IllegalStateException("cannot consume EOF");
  }
  ++pos_;
}

size_t TokenBuffer::LA(ssize_t i) {
  if (i > 0 && !tokens_.empty()) { // the parser's hot path: no virtual call
    const size_t at = pos_ + static_cast<size_t>(i) - 1;
    return (at < tokens_.size() ? tokens_[at] : tokens_.back()).getType();
  }
  const antlr4::Token* t = LT(i);
  return t == nullptr ? antlr4::Token::INVALID_TYPE : t->getType();
}

void TokenBuffer::seek(size_t index) {
  pos_ = std::min(index, tokens_.empty() ? 0 : tokens_.size() - 1);
}

antlr4::Token* TokenBuffer::LT(ssize_t k) {
  if (k == 0 || tokens_.empty()) {
    return nullptr;
  }
  if (k < 0) {
    const auto back = static_cast<size_t>(-k);
    return back > pos_ ? nullptr : &tokens_[pos_ - back];
  }
  const size_t i = pos_ + static_cast<size_t>(k) - 1;
  return i < tokens_.size() ? &tokens_[i] : &tokens_.back();
}

antlr4::Token* TokenBuffer::get(size_t index) const {
  if (index >= tokens_.size()) {
    throw antlr4::IndexOutOfBoundsException("token index " + std::to_string(index) +
                                            " out of range 0.." + std::to_string(tokens_.size()) +
                                            "");
  }
  return const_cast<PooledToken*>(&tokens_[index]); // the interface hands out mutable tokens
}

antlr4::TokenSource* TokenBuffer::getTokenSource() const {
  return &source_;
}

std::string TokenBuffer::getText(const antlr4::misc::Interval& interval) {
  if (interval.a < 0 || interval.b < 0 || tokens_.empty()) {
    return {};
  }
  std::string out;
  const size_t last = std::min(static_cast<size_t>(interval.b), tokens_.size() - 1);
  for (auto i = static_cast<size_t>(interval.a); i <= last; ++i) {
    if (tokens_[i].getType() == antlr4::Token::EOF) {
      break;
    }
    out += tokens_[i].getText();
  }
  return out;
}

std::string TokenBuffer::getText() {
  return getText(antlr4::misc::Interval(size_t{0}, size() == 0 ? size_t{0} : size() - 1));
}

std::string TokenBuffer::getText(antlr4::RuleContext* ctx) {
  return getText(ctx->getSourceInterval());
}

std::string TokenBuffer::getText(antlr4::Token* start, antlr4::Token* stop) {
  if (start == nullptr || stop == nullptr) {
    return {};
  }
  return getText(antlr4::misc::Interval(start->getTokenIndex(), stop->getTokenIndex()));
}

std::unique_ptr<antlr4::Token> TokenBuffer::Source::nextToken() {
  throw antlr4::UnsupportedOperationException("the MySQL token buffer is filled by lex()");
}

antlr4::TokenFactory<antlr4::CommonToken>* TokenBuffer::Source::getTokenFactory() {
  return antlr4::CommonTokenFactory::DEFAULT.get();
}

} // namespace rollsafe::mysql
