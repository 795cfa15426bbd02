#include "diagnostics/diagnostic.h"
#include "source/line_index.h"

#include <gtest/gtest.h>

namespace rollsafe {
namespace {

TEST(LineIndex, CountsLinesForLfCrlfAndLoneCr) {
  const LineIndex index("a\nb\r\nc\rd");
  EXPECT_EQ(index.position(0).line, 1U);
  EXPECT_EQ(index.position(2).line, 2U);
  EXPECT_EQ(index.position(5).line, 3U);
  EXPECT_EQ(index.position(7).line, 4U);
  EXPECT_EQ(index.line_text(2), "b");
  EXPECT_EQ(index.line_text(5), "c");
}

TEST(LineIndex, ColumnsCountCodePointsAndTabsAsOne) {
  const std::string text = "\t\xC3\xA9x"; // tab, é (2 bytes), x
  const LineIndex index(text);
  EXPECT_EQ(index.position(0).column, 1U);
  EXPECT_EQ(index.position(1).column, 2U);
  EXPECT_EQ(index.position(3).column, 3U);
}

TEST(LineIndex, OffsetsPastTheEndClampToTheLastPosition) {
  const LineIndex index("ab");
  EXPECT_EQ(index.position(99).column, 3U);
  EXPECT_EQ(index.position(99).line, 1U);
}

TEST(LineIndex, ResolvesDiagnosticsWithCaretWidthOnTheFirstLine) {
  std::vector<Diagnostic> diags(1);
  diags[0].span = {2, 12};
  resolve_positions("x\nALTER T\nABLE", diags);
  EXPECT_EQ(diags[0].start.line, 2U);
  EXPECT_EQ(diags[0].start.column, 1U);
  EXPECT_EQ(diags[0].end.line, 3U);
  EXPECT_EQ(diags[0].source_line, "ALTER T");
  EXPECT_EQ(diags[0].caret_width, 7U);
}

} // namespace
} // namespace rollsafe

#include "support/lint_helpers.h"

namespace rollsafe {
namespace {

TEST(InputChecks, InvalidUtf8IsFoundAfterLongAsciiRuns) {
  for (const size_t prefix : {0UL, 7UL, 8UL, 9UL, 63UL}) {
    const std::string sql = std::string(prefix, ' ') + "SELECT 1; -- caf\xC3\xA9 \xFF\n";
    const FileReport r = test::lint_text(sql);
    ASSERT_EQ(r.diagnostics.size(), 1U) << prefix;
    EXPECT_EQ(r.diagnostics[0].rule, "invalid-input");
    EXPECT_EQ(r.diagnostics[0].span.begin, prefix + 19) << prefix; // after "... café "
  }
  EXPECT_TRUE(
      test::lint_text("SELECT 'caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80';").diagnostics.empty());
  for (const char* bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"}) {
    const FileReport r = test::lint_text(std::string("SELECT 1; -- ") + bad + "\n");
    ASSERT_EQ(r.diagnostics.size(), 1U) << bad;
    EXPECT_EQ(r.diagnostics[0].span.begin, 13U);
  }
}

} // namespace
} // namespace rollsafe

namespace rollsafe {
namespace {

// Many findings on one line: columns counted incrementally must equal columns
// counted from the start of the line.
TEST(InputChecks, ManyFindingsOnOneLineHaveExactColumns) {
  std::string sql = "SET lock_timeout = '1s'; ALTER TABLE t";
  for (int i = 0; i < 200; ++i) {
    sql += std::string(i == 0 ? " " : ", ") + "DROP COLUMN \"c\xC3\xA9" + std::to_string(i) + "\"";
  }
  sql += ";\n";
  const FileReport r = test::lint_text(sql);
  ASSERT_EQ(r.diagnostics.size(), 200U);
  const LineIndex index(sql);
  for (const Diagnostic& d : r.diagnostics) {
    EXPECT_EQ(d.start.line, 1U);
    EXPECT_EQ(d.start.column, index.position(d.span.begin).column);
    EXPECT_EQ(d.end.column, index.position(d.span.end).column);
  }
}

} // namespace
} // namespace rollsafe
