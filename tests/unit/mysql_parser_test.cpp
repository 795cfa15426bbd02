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
// edges CachedPrediction has already learnt.
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
using test::sql_files;

// One parser over one token buffer; `reference` makes its simulator the
// runtime's profiling one.
class Parse {
public:
  explicit Parse(bool reference) : parser_(&tokens_) {
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
      parser_.setTokenStream(&tokens_);
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
  g::MySqlParser parser_;
};

void expect_same_trees(const std::vector<fs::path>& files) {
  Parse fast(false);
  Parse reference(true);
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
  std::vector<fs::path> files;
  for (const char* dir : {"rules", "tests", "samples"}) {
    const auto found = sql_files(fs::path(ROLLSAFE_SOURCE_DIR) / dir);
    files.insert(files.end(), found.begin(), found.end());
  }
  ASSERT_GT(files.size(), 50U);
  expect_same_trees(files);
}

TEST(MySqlParser, CachedPredictionAgreesWithTheRuntimeOnTheRealWorldCorpus) {
  const fs::path dir = fs::path(ROLLSAFE_SOURCE_DIR) / ".." / "shared" / "corpus" / "mysql";
  if (!fs::is_directory(dir)) {
    GTEST_SKIP() << dir << " is not there";
  }
  const auto files = sql_files(dir);
  ASSERT_GT(files.size(), 100U);
  expect_same_trees(files);
}

} // namespace
} // namespace rollsafe::mysql
