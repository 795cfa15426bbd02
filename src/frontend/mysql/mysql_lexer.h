// The MySQL frontend's lexer: a hand-written scanner that produces exactly the
// token stream of the lexer ANTLR generates from grammar/MySqlLexer.g4 (that
// grammar is its specification; tests/unit/mysql_lexer_test.cpp and
// fuzz/fuzz_mysql_lexer.cpp compare the two on every statement they see), into
// a token stream the generated parser reads.
//
// Why not the generated lexer: in the ANTLR 4.9 C++ runtime it costs half the
// parse (a locked DFA lookup per character, a heap CommonToken per token, skip
// actions through LexerActionExecutor; docs/performance.md). Here the tokens of
// one statement are plain values in one vector that keeps its capacity from
// statement to statement: no allocation per token.
#pragma once

#include "Token.h"
#include "TokenSource.h"
#include "TokenStream.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe::mysql {

class TokenBuffer;

// One token: its type (the generated lexer's numbering), its byte range
// [start, stop] in the text, and its index in the statement's stream. All
// tokens are on the default channel (the grammar skips whitespace and comments
// instead of hiding them).
class PooledToken final : public antlr4::Token {
public:
  PooledToken(const TokenBuffer* owner, size_t type, uint32_t start, uint32_t stop, uint32_t index)
      : owner_(owner), type_(type), start_(start), stop_(stop), index_(index) {}

  [[nodiscard]] std::string getText() const override;
  // getText() as a view of the text, for a token other than EOF.
  [[nodiscard]] inline std::string_view text() const;
  [[nodiscard]] size_t getType() const override { return type_; }
  [[nodiscard]] size_t type() const { return type_; } // getType() without a virtual call
  [[nodiscard]] size_t getLine() const override;
  [[nodiscard]] size_t getCharPositionInLine() const override;
  [[nodiscard]] size_t getChannel() const override { return DEFAULT_CHANNEL; }
  [[nodiscard]] size_t getTokenIndex() const override { return index_; }
  [[nodiscard]] size_t getStartIndex() const override { return start_; }
  [[nodiscard]] size_t getStopIndex() const override {
    return type_ == Token::EOF ? size_t{start_} - 1 : stop_;
  }
  [[nodiscard]] antlr4::TokenSource* getTokenSource() const override;
  [[nodiscard]] antlr4::CharStream* getInputStream() const override { return nullptr; }
  [[nodiscard]] std::string toString() const override;

private:
  const TokenBuffer* owner_;
  size_t type_;
  uint32_t start_;
  uint32_t stop_; // for EOF, start - 1 as ANTLR's lexer emits it
  uint32_t index_;
};

// The tokens of one statement, ending with EOF, as the generated parser reads
// them (what CommonTokenStream over the generated lexer gives it). lex() refills
// it for the next statement; the text must outlive the tokens' use.
class TokenBuffer final : public antlr4::TokenStream {
public:
  TokenBuffer();

  // Lexes text[begin, end); token offsets are offsets into `text`.
  void lex(std::string_view text, size_t begin, size_t end);

  [[nodiscard]] std::string_view text() const { return text_; }
  // How many tokens the buffer holds room for (what it keeps between statements).
  [[nodiscard]] size_t capacity() const { return tokens_.capacity(); }
  // The first token that opens a bracket nested more than `max` levels deep,
  // or null (one pass over the vector, not get() per token).
  [[nodiscard]] const antlr4::Token* first_nested_deeper_than(int max) const;
  // ANTLR's line (from 1) and column (from 0) of an offset, counted from the
  // start of the statement as the generated lexer counts them.
  [[nodiscard]] size_t line_of(size_t offset) const;
  [[nodiscard]] size_t column_of(size_t offset) const;

  // The parser's hot path (grammar/MySqlParser.g4's members), inline and
  // without a virtual call: LT(1), LT(-1), LA(1) and consume() of the current
  // token, which is not EOF. Only once lex() has run: the tokens then end with
  // EOF and the position never moves past it.
  [[nodiscard]] PooledToken* current() { return &tokens_[pos_]; }
  [[nodiscard]] PooledToken* previous() { return pos_ == 0 ? nullptr : &tokens_[pos_ - 1]; }
  [[nodiscard]] size_t current_type() const { return tokens_[pos_].type(); }
  void step() { ++pos_; }
  // Whether lex() has run (the hot path above may be used).
  [[nodiscard]] bool lexed() const { return !tokens_.empty(); }

  // antlr4::IntStream
  void consume() override;
  size_t LA(ssize_t i) override;
  ssize_t mark() override { return -1; }
  void release(ssize_t /*marker*/) override {}
  size_t index() override { return pos_; }
  void seek(size_t index) override;
  size_t size() override { return tokens_.size(); }
  [[nodiscard]] std::string getSourceName() const override { return "<mysql>"; }

  // antlr4::TokenStream
  antlr4::Token* LT(ssize_t k) override;
  [[nodiscard]] antlr4::Token* get(size_t index) const override;
  [[nodiscard]] antlr4::TokenSource* getTokenSource() const override;
  std::string getText(const antlr4::misc::Interval& interval) override;
  std::string getText() override;
  std::string getText(antlr4::RuleContext* ctx) override;
  std::string getText(antlr4::Token* start, antlr4::Token* stop) override;

private:
  // What the parser's error recovery asks a token's source for (the token
  // factory for the tokens it conjures up).
  class Source final : public antlr4::TokenSource {
  public:
    std::unique_ptr<antlr4::Token> nextToken() override;
    [[nodiscard]] size_t getLine() const override { return 0; }
    size_t getCharPositionInLine() override { return 0; }
    antlr4::CharStream* getInputStream() override { return nullptr; }
    std::string getSourceName() override { return "<mysql>"; }
    antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override;
  };

  [[gnu::always_inline]] inline void push(size_t type, size_t start, size_t end);
  // Makes room for more tokens (out of line: push() is inlined into the lexer's
  // loop, and the reallocation's code in it cost a dozen instructions a token).
  void grow();

  std::string_view text_;
  size_t begin_ = 0;
  size_t pos_ = 0;
  // Past a failed search for "*/" from here, there is none (unterminated
  // comments then cost one scan per statement, not one per "/*").
  size_t no_comment_end_from_ = 0;
  std::vector<PooledToken> tokens_;
  mutable Source source_;
};

inline std::string_view PooledToken::text() const {
  return owner_->text().substr(start_, size_t{stop_} - start_ + 1);
}

} // namespace rollsafe::mysql
