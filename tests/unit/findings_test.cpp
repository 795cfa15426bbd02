// How findings are built and put in order: the rules' text joining, the sort by
// position, the end positions resolved on the start's line, and the caret
// lines' control-character check shared by findings on one line.
#include "common/concat.h"
#include "diagnostics/diagnostic.h"
#include "model/model.h"
#include "source/line_index.h"
#include "support/lint_helpers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe {
namespace {

TEST(Concat, JoinsEveryKindOfPieceInOrder) {
  const std::string owned = "table";
  const std::string_view view = "column";
  const char* c_string = "index";
  EXPECT_EQ(concat("a ", owned, ' ', view, std::string(), c_string, "", '.'),
            "a table columnindex.");
  EXPECT_EQ(concat(), "");
  EXPECT_EQ(concat(std::string(40, 'x'), std::string(40, 'y')),
            std::string(40, 'x') + std::string(40, 'y'));
}

TEST(Concat, AppendAllKeepsWhatIsThereAndGrowsOnce) {
  std::string out = "adding ";
  append_all(out, "CHECK", ' ', std::string("price_positive"), std::string_view(" to "), "t");
  EXPECT_EQ(out, "adding CHECK price_positive to t");
  std::string big;
  append_all(big, std::string(100, 'a'), "b", std::string(100, 'c'));
  EXPECT_EQ(big, std::string(100, 'a') + "b" + std::string(100, 'c'));
  EXPECT_GE(big.capacity(), 201U);
}

TEST(Concat, AppendJoinedPutsTheSeparatorBetweenItemsOnly) {
  std::string out = "(";
  append_joined(out, std::vector<std::string>{"id", "email", "created_at"});
  out += ')';
  EXPECT_EQ(out, "(id, email, created_at)");
  std::string none = "x";
  append_joined(none, std::vector<std::string>{});
  EXPECT_EQ(none, "x");
  std::string one;
  append_joined(one, std::array<std::string_view, 1>{"only"}, " | ");
  EXPECT_EQ(one, "only");
  // Each item through the given text: here quoted as an identifier needs.
  std::string quoted;
  append_joined(quoted, std::vector<std::string>{"id", "Email"}, ", ", model::ident);
  EXPECT_EQ(quoted, "id, \"Email\"");
}

// sort_by_position moves findings along the cycles of the permutation: for any
// order it must give what a stable sort by (offset, rule) gives, each finding
// with its own text. Random orders, with many ties, and nearly sorted ones:
// statement order with rules' ties and a tail reported at the file's end.
TEST(SortByPosition, EqualsAStableSortForAnyOrder) {
  constexpr std::array<std::string_view, 3> kRules = {"b-rule", "a-rule", "c-rule"};
  for (uint32_t seed = 1; seed <= 80; ++seed) {
    std::vector<Diagnostic> diags;
    uint32_t state = seed;
    const bool nearly_sorted = seed > 40;
    const size_t n = seed % 13 + (seed % 40 > 20 ? 60 : 0);
    for (size_t i = 0; i < n; ++i) {
      state = state * 1103515245U + 12345U;
      Diagnostic& d = diags.emplace_back();
      const bool tail = i + (seed % 5) >= n;
      d.span.begin = !nearly_sorted ? (state >> 16U) % 9
                     : tail         ? (state >> 16U) % static_cast<uint32_t>(n + 1)
                                    : static_cast<uint32_t>(i / 2);
      d.rule = kRules[(state >> 8U) % 3];
      d.message = "finding " + std::to_string(i);
      d.help = std::string(i % 3 == 0 ? 40 : 3, 'h'); // heap-allocated and inline
    }
    std::vector<Diagnostic> expected = diags;
    std::stable_sort(
        expected.begin(), expected.end(), [](const Diagnostic& x, const Diagnostic& y) {
          return x.span.begin != y.span.begin ? x.span.begin < y.span.begin : x.rule < y.rule;
        });
    sort_by_position(diags);
    ASSERT_EQ(diags.size(), expected.size()) << seed;
    for (size_t i = 0; i < diags.size(); ++i) {
      EXPECT_EQ(diags[i].message, expected[i].message) << seed << " " << i;
      EXPECT_EQ(diags[i].help, expected[i].help) << seed << " " << i;
      EXPECT_EQ(diags[i].rule, expected[i].rule) << seed << " " << i;
    }
  }
}

// An end on the start's line is the start's column plus the code points in
// between; past the excerpt of a long line, and on later lines, too.
TEST(ResolvePositions, EndsOnLongLinesMatchTheLineIndex) {
  std::string text = "-- lead\n";
  for (int i = 0; i < 120; ++i) {
    text += "caf\xC3\xA9 x; ";
  }
  text += "\r\nshort \xE2\x82\xAC line\nlast";
  const auto size = static_cast<uint32_t>(text.size());
  std::vector<Diagnostic> diags;
  for (uint32_t b = 0; b < size; b += 7) {
    for (const uint32_t e : {b, b + 1, b + 30, b + 400, b + 1500, size + 1}) {
      diags.emplace_back().span = {b, e};
    }
  }
  resolve_positions(text, diags);
  const LineIndex index(text);
  for (const Diagnostic& d : diags) {
    const uint32_t e = std::min(d.span.end, size);
    EXPECT_EQ(d.end.line, index.position(e).line) << d.span.begin << ".." << d.span.end;
    EXPECT_EQ(d.end.column, index.position(e).column) << d.span.begin << ".." << d.span.end;
    EXPECT_EQ(d.start.column, index.position(d.span.begin).column) << d.span.begin;
  }
}

// Findings on one caret line share its control-character check: each of them
// shows the replacement, and a clean line after it does not.
TEST(InputChecks, EveryFindingOnALineWithAControlCharacterIsReplaced) {
  const FileReport r = test::lint_text("SET lock_timeout = '1s';\n"
                                       "ALTER TABLE t DROP COLUMN a, DROP COLUMN b; -- \x01\n"
                                       "ALTER TABLE t DROP COLUMN c, DROP COLUMN d; -- ok\n");
  ASSERT_EQ(r.diagnostics.size(), 4U);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(r.diagnostics[i].source_line,
              "ALTER TABLE t DROP COLUMN a, DROP COLUMN b; -- \xEF\xBF\xBD")
        << i;
  }
  for (size_t i = 2; i < 4; ++i) {
    EXPECT_EQ(r.diagnostics[i].source_line, "ALTER TABLE t DROP COLUMN c, DROP COLUMN d; -- ok")
        << i;
  }
}

} // namespace
} // namespace rollsafe
