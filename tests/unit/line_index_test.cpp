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
