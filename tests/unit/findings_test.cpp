// How findings are built and put in order: the rules' text joining, the sort by
// position, the end positions resolved on the start's line, and the caret
// lines' control-character check shared by findings on one line.
#include "common/concat.h"
#include "diagnostics/diagnostic.h"
#include "diagnostics/text_store.h"
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
    TextStore texts;
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
      d.message = texts.add("finding " + std::to_string(i));
      d.help = texts.add(std::string(i % 3 == 0 ? 40 : 3, 'h'));
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
  TextStore texts;
  resolve_positions(text, diags, texts);
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

namespace rollsafe {
namespace {

// Every view a store hands out keeps its text while the store grows into new
// blocks, when a text is longer than a block, and after the store is moved.
TEST(TextStore, ViewsKeepTheirTextsAsTheStoreGrowsAndMoves) {
  TextStore texts;
  EXPECT_TRUE(texts.add("").empty());
  std::vector<std::string> expected;
  std::vector<std::string_view> views;
  for (size_t i = 0; i < 3000; ++i) {
    // Mostly short texts, now and then one longer than any block.
    const size_t size = i % 500 == 7 ? 100000 : 1 + (i * 37) % 300;
    expected.push_back(std::string(size, static_cast<char>('a' + i % 26)) + std::to_string(i));
    views.push_back(texts.add(expected.back()));
    ASSERT_EQ(views.back(), expected.back()) << i;
    ASSERT_NE(views.back().data(), expected.back().data()) << i; // a copy
  }
  TextStore moved = std::move(texts);
  for (size_t i = 0; i < views.size(); ++i) {
    EXPECT_EQ(views[i], expected[i]) << i;
    EXPECT_TRUE(moved.holds(views[i])) << i;
  }
  // The moved-from store starts again, without touching the moved blocks.
  const std::string_view fresh = texts.add("fresh"); // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(fresh, "fresh");
  EXPECT_FALSE(moved.holds(fresh));
  EXPECT_EQ(views.front(), expected.front());
  EXPECT_FALSE(texts.holds(views.front()));
}

// A finding copied into another report, or with its report, has its texts in
// the copy's store: they outlive the report they came from.
TEST(TextStore, CopiedReportsAndAdoptedFindingsOwnTheirTexts) {
  FileReport copy;
  FileReport adopted;
  {
    FileReport original;
    original.path = "a.sql";
    Diagnostic& d = original.diagnostics.emplace_back();
    d.rule = "drop-column";
    d.message = original.texts.add(std::string(50, 'm'));
    d.help = original.texts.add("help");
    d.source_line = original.texts.add("ALTER TABLE t DROP COLUMN c;");
    Diagnostic& s = original.suppressed.emplace_back(d);
    s.suppression = original.texts.add("a reason");
    copy = original;
    adopted.adopt(adopted.diagnostics, original.suppressed.front());
  }
  ASSERT_EQ(copy.diagnostics.size(), 1U);
  ASSERT_EQ(copy.suppressed.size(), 1U);
  EXPECT_EQ(copy.path, "a.sql");
  const Diagnostic& d = copy.diagnostics.front();
  EXPECT_EQ(d.message, std::string(50, 'm'));
  EXPECT_EQ(d.help, "help");
  EXPECT_EQ(d.source_line, "ALTER TABLE t DROP COLUMN c;");
  for (const std::string_view text : {d.message, d.help, d.source_line}) {
    EXPECT_TRUE(copy.texts.holds(text)) << text;
  }
  EXPECT_EQ(copy.suppressed.front().suppression, "a reason");
  EXPECT_TRUE(copy.texts.holds(copy.suppressed.front().suppression));
  const Diagnostic& a = adopted.diagnostics.at(0);
  EXPECT_EQ(a.suppression, "a reason");
  EXPECT_EQ(a.message, std::string(50, 'm'));
  EXPECT_TRUE(adopted.texts.holds(a.message));
  EXPECT_TRUE(adopted.texts.holds(a.suppression));
}

// Findings on one caret line share one copy of it; a finding on another line
// gets its own.
TEST(TextStore, FindingsOnOneLineShareItsCopy) {
  const std::string text = "ALTER TABLE t DROP COLUMN c, DROP COLUMN d;\nDROP TABLE u;\n";
  std::vector<Diagnostic> diags(3);
  diags[0].span = {14, 27};
  diags[1].span = {29, 42};
  diags[2].span = {44, 57};
  TextStore texts;
  resolve_positions(text, diags, texts);
  EXPECT_EQ(diags[0].source_line, "ALTER TABLE t DROP COLUMN c, DROP COLUMN d;");
  EXPECT_EQ(diags[1].source_line.data(), diags[0].source_line.data());
  EXPECT_EQ(diags[2].source_line, "DROP TABLE u;");
  for (const Diagnostic& d : diags) {
    EXPECT_TRUE(texts.holds(d.source_line));
  }
}

} // namespace
} // namespace rollsafe
