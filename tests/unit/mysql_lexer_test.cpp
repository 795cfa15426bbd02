// The hand-written MySQL lexer (src/frontend/mysql/mysql_lexer.h) against its
// specification, the lexer ANTLR generates from grammar/MySqlLexer.g4: for every
// statement of the real-world corpus, of every fixture and of a generated set of
// adversarial inputs, both must produce the same tokens (type, start, stop,
// channel, EOF included). The first mismatch is printed with its context.
#include "frontend/mysql/mysql_antlr_lexer.h"
#include "frontend/mysql/mysql_split.h"
#include "sql_files.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe::mysql {
namespace {

namespace fs = std::filesystem;

// The differential comparison, with the whole-script and prefix drivers.
class ScriptDiff : public LexerDiff {
public:
  // Both lexers over the whole text, over each statement as the client splits
  // it, and over each statement again with every executable comment's markers
  // blanked (as the frontend does when the target runs them).
  std::string compare_script(const std::string& text) {
    if (auto m = compare(text, 0, text.size()); !m.empty()) {
      return "whole text: " + m;
    }
    for (const auto& span : split_statements(text)) {
      if (auto m = compare(text, span.begin, span.end); !m.empty()) {
        return m;
      }
    }
    std::string blanked = text;
    for (const auto& exec : executable_comments(text)) {
      std::fill_n(blanked.begin() + exec.open.begin, exec.open.end - exec.open.begin, ' ');
      std::fill_n(blanked.begin() + exec.close.begin, exec.close.end - exec.close.begin, ' ');
    }
    if (blanked != text) {
      for (const auto& span : split_statements(blanked)) {
        if (auto m = compare(blanked, span.begin, span.end); !m.empty()) {
          return "executable comments run: " + m;
        }
      }
    }
    return {};
  }

  // Every prefix of `text`: every unterminated form of what it holds.
  std::string compare_prefixes(const std::string& text) {
    for (size_t n = 0; n <= text.size(); ++n) {
      if (auto m = compare(text, 0, n); !m.empty()) {
        return m;
      }
    }
    return {};
  }
};

using test::read_file;
using test::real_mysql_corpus;
using test::source_sql_files;
using test::sql_files;

void expect_same_on_files(const std::vector<fs::path>& files) {
  ScriptDiff diff;
  for (const auto& path : files) {
    const std::string m = diff.compare_script(read_file(path));
    ASSERT_TRUE(m.empty()) << path.string() << ": " << m;
  }
  std::cout << files.size() << " files, " << diff.statements() << " token streams, "
            << diff.tokens() << " tokens agree\n";
}

TEST(MySqlLexer, AgreesWithAntlrOnTheRealWorldCorpus) {
  const fs::path dir = real_mysql_corpus();
  if (!fs::is_directory(dir)) {
    GTEST_SKIP() << dir << " is not there";
  }
  const auto files = sql_files(dir);
  ASSERT_GT(files.size(), 100U);
  expect_same_on_files(files);
}

TEST(MySqlLexer, AgreesWithAntlrOnEveryFixture) {
  std::vector<fs::path> files = source_sql_files({"rules", "tests", "samples", "bench"});
  // And what the MySQL fuzz targets found (files named by their hash).
  for (const char* target : {"fuzz_mysql_frontend", "fuzz_mysql_lexer"}) {
    const fs::path dir = fs::path(ROLLSAFE_SOURCE_DIR) / "tests" / "fuzz-regressions" / target;
    if (fs::is_directory(dir)) {
      for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().filename() != "README.md") {
          files.push_back(entry.path());
        }
      }
    }
  }
  // The MySQL and MariaDB fixtures are among them.
  ASSERT_TRUE(std::any_of(files.begin(), files.end(), [](const fs::path& p) {
    return p.string().find(".mariadb.sql") != std::string::npos;
  }));
  expect_same_on_files(files);
}

TEST(MySqlLexer, AgreesWithAntlrOnEveryKeywordInAnyCase) {
  ScriptDiff diff;
  const auto& vocabulary = diff.antlr().vocabulary();
  size_t words = 0;
  for (size_t type = 1; type <= vocabulary.getMaxTokenType(); ++type) {
    std::string word = vocabulary.getSymbolicName(type);
    for (const std::string& text :
         {word, word.substr(0, word.size() - 1), word + "x", "x" + word, word + "_", word + "1"}) {
      std::string lower = text;
      std::string mixed = text;
      for (size_t i = 0; i < text.size(); ++i) {
        lower[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
        mixed[i] = i % 2 == 0 ? lower[i] : text[i];
      }
      for (const std::string& t : {text, lower, mixed}) {
        const std::string m = diff.compare(t, 0, t.size());
        ASSERT_TRUE(m.empty()) << "\"" << t << "\": " << m;
        ++words;
      }
    }
  }
  EXPECT_GT(words, 1000U);
}

// Every prefix of fragments that exercise each rule of MySqlLexer.g4 (so every
// unterminated string, identifier and comment), alone and after each other.
TEST(MySqlLexer, AgreesWithAntlrOnEveryPrefixOfTrickyFragments) {
  const std::vector<std::string> fragments = {
      "/* c */",
      "/*/ x */",
      "/**/",
      "/*! 1 */",
      "/*!50700 SET x=1 */",
      "/*M!100100 y */",
      "/* a * / b */ c",
      "# hash\n",
      "#",
      "-- dash\n",
      "--\n",
      "--\t",
      "--x",
      "---- ",
      "1--1",
      "-->",
      "->>",
      "->",
      "'it''s'",
      "'a\\'b'",
      "'a\\\\'",
      "''''",
      "'''",
      "'\\",
      R"("q""q")",
      R"("a\"b")",
      "`b``q`",
      "`a\\`",
      "``",
      "N'nat'",
      "n'x''y'",
      "N\"x\"",
      "X'0aF'",
      "x'zz'",
      "X''",
      "0x1F",
      "0x1G",
      "0xg",
      "0X1",
      "B'0101'",
      "b'012'",
      "0b101",
      "0b102",
      "0B1",
      "_utf8mb4'x'",
      "_latin1\"y\"",
      "_utf8_bin'x'",
      "_'x'",
      "_x",
      "_1'q'",
      "_a$'q'",
      "1.5",
      ".5",
      "5.",
      "1e5",
      "1E+5",
      "1e-5x",
      "1.5e",
      "1.5e+",
      "1e",
      "1ex",
      "12abc",
      "1.5.6",
      "0.e1",
      "..1",
      "1_000",
      "1$",
      "@a",
      "@'a'",
      "@\"a\"",
      "@`a`",
      "@'a",
      "@@a",
      "@@a.b",
      "@@a.",
      "@@",
      "@@'x'",
      "@",
      "@.a",
      ":=",
      ":",
      "<=>",
      "<=",
      "<>",
      "<<",
      "<",
      ">=",
      ">>",
      ">",
      "!=",
      "!",
      "&&",
      "&",
      "||",
      "|",
      "=",
      "==",
      "~",
      "?",
      "{}",
      "()",
      ";",
      ",",
      "%",
      "^",
      "+",
      "*",
      "/",
      "[x]",
      "\\",
      "$a",
      "a$",
      "caf\xc3\xa9",
      "\xc3\xa9t\xc3\xa9",
      "\xff",
      "\x80x",
      "SELECT",
      "select",
      "Null",
      "NULL_",
      "auto_increment",
      "CURRENT_TIMESTAMP",
      "a\r\nb",
      "\r",
      "\f\v",
      "\x01",
      std::string(1, '\0'),
      "\x7f",
  };
  ScriptDiff diff;
  for (const auto& f : fragments) {
    const std::string m = diff.compare_prefixes(f);
    ASSERT_TRUE(m.empty()) << "fragment \"" << f << "\": " << m;
  }
  for (const auto& a : fragments) {
    for (const auto& b : fragments) {
      const std::string text = a + b;
      const std::string m = diff.compare(text, 0, text.size());
      ASSERT_TRUE(m.empty()) << "fragments \"" << a << "\" + \"" << b << "\": " << m;
      const std::string spaced = a + " " + b;
      const std::string m2 = diff.compare(spaced, 0, spaced.size());
      ASSERT_TRUE(m2.empty()) << "fragments \"" << a << R"(" + " " + ")" << b << "\": " << m2;
    }
  }
}

// Every byte 0x00-0xFF alone, inside each quoted form, after '-'/'--'/'@'/'_x'
// and a digit, and between two words.
TEST(MySqlLexer, AgreesWithAntlrOnEveryByte) {
  ScriptDiff diff;
  for (int b = 0; b < 256; ++b) {
    const std::string c(1, static_cast<char>(b));
    for (const std::string& text :
         {c, "'" + c + "'", "\"" + c + "\"", "`" + c + "`", "-" + c, "--" + c + "x", "@" + c,
          "@@" + c, "_x" + c + "'y'", "1" + c + "2", "a" + c + "b", "/*" + c + "*/", "0x" + c,
          "0b" + c, "." + c, "1e" + c + "1", "x'" + c + "'", "#" + c + "\nz"}) {
      const std::string m = diff.compare(text, 0, text.size());
      ASSERT_TRUE(m.empty()) << "byte " << b << ": " << m;
    }
  }
}

// The hostile inputs' shapes: deep brackets, long lines, CRLF, unterminated forms
// at the end of a long statement, statements inside a larger text.
TEST(MySqlLexer, AgreesWithAntlrOnHostileShapes) {
  ScriptDiff diff;
  const std::vector<std::string> texts = {
      std::string(100000, '(') + "1" + std::string(100000, ')'),
      "SELECT " + std::string(200000, '-') + "1",
      "CREATE TABLE t (\r\n  a INT -- c\r\n, b TEXT # d\r\n) /* e\r\n */\r\n",
      "INSERT INTO t VALUES ('" + std::string(300000, 'x') + "')",
      "SELECT 1 FROM t WHERE a = '" + std::string(100000, 'y'),
      "SELECT /*" + std::string(100000, '*'),
      std::string(20000, '\'') + "x",
      std::string(20000, '`'),
      "SELECT " + std::string(1000, '/') + std::string(1000, '*'),
  };
  for (const auto& t : texts) {
    const std::string m = diff.compare(t, 0, t.size());
    ASSERT_TRUE(m.empty()) << m;
  }
  // A statement in the middle of a text: offsets are offsets into the text, and
  // nothing past the statement's end is looked at.
  const std::string text = "SELECT 1; SELECT 'a'; SELECT _utf8'b'";
  const size_t begin = text.find("SELECT 'a'");
  EXPECT_EQ(diff.compare(text, begin, begin + 9), ""); // cut inside the string
  EXPECT_EQ(diff.compare(text, text.find("_utf8"), text.find("_utf8") + 5), "");
}

// The stream the parser reads: types, texts and indexes, EOF at the end.
TEST(MySqlLexer, TokenBufferServesTheParser) {
  TokenBuffer tokens;
  const std::string text = "x; SELECT `a``b`, 'c' FROM t";
  tokens.lex(text, 3, text.size());
  ASSERT_EQ(tokens.size(), 7U);
  EXPECT_EQ(tokens.get(0)->getText(), "SELECT");
  EXPECT_EQ(tokens.get(1)->getText(), "`a``b`");
  EXPECT_EQ(tokens.get(3)->getStartIndex(), text.find('\''));
  EXPECT_EQ(tokens.get(6)->getType(), antlr4::Token::EOF);
  EXPECT_EQ(tokens.get(6)->getText(), "<EOF>");
  EXPECT_EQ(tokens.LA(1), tokens.get(0)->getType());
  tokens.consume();
  EXPECT_EQ(tokens.LT(-1)->getText(), "SELECT");
  EXPECT_EQ(tokens.LT(100)->getType(), antlr4::Token::EOF);
  EXPECT_EQ(tokens.getText(tokens.get(1), tokens.get(3)), "`a``b`,'c'");
  tokens.seek(6);
  EXPECT_THROW(tokens.consume(), antlr4::IllegalStateException);
  // The buffer is reused: the next statement replaces the tokens.
  tokens.lex("a\nb", 0, 3);
  ASSERT_EQ(tokens.size(), 3U);
  EXPECT_GE(tokens.capacity(), 7U); // the room of the first statement is kept
  EXPECT_EQ(tokens.get(1)->getLine(), 2U);
  EXPECT_EQ(tokens.get(1)->getCharPositionInLine(), 0U);
}

// A huge statement's room is given back at the next statement, not kept for
// the rest of the run.
TEST(MySqlLexer, TokenBufferGivesBackTheRoomOfAHugeStatement) {
  TokenBuffer tokens;
  const std::string huge(1000000, '(');
  tokens.lex(huge, 0, huge.size());
  EXPECT_EQ(tokens.size(), huge.size() + 1);
  tokens.lex("SELECT 1", 0, 8);
  EXPECT_EQ(tokens.size(), 3U);
  EXPECT_LT(tokens.capacity(), 100000U);
}

} // namespace
} // namespace rollsafe::mysql
