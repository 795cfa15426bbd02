// The MySQL client-side splitter: statements end where the mysql client ends
// them, and each span is the statement text without delimiter or surrounding
// whitespace and comments.
#include "frontend/mysql/mysql_split.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace rollsafe::mysql {
namespace {

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& span : split_statements(text)) {
    out.emplace_back(text.substr(span.begin, span.end - span.begin));
  }
  return out;
}

using Pieces = std::vector<std::string>;

TEST(MySqlSplit, SemicolonsAndTrimming) {
  EXPECT_EQ(split("  SELECT 1 ;\n\nSELECT 2;SELECT 3  \n"),
            (Pieces{"SELECT 1", "SELECT 2", "SELECT 3"}));
  EXPECT_EQ(split(""), Pieces{});
  EXPECT_EQ(split(" ;; ; "), Pieces{});
}

TEST(MySqlSplit, QuotesHideDelimiters) {
  EXPECT_EQ(split("INSERT INTO t VALUES ('a;b', \"c;d\");SELECT `x;y` FROM t;"),
            (Pieces{"INSERT INTO t VALUES ('a;b', \"c;d\")", "SELECT `x;y` FROM t"}));
  EXPECT_EQ(split("SELECT 'it''s;', 'a\\';b';SELECT 2"),
            (Pieces{"SELECT 'it''s;', 'a\\';b'", "SELECT 2"}));
  // No backslash escapes in backtick identifiers.
  EXPECT_EQ(split("SELECT `a\\`;SELECT 2"), (Pieces{"SELECT `a\\`", "SELECT 2"}));
}

TEST(MySqlSplit, CommentsHideDelimitersAndAreNotStatements) {
  EXPECT_EQ(split("-- a; b\nSELECT 1; # c;d\n/* e; f */ SELECT 2 /* g */;\n-- only\n"),
            (Pieces{"SELECT 1", "SELECT 2"}));
  // `--` without whitespace after it is not a comment: 1--1 is arithmetic.
  EXPECT_EQ(split("SELECT 1--1;SELECT 2"), (Pieces{"SELECT 1--1", "SELECT 2"}));
  EXPECT_EQ(split("SELECT 1 --\n;--"), (Pieces{"SELECT 1"}));
  EXPECT_EQ(split("/* only a comment */;"), Pieces{});
}

TEST(MySqlSplit, ExecutableCommentsAreStatements) {
  EXPECT_EQ(split("/*!40101 SET NAMES utf8 */;\n/*M!100100 SET x=1 */;/* plain */;"),
            (Pieces{"/*!40101 SET NAMES utf8 */", "/*M!100100 SET x=1 */"}));
}

TEST(MySqlSplit, DelimiterCommand) {
  const std::string script = "DELIMITER $$\n"
                             "CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN\n"
                             "  SET NEW.x = 1;\n"
                             "END$$\n"
                             "delimiter ;\n"
                             "SELECT 1;\n"
                             "DELIMITER //\n"
                             "SELECT 2//SELECT ';//'//\n"
                             "DELIMITER ;\n";
  EXPECT_EQ(split(script),
            (Pieces{"CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW BEGIN\n  SET NEW.x = 1;\nEND",
                    "SELECT 1", "SELECT 2", "SELECT ';//'"}));
}

TEST(MySqlSplit, DelimitersMadeOfWordCharacters) {
  // The scanner takes runs of letters, digits and `_` in one step; a delimiter
  // that starts with one of them must still end the statement inside a word,
  // and it matches case-sensitively, as in the client.
  EXPECT_EQ(split("DELIMITER END\nSELECT xEND SELECT 2END\n"), (Pieces{"SELECT x", "SELECT 2"}));
  EXPECT_EQ(split("DELIMITER a1\nSELECT ba1 b1a1\n"), (Pieces{"SELECT b", "b1"}));
  EXPECT_EQ(split("DELIMITER end\nSELECT END;end\n"), (Pieces{"SELECT END;"}));
  EXPECT_EQ(split("DELIMITER _\nSELECT 1_ x_y_\n"), (Pieces{"SELECT 1", "x", "y"}));
}

TEST(MySqlSplit, DelimitersMadeOfPunctuation) {
  // The scanner also takes runs of punctuation in one step (everything but
  // whitespace, quotes and comment starts); a delimiter starting with any of
  // those bytes still ends the run where it starts.
  EXPECT_EQ(split("DELIMITER $$\nSELECT a$$,(b)$$ SELECT 1$x$$\n"),
            (Pieces{"SELECT a", ",(b)", "SELECT 1$x"}));
  EXPECT_EQ(split("DELIMITER ;;\nSELECT f(1);g();;SELECT 2;;"),
            (Pieces{"SELECT f(1);g()", "SELECT 2"}));
  EXPECT_EQ(split("DELIMITER //\nSELECT 1/2//SELECT 3 /* c // */ //"),
            (Pieces{"SELECT 1/2", "SELECT 3"}));
  EXPECT_EQ(split("DELIMITER -|\nSELECT 1-2-|SELECT 3 -- x -|\n-|"),
            (Pieces{"SELECT 1-2", "SELECT 3"}));
  // Bytes past ASCII are content too.
  EXPECT_EQ(split("SELECT '\xc3\xa9', \xc3\xa9;SELECT 2"),
            (Pieces{"SELECT '\xc3\xa9', \xc3\xa9", "SELECT 2"}));
}

TEST(MySqlSplit, DelimiterCommandAfterBlanks) {
  // Blanks are taken in runs; the DELIMITER command may still follow any
  // mix of them at the start of a line, as the client's scanner allows.
  EXPECT_EQ(split("  \t DELIMITER //\nSELECT 1//"), (Pieces{"SELECT 1"}));
  EXPECT_EQ(split(" \f delimiter //\nSELECT 1//"), (Pieces{"SELECT 1"}));
  EXPECT_EQ(split("\r\n\t\tdelimiter //\nSELECT 2//"), (Pieces{"SELECT 2"}));
}

TEST(MySqlSplit, DelimiterOnlyAtTheStartOfAStatement) {
  // Inside a pending statement, a line starting with "delimiter" is statement
  // text (a column named delimiter).
  EXPECT_EQ(split("SELECT\ndelimiter FROM t;"), (Pieces{"SELECT\ndelimiter FROM t"}));
}

TEST(MySqlSplit, ContentRunsOverBlanksAndLineBreaks) {
  // Statement text, blanks and line breaks are taken in one run up to a quote,
  // a comment or the delimiter; the span still ends at the last byte that is
  // not whitespace, and a line starting with DELIMITER inside a statement is
  // its text.
  EXPECT_EQ(split("CREATE TABLE t (\n  a INT,\r\n\tb INT\n)  \t\r\n\f\v;\nSELECT 2 \n"),
            (Pieces{"CREATE TABLE t (\n  a INT,\r\n\tb INT\n)", "SELECT 2"}));
  EXPECT_EQ(split("SELECT 1\nDELIMITER $$\n;SELECT 3$$;"),
            (Pieces{"SELECT 1\nDELIMITER $$", "SELECT 3$$"}));
  // After the delimiter the same line is not a line start; the next one is.
  EXPECT_EQ(split("SELECT 1\n;DELIMITER $$\nSELECT 2$$;\nDELIMITER $$\nSELECT 3$$"),
            (Pieces{"SELECT 1", "DELIMITER $$\nSELECT 2$$", "SELECT 3"}));
  // The run stops at the first byte of a changed delimiter, and at comments.
  EXPECT_EQ(split("DELIMITER //\nSELECT a /2 ,\n b//SELECT c -- x//\n//"),
            (Pieces{"SELECT a /2 ,\n b", "SELECT c"}));
  EXPECT_EQ(split("DELIMITER xy\nSELECT 1 x 2\nxy"), (Pieces{"SELECT 1 x 2"}));
}

TEST(MySqlSplit, SpansAreByteOffsets) {
  const std::string_view text = "SELECT 'é';\r\n  SELECT 2";
  const auto spans = split_statements(text);
  ASSERT_EQ(spans.size(), 2U);
  EXPECT_EQ(spans[0].begin, 0U);
  EXPECT_EQ(spans[0].end, 11U); // é is two bytes
  EXPECT_EQ(spans[1].begin, 16U);
  EXPECT_EQ(spans[1].end, 24U);
}

TEST(MySqlSplit, UnterminatedQuoteRunsToTheEnd) {
  EXPECT_EQ(split("SELECT 1; SELECT 'abc;\n"), (Pieces{"SELECT 1", "SELECT 'abc;"}));
}

TEST(MySqlSplit, CommentSpans) {
  const std::string_view text = "# a\nSELECT 1 -- b\r\n/* c */ /*!40101 x */";
  const auto comments = comment_spans(text);
  ASSERT_EQ(comments.size(), 3U);
  EXPECT_EQ(text.substr(comments[0].begin, comments[0].end - comments[0].begin), "# a");
  EXPECT_EQ(text.substr(comments[1].begin, comments[1].end - comments[1].begin), "-- b");
  EXPECT_EQ(text.substr(comments[2].begin, comments[2].end - comments[2].begin), "/* c */");
}

} // namespace
} // namespace rollsafe::mysql
