// The generated MySQL parser as the build rewrites it (cmake/AntlrFastChildren.cmake,
// the members of grammar/MySqlParser.g4) against the ANTLR runtime's own
// machinery: predictions answered from the DFA by CachedPrediction
// (src/frontend/mysql/antlr_prediction.h) must be the runtime's. Every
// statement of the real-world corpus and of every fixture is parsed by a
// parser with the rewritten simulator and by one whose simulator is the
// runtime's profiling one (Parser::setProfile: the runtime's adaptivePredict,
// no shortcut), in SLL mode with bail-out and in LL mode with error recovery
// (the frontend's two passes); the trees, printed, and the syntax errors must
// be the same. Each corpus is parsed twice, so the second pass runs on the
// edges CachedPrediction has already learnt. The trees' memory (the node arena
// and terminal pool of the grammar's members) is checked on its own: reused
// from a larger statement, it must still give whole, correctly linked trees.
#include "MySqlParser.h"
#include "frontend/mysql/mysql_lexer.h"
#include "frontend/mysql/mysql_split.h"
#include "sql_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace rollsafe::mysql {
namespace {

namespace fs = std::filesystem;
namespace g = rollsafe_mysql_grammar;

using test::read_file;
using test::real_mysql_corpus;
using test::source_sql_files;
using test::sql_files;

// A token stream that is not the frontend's TokenBuffer but reads one: the
// parser then takes the TokenStream interface (virtual LA/LT/consume) instead
// of the buffer's inline path (MySqlParser.g4's LA1(), LT1(), consumeToken()).
class Forwarding final : public antlr4::TokenStream {
public:
  explicit Forwarding(TokenBuffer& tokens) : tokens_(tokens) {}
  void consume() override { tokens_.consume(); }
  size_t LA(ssize_t i) override { return tokens_.LA(i); }
  ssize_t mark() override { return tokens_.mark(); }
  void release(ssize_t marker) override { tokens_.release(marker); }
  size_t index() override { return tokens_.index(); }
  void seek(size_t index) override { tokens_.seek(index); }
  size_t size() override { return tokens_.size(); }
  [[nodiscard]] std::string getSourceName() const override { return tokens_.getSourceName(); }
  antlr4::Token* LT(ssize_t k) override { return tokens_.LT(k); }
  [[nodiscard]] antlr4::Token* get(size_t index) const override { return tokens_.get(index); }
  [[nodiscard]] antlr4::TokenSource* getTokenSource() const override {
    return tokens_.getTokenSource();
  }
  std::string getText(const antlr4::misc::Interval& interval) override {
    return tokens_.getText(interval);
  }
  std::string getText() override { return tokens_.getText(); }
  std::string getText(antlr4::RuleContext* ctx) override { return tokens_.getText(ctx); }
  std::string getText(antlr4::Token* start, antlr4::Token* stop) override {
    return tokens_.getText(start, stop);
  }

private:
  TokenBuffer& tokens_;
};

// One parser over one token buffer; `reference` makes its simulator the
// runtime's profiling one; `forwarded` makes it read the buffer through the
// TokenStream interface only.
class Parse {
public:
  explicit Parse(bool reference, bool forwarded = false)
      : parser_(&tokens_), forwarded_(forwarded) {
    parser_.removeErrorListeners();
    if (reference) {
      parser_.setProfile(true);
    }
  }

  // The statement's tree, printed, and its syntax error count, in SLL mode
  // with bail-out ("bailed" when it bails) and in LL mode with recovery.
  std::string run(const std::string& text, size_t begin, size_t end) {
    std::string out;
    for (const bool sll : {true, false}) {
      tokens_.lex(text, begin, end);
      if (forwarded_) {
        parser_.setTokenStream(&forwarding_);
      } else {
        parser_.setTokenStream(&tokens_);
      }
      auto* simulator = parser_.getInterpreter<antlr4::atn::ParserATNSimulator>();
      simulator->setPredictionMode(sll ? antlr4::atn::PredictionMode::SLL
                                       : antlr4::atn::PredictionMode::LL);
      if (sll) {
        parser_.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
      } else {
        parser_.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
      }
      try {
        out += parser_.statement()->toStringTree(&parser_);
        out += " errors=" + std::to_string(parser_.getNumberOfSyntaxErrors());
      } catch (const antlr4::ParseCancellationException&) {
        out += "bailed";
      }
      out += '\n';
    }
    return out;
  }

private:
  TokenBuffer tokens_;
  Forwarding forwarding_{tokens_};
  g::MySqlParser parser_;
  bool forwarded_;
};

void expect_same_trees(const std::vector<fs::path>& files, bool forwarded_reference = false) {
  Parse fast(false);
  Parse reference(!forwarded_reference, forwarded_reference);
  size_t statements = 0;
  size_t bailed = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& path : files) {
      const std::string text = read_file(path);
      for (const auto& span : split_statements(text)) {
        const std::string got = fast.run(text, span.begin, span.end);
        ASSERT_EQ(got, reference.run(text, span.begin, span.end))
            << path.string() << " at byte " << span.begin;
        ++statements;
        bailed += got.starts_with("bailed") ? 1 : 0;
      }
    }
  }
  // The error paths were taken too, not only clean parses.
  EXPECT_GT(bailed, 0U);
  std::cout << files.size() << " files, " << statements << " statements parsed alike (" << bailed
            << " bailed out of SLL)\n";
}

TEST(MySqlParser, CachedPredictionAgreesWithTheRuntimeOnEveryFixture) {
  const std::vector<fs::path> files = source_sql_files({"rules", "tests", "samples"});
  ASSERT_GT(files.size(), 50U);
  expect_same_trees(files);
}

// The parser reads the frontend's TokenBuffer inline; through the
// TokenStream interface it must build the same trees and report the same
// errors.
TEST(MySqlParser, TheTokenBuffersInlinePathAgreesWithTheInterface) {
  const std::vector<fs::path> files = source_sql_files({"rules", "tests", "samples"});
  ASSERT_GT(files.size(), 50U);
  expect_same_trees(files, true);
}

TEST(MySqlParser, CachedPredictionAgreesWithTheRuntimeOnTheRealWorldCorpus) {
  const fs::path dir = real_mysql_corpus();
  if (!fs::is_directory(dir)) {
    GTEST_SKIP() << dir << " is not there";
  }
  const auto files = sql_files(dir);
  ASSERT_GT(files.size(), 100U);
  expect_same_trees(files);
}

// Every node's children point back to it, and the terminals hold the
// statement's tokens in order: what the node arena and the terminal pool (the
// members of grammar/MySqlParser.g4) must give even when they reuse the memory
// of a larger statement.
void expect_linked(antlr4::tree::ParseTree* node, size_t& next_token) {
  for (antlr4::tree::ParseTree* child : node->children) {
    ASSERT_EQ(child->parent, node);
    if (auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      const antlr4::Token* token = terminal->getSymbol();
      ASSERT_GE(token->getTokenIndex(), next_token);
      next_token = token->getTokenIndex() + 1;
    } else {
      expect_linked(child, next_token);
    }
  }
}

TEST(MySqlParser, TreesFromReusedNodesAreWhole) {
  const std::string small = "ALTER TABLE t ADD COLUMN c INT NOT NULL DEFAULT 1, DROP INDEX i";
  std::string large = "CREATE TABLE big (id INT PRIMARY KEY";
  for (int i = 0; i < 5000; ++i) {
    large += ", c" + std::to_string(i) + " VARCHAR(20) NOT NULL DEFAULT 'x' COMMENT 'y'";
  }
  large += ") ENGINE=InnoDB";
  TokenBuffer tokens;
  g::MySqlParser parser(&tokens);
  const auto parse = [&](const std::string& text) {
    tokens.lex(text, 0, text.size());
    parser.setTokenStream(&tokens);
    g::MySqlParser::StatementContext* tree = parser.statement();
    EXPECT_EQ(parser.getNumberOfSyntaxErrors(), 0U);
    size_t next_token = 0;
    expect_linked(tree, next_token);
    EXPECT_EQ(next_token, tokens.size()); // every token up to EOF is in the tree
    return tree->toStringTree(&parser);
  };
  const std::string first = parse(small);
  EXPECT_NE(first.find("(columnName (identifier c))"), std::string::npos) << first;
  const std::string big = parse(large);
  EXPECT_NE(big.find("(identifier c4999)"), std::string::npos);
  EXPECT_EQ(parse(small), first); // on the memory the large statement used
  EXPECT_EQ(parse(large), big);
}

} // namespace
} // namespace rollsafe::mysql
