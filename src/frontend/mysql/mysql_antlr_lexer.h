// The lexer ANTLR generates from grammar/MySqlLexer.g4, over a statement's
// bytes: the specification the hand-written lexer (mysql_lexer.h) is proven
// against by tests/unit/mysql_lexer_test.cpp and fuzz/fuzz_mysql_lexer.cpp. The
// frontend does not use it; whoever includes this header links mysql_grammar.
#pragma once

#include "MySqlLexer.h"
#include "antlr4-runtime.h"
#include "frontend/mysql/mysql_lexer.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe::mysql {

// The characters ANTLR's lexer reads are the bytes of the text, so every token
// index is a byte offset (no UTF-32 copy, no offset conversion). The stream is
// confined to one statement's range [begin, end) of the text.
class ByteStream final : public antlr4::CharStream {
public:
  void reset(std::string_view text, size_t begin, size_t end) {
    text_ = text;
    begin_ = begin;
    end_ = end;
    pos_ = begin;
  }
  void consume() override {
    if (pos_ >= end_) {
      throw antlr4::IllegalStateException("cannot consume EOF");
    }
    ++pos_;
  }
  size_t LA(ssize_t i) override {
    if (i == 0) {
      return 0;
    }
    const ssize_t at = static_cast<ssize_t>(pos_) + (i > 0 ? i - 1 : i);
    if (at < static_cast<ssize_t>(begin_) || at >= static_cast<ssize_t>(end_)) {
      return antlr4::Token::EOF;
    }
    return static_cast<unsigned char>(text_[static_cast<size_t>(at)]);
  }
  ssize_t mark() override { return -1; }
  void release(ssize_t /*marker*/) override {}
  size_t index() override { return pos_; }
  void seek(size_t index) override { pos_ = std::clamp(index, begin_, end_); }
  size_t size() override { return end_; }
  [[nodiscard]] std::string getSourceName() const override { return "<mysql>"; }
  std::string getText(const antlr4::misc::Interval& interval) override {
    const auto a = static_cast<size_t>(interval.a);
    const size_t b = std::min(static_cast<size_t>(interval.b) + 1, end_);
    if (interval.a < 0 || a >= b) {
      return {};
    }
    return std::string(text_.substr(a, b - a));
  }
  [[nodiscard]] std::string toString() const override {
    return std::string(text_.substr(begin_, end_ - begin_));
  }

private:
  std::string_view text_;
  size_t begin_ = 0;
  size_t end_ = 0;
  size_t pos_ = 0;
};

// What the differential tests compare of a token.
struct LexedToken {
  size_t type = 0;
  size_t start = 0;
  size_t stop = 0;
  size_t channel = 0;
  friend bool operator==(const LexedToken&, const LexedToken&) = default;
};

// The generated lexer's tokens of text[begin, end), EOF included.
class AntlrLexer {
public:
  AntlrLexer() : lexer_(&stream_) { lexer_.removeErrorListeners(); }

  std::vector<LexedToken> lex(std::string_view text, size_t begin, size_t end) {
    stream_.reset(text, begin, end);
    lexer_.setInputStream(&stream_);
    std::vector<LexedToken> out;
    for (;;) {
      const std::unique_ptr<antlr4::Token> t = lexer_.nextToken();
      out.push_back({t->getType(), t->getStartIndex(), t->getStopIndex(), t->getChannel()});
      if (t->getType() == antlr4::Token::EOF) {
        return out;
      }
    }
  }

  [[nodiscard]] const antlr4::dfa::Vocabulary& vocabulary() const { return lexer_.getVocabulary(); }

private:
  ByteStream stream_;
  rollsafe_mysql_grammar::MySqlLexer lexer_;
};

// Both lexers on the same text: the differential test's and fuzz target's
// comparison.
class LexerDiff {
public:
  // "" when both lexers agree on text[begin, end), else the first mismatch.
  std::string compare(std::string_view text, size_t begin, size_t end) {
    const std::vector<LexedToken> expected = antlr_.lex(text, begin, end);
    ours_.lex(text, begin, end);
    std::vector<LexedToken> actual;
    for (size_t i = 0; i < ours_.size(); ++i) {
      const antlr4::Token* t = ours_.get(i);
      actual.push_back({t->getType(), t->getStartIndex(), t->getStopIndex(), t->getChannel()});
    }
    ++statements_;
    tokens_ += expected.size();
    const size_t n = std::min(expected.size(), actual.size());
    size_t i = 0;
    while (i < n && expected[i] == actual[i]) {
      ++i;
    }
    if (i == n && expected.size() == actual.size()) {
      return {};
    }
    const auto describe = [&](const std::vector<LexedToken>& tokens) {
      if (i >= tokens.size()) {
        return std::string("(no token)");
      }
      const LexedToken& t = tokens[i];
      std::string name = t.type == antlr4::Token::EOF
                             ? "EOF"
                             : std::string(antlr_.vocabulary().getSymbolicName(t.type));
      return name + " [" + std::to_string(t.start) + "," + std::to_string(t.stop) + "] channel " +
             std::to_string(t.channel);
    };
    const size_t at = i < expected.size() ? expected[i].start : end;
    const size_t from = std::max(begin, at < begin + 40 ? begin : at - 40);
    const size_t to = std::min(end, at + 40);
    std::ostringstream out;
    out << "token #" << i << " at byte " << at << ": ANTLR " << describe(expected)
        << ", hand-written " << describe(actual) << "\n  context: ";
    for (const char c : text.substr(from, to - from)) {
      const auto b = static_cast<unsigned char>(c);
      if (b >= 0x20 && b < 0x7f && b != '\\') {
        out << c;
      } else {
        out << "\\x"
            << "0123456789abcdef"[b >> 4] << "0123456789abcdef"[b & 15];
      }
    }
    return out.str();
  }

  [[nodiscard]] size_t statements() const { return statements_; }
  [[nodiscard]] size_t tokens() const { return tokens_; }
  AntlrLexer& antlr() { return antlr_; }

private:
  AntlrLexer antlr_;
  TokenBuffer ours_;
  size_t statements_ = 0;
  size_t tokens_ = 0;
};

} // namespace rollsafe::mysql
