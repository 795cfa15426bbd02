#include "diagnostics/diagnostic.h"
#include "report/reporter.h"
#include "source/line_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <sstream>
#include <string>
#include <vector>

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
  TextStore texts;
  resolve_positions("x\nALTER T\nABLE", diags, texts);
  EXPECT_EQ(diags[0].start.line, 2U);
  EXPECT_EQ(diags[0].start.column, 1U);
  EXPECT_EQ(diags[0].end.line, 3U);
  EXPECT_EQ(diags[0].source_line, "ALTER T");
  EXPECT_EQ(diags[0].caret_width, 7U);
}

// The code points in an excerpt, and whether it starts and ends on a character.
uint32_t excerpt_columns(std::string_view text, const Excerpt& e) {
  return count_code_points(text.substr(e.begin, e.end - e.begin));
}
// The byte index of the code point `skip` code points into `text`.
size_t byte_of_column(std::string_view text, uint32_t skip) {
  size_t at = 0;
  for (; skip > 0 && at < text.size(); --skip) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0U) == 0x80U) {
      ++at;
    }
  }
  return at;
}
bool starts_character(std::string_view text, uint32_t at) {
  return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0U) != 0x80U;
}

TEST(Excerpt, ShortLinesAreShownWhole) {
  const std::string line(kExcerptWidth, 'x');
  const Excerpt e = excerpt_around(line, 0, static_cast<uint32_t>(line.size()), 100);
  EXPECT_EQ(e.begin, 0U);
  EXPECT_EQ(e.end, line.size());
  EXPECT_EQ(e.before, 100U);
  // As many code points, in more bytes, are still one short line.
  std::string wide;
  for (uint32_t i = 0; i < kExcerptWidth; ++i) {
    wide += "\xE2\x82\xAC"; // €
  }
  const Excerpt w = excerpt_around(wide, 0, static_cast<uint32_t>(wide.size()), 30);
  EXPECT_EQ(w.begin, 0U);
  EXPECT_EQ(w.end, wide.size());
  EXPECT_EQ(w.before, 10U);
}

TEST(Excerpt, SpanAtTheStartOfALongLine) {
  const std::string text = "x\n" + std::string(10000, 'a') + "\nz";
  const Excerpt e = excerpt_around(text, 2, 10002, 2);
  EXPECT_EQ(e.begin, 2U);
  EXPECT_EQ(e.end, 2 + kExcerptWidth);
  EXPECT_EQ(e.before, 0U);
}

TEST(Excerpt, SpanInTheMiddleOfALongLine) {
  const std::string line(10000, 'a');
  const Excerpt e = excerpt_around(line, 0, 10000, 5000);
  EXPECT_EQ(e.begin, 5000 - kExcerptLead);
  EXPECT_EQ(e.end, 5000 - kExcerptLead + kExcerptWidth);
  EXPECT_EQ(e.before, kExcerptLead);
}

TEST(Excerpt, SpanAtTheEndOfALongLineTakesTheWidthFromBefore) {
  const std::string line(10000, 'a');
  for (const uint32_t offset : {10000U, 9990U}) {
    const Excerpt e = excerpt_around(line, 0, 10000, offset);
    EXPECT_EQ(e.end, 10000U) << offset;
    EXPECT_EQ(e.begin, 10000 - kExcerptWidth) << offset;
    EXPECT_EQ(e.before, offset - e.begin) << offset;
  }
}

// Around an offset whose neighbourhood is ASCII the excerpt is counted out in
// bytes, whatever the rest of the line holds; next to a multi-byte character it
// is walked. Both give the same columns.
TEST(Excerpt, AsciiAroundTheOffsetWhateverTheRestOfTheLine) {
  std::string euros;
  for (int i = 0; i < 300; ++i) {
    euros += "\xE2\x82\xAC"; // €
  }
  const std::string line = euros + std::string(1000, 'a') + euros;
  const auto size = static_cast<uint32_t>(line.size());
  const auto as = static_cast<uint32_t>(euros.size()); // the first 'a'
  for (const uint32_t offset : {as + 500, as + kExcerptWidth, as + 1000 - kExcerptWidth}) {
    const Excerpt e = excerpt_around(line, 0, size, offset);
    EXPECT_EQ(e.begin, offset - kExcerptLead) << offset;
    EXPECT_EQ(e.end, offset - kExcerptLead + kExcerptWidth) << offset;
    EXPECT_EQ(e.before, kExcerptLead) << offset;
  }
  for (const uint32_t offset : {as + 10, as + 1000 - 10}) { // euros within reach
    const Excerpt e = excerpt_around(line, 0, size, offset);
    EXPECT_TRUE(starts_character(line, e.begin)) << offset;
    EXPECT_TRUE(starts_character(line, e.end)) << offset;
    EXPECT_EQ(excerpt_columns(line, e), kExcerptWidth) << offset;
    EXPECT_EQ(e.before, kExcerptLead) << offset;
  }
  // One byte too long to be shown whole.
  const std::string just_over(kExcerptWidth + 1, 'a');
  const Excerpt e = excerpt_around(just_over, 0, kExcerptWidth + 1, kExcerptWidth + 1);
  EXPECT_EQ(e.begin, 1U);
  EXPECT_EQ(e.end, kExcerptWidth + 1);
  EXPECT_EQ(e.before, kExcerptWidth);
}

TEST(Excerpt, NeverSplitsAMultiByteCharacter) {
  // Characters of one to four bytes in turn, so that every alignment of a cut
  // point against a character occurs.
  std::string line;
  while (line.size() < 4000) {
    line += "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"; // a é € 😀
  }
  const auto size = static_cast<uint32_t>(line.size());
  for (uint32_t offset = 1000; offset < 1040; ++offset) {
    if (!starts_character(line, offset)) {
      continue; // spans start on characters
    }
    const Excerpt e = excerpt_around(line, 0, size, offset);
    EXPECT_TRUE(starts_character(line, e.begin)) << offset;
    EXPECT_TRUE(starts_character(line, e.end)) << offset;
    EXPECT_EQ(excerpt_columns(line, e), kExcerptWidth) << offset;
    EXPECT_EQ(e.before, kExcerptLead) << offset;
    EXPECT_EQ(e.before,
              count_code_points(std::string_view(line).substr(e.begin, offset - e.begin)));
  }
  for (const uint32_t offset : {0U, 1U, size - 4, size}) {
    const Excerpt e = excerpt_around(line, 0, size, offset);
    EXPECT_TRUE(starts_character(line, e.begin)) << offset;
    EXPECT_TRUE(starts_character(line, e.end)) << offset;
    EXPECT_EQ(excerpt_columns(line, e), kExcerptWidth) << offset;
  }
}

TEST(Excerpt, ResolvesManyFindingsOnOneLongLineExactly) {
  // Out of offset order, as rules may report them; a multi-byte character
  // before each so that columns differ from byte offsets.
  std::string text = "-- first\n";
  std::vector<uint32_t> offsets;
  for (int i = 0; i < 500; ++i) {
    text += "\xC3\xA9 ";
    offsets.push_back(static_cast<uint32_t>(text.size()));
    text += "INSERT INTO t VALUES (1); ";
  }
  text += "\nlast";
  std::vector<Diagnostic> diags(offsets.size());
  for (size_t i = 0; i < diags.size(); ++i) {
    const uint32_t at = offsets[(i * 7) % offsets.size()];
    diags[i].span = {at, at + 25};
  }
  TextStore texts;
  resolve_positions(text, diags, texts);
  const uint32_t line_columns = 500 * 28;
  for (size_t i = 0; i < diags.size(); ++i) {
    const size_t k = (i * 7) % offsets.size();
    const Diagnostic& d = diags[i];
    EXPECT_EQ(d.start.line, 2U);
    EXPECT_EQ(d.start.column, k * 28 + 3) << i;
    EXPECT_EQ(d.end.line, 2U);
    EXPECT_EQ(d.end.column, k * 28 + 28) << i;
    EXPECT_EQ(d.line_columns, line_columns);
    EXPECT_LE(count_code_points(d.source_line), kExcerptWidth);
    ASSERT_GE(d.start.column, d.source_column);
    EXPECT_EQ(d.caret_width, 25U);
    // The excerpt holds the span where its columns say it does.
    EXPECT_EQ(
        d.source_line.substr(byte_of_column(d.source_line, d.start.column - d.source_column), 25),
        "INSERT INTO t VALUES (1);")
        << i;
  }
}

// The caret's padding is one space per code point before it: a multi-byte
// character is one column, wherever it sits among the eight-byte words the
// padding is checked in, and a line shorter than the caret's column pads to its
// end only.
TEST(Excerpt, TextReportPadsOneSpacePerCodePoint) {
  const auto caret_line = [](const std::string& line, uint32_t column) {
    FileReport file;
    file.path = "f.sql";
    Diagnostic& d = file.diagnostics.emplace_back();
    d.rule = "drop-column";
    d.message = "m";
    d.start = {1, column};
    d.source_line = file.texts.add(line);
    std::ostringstream out;
    TextStyle style;
    style.quiet = true;
    write_text_file(out, file, style);
    const std::string text = out.str();
    const size_t bar = text.find("  | ");
    return bar == std::string::npos ? text : text.substr(bar + 4, text.find('\n', bar) - bar - 4);
  };
  EXPECT_EQ(caret_line("ALTER TABLE t DROP x;", 15), std::string(14, ' ') + "^");
  for (size_t at = 0; at < 12; ++at) {
    std::string line(12, 'a');
    line.replace(at, 1, "\xC3\xA9"); // é: two bytes, one column
    EXPECT_EQ(caret_line(line + " DROP", 14), std::string(13, ' ') + "^") << at;
  }
  EXPECT_EQ(caret_line("abc", 10), std::string(3, ' ') + "^");
}

TEST(Excerpt, TextReportMarksCutsAndAlignsTheCaretPastTabs) {
  std::string line = "\t\t";
  while (line.size() < 2000) {
    line += "SELECT 1;\t";
  }
  const auto span_at = static_cast<uint32_t>(line.size());
  line += "ALTER TABLE t DROP COLUMN c;";
  const auto tail = static_cast<uint32_t>(line.size());
  line += std::string(1000, ' ') + "SELECT 2;";
  FileReport file;
  file.path = "f.sql";
  file.diagnostics.resize(2);
  file.diagnostics[0].rule = "drop-column";
  file.diagnostics[0].message = "m";
  file.diagnostics[0].span = {span_at, tail};
  file.diagnostics[1].rule = "first";
  file.diagnostics[1].message = "m";
  file.diagnostics[1].span = {2, 2 + 5000}; // runs past the excerpt: clipped
  resolve_positions(line, file.diagnostics, file.texts);
  std::ostringstream out;
  TextStyle style;
  style.quiet = true;
  write_text_file(out, file, style);
  const std::string text = out.str();
  const std::string shown(file.diagnostics[0].source_line);
  const std::string excerpt = "\xE2\x80\xA6" + shown + "\xE2\x80\xA6";
  EXPECT_NE(text.find(" 1 | " + excerpt + "\n"), std::string::npos) << text;
  // The caret line copies the excerpt's tabs up to the span, one space for the
  // leading ellipsis.
  std::string pad = " ";
  const size_t span_in_excerpt = shown.find("ALTER");
  ASSERT_NE(span_in_excerpt, std::string::npos);
  for (size_t i = 0; i < span_in_excerpt; ++i) {
    pad += shown[i] == '\t' ? '\t' : ' ';
  }
  EXPECT_NE(text.find("   | " + pad + std::string(28, '^') + "\n"), std::string::npos) << text;
  // The span at the line's start: no leading ellipsis, the underline stops at
  // the excerpt's end.
  const Diagnostic& first = file.diagnostics[1];
  EXPECT_EQ(first.source_column, 1U);
  EXPECT_EQ(first.caret_width, kExcerptWidth - 2);
  EXPECT_NE(text.find(" 1 | " + std::string(first.source_line) + "\xE2\x80\xA6\n   | \t\t" +
                      std::string(kExcerptWidth - 2, '^') + "\n"),
            std::string::npos)
      << text;
}

} // namespace
} // namespace rollsafe

#include "support/lint_helpers.h"

namespace rollsafe {
namespace {

TEST(InputChecks, InvalidUtf8IsFoundAfterLongAsciiRuns) {
  // The ASCII runs are skipped sixteen and eight bytes at a time: the bad byte
  // lands in either word of a sixteen-byte step, and after it.
  for (const size_t prefix : {0UL, 3UL, 7UL, 8UL, 9UL, 11UL, 15UL, 16UL, 17UL, 24UL, 63UL}) {
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

// The text of a run written through TextWriter is, byte for byte, each file's
// write_text_file() in turn; in blocks, nothing reaches the stream until a
// block is full or flush() is called.
TEST(TextWriter, WritesWhatWriteTextFileWritesInBlocks) {
  std::vector<FileReport> files(4);
  for (size_t i = 0; i < files.size(); ++i) {
    files[i].path = "f" + std::to_string(i) + ".sql";
    const size_t findings = i == 1 ? 0 : (i == 3 ? 2000 : 1); // none, then over 64 KiB
    for (size_t k = 0; k < findings; ++k) {
      Diagnostic d;
      d.rule = "drop-column";
      d.message = files[i].texts.add("m" + std::to_string(k));
      d.help = "h";
      d.span = {0, 5};
      files[i].diagnostics.push_back(d);
    }
    resolve_positions("ALTER TABLE t DROP COLUMN c;", files[i].diagnostics, files[i].texts);
  }
  TextStyle style;
  std::ostringstream expected;
  for (const FileReport& f : files) {
    write_text_file(expected, f, style);
  }
  ASSERT_GT(expected.str().size(), size_t{64} << 10U);
  for (const bool per_file : {false, true}) {
    std::ostringstream out;
    TextWriter writer(out, style, per_file);
    writer.file(files[0]);
    EXPECT_EQ(out.str().empty(), !per_file) << per_file;
    for (size_t i = 1; i < files.size(); ++i) {
      writer.file(files[i]);
    }
    writer.flush();
    EXPECT_EQ(out.str(), expected.str()) << per_file;
  }
}

} // namespace
} // namespace rollsafe

namespace rollsafe {
namespace {

// resolve_positions walks the text line by line instead of searching a line
// index per finding: for every offset (past the end too), in reverse order,
// over LF, CRLF and lone CR endings and multi-byte characters, its positions
// and caret lines are the line index's.
TEST(ResolvePositions, MatchesTheLineIndexForEveryOffsetAndLineEnding) {
  for (const char* literal :
       {"", "abc", "abc\n", "abc\r", "a\nb\r\nc\rd", "\n\n", "x\r\n\r\n", "\r\r\n\n\r",
        "caf\xC3\xA9\r\nl\xE2\x82\xACne\rtwo\n", "one\ntwo\n\nfour"}) {
    const std::string text = literal;
    const auto size = static_cast<uint32_t>(text.size());
    std::vector<Diagnostic> diags;
    for (uint32_t b = size + 2; b-- > 0;) {
      for (const uint32_t e : {b, b + 1, size + 3}) {
        Diagnostic& d = diags.emplace_back();
        d.span = {b, e};
      }
    }
    TextStore texts;
    resolve_positions(text, diags, texts);
    const LineIndex index(text);
    for (const Diagnostic& d : diags) {
      const uint32_t b = std::min(d.span.begin, size);
      const uint32_t e = std::clamp(d.span.end, b, size);
      const std::string what =
          "'" + text + "' at " + std::to_string(d.span.begin) + ".." + std::to_string(d.span.end);
      EXPECT_EQ(d.start.line, index.position(b).line) << what;
      EXPECT_EQ(d.start.column, index.position(b).column) << what;
      EXPECT_EQ(d.end.line, index.position(e).line) << what;
      EXPECT_EQ(d.end.column, index.position(e).column) << what;
      EXPECT_EQ(d.source_line, index.line_text(b)) << what;
      // An offset inside a CRLF is shown at the end of its line.
      const auto line_end = index.line_start(b) + static_cast<uint32_t>(index.line_text(b).size());
      EXPECT_EQ(d.source_column,
                index.position(b).column - index.position(std::min(b, line_end)).column + 1)
          << what;
      EXPECT_EQ(d.line_columns, 0U) << what;
    }
  }
}

// Without CR the walk counts the LFs it passes in bulk, in blocks of 4,080
// bytes (one-byte counters in 16 lanes, 255 rounds): texts of thousands of
// lines (short, empty and multi-byte ones, and a run of empty lines longer than
// a block, walked past in one step), with findings far apart, side by side, on
// line starts and ends and past the end, get the line index's positions.
TEST(ResolvePositions, MatchesTheLineIndexOverLongTextsWithSparseFindings) {
  std::string text;
  constexpr uint32_t kRun = 5000; // empty lines in a row: more LFs than a byte counts
  uint32_t run = 0;
  for (int i = 0; i < 3000; ++i) {
    text += i % 7 == 0 ? "" : i % 5 == 0 ? "caf\xC3\xA9 l\xE2\x82\xACne" : "ALTER TABLE t;";
    text += std::string(static_cast<size_t>(i % 11), 'x');
    text += '\n';
    if (i == 1500) {
      run = static_cast<uint32_t>(text.size());
      text += std::string(kRun, '\n');
    }
  }
  text += std::string(9000, 'y'); // a long last line without LF
  for (const std::string& t : {text, text.substr(0, text.size() - 9000)}) {
    const auto size = static_cast<uint32_t>(t.size());
    // None inside the run, so that one walk passes all of it: just before and after it.
    const auto outside_run = [&](uint32_t b) { return b + 1 < run || b > run + kRun; };
    std::vector<Diagnostic> diags;
    diags.emplace_back().span = {run - 1, run};
    diags.emplace_back().span = {run + kRun + 1, run + kRun + 2};
    for (uint32_t b = 0; b <= size + 1; b += 6007) { // 6,007 bytes apart, and the byte after
      if (outside_run(b)) {
        diags.emplace_back().span = {b, b + 3};
        diags.emplace_back().span = {b + 1, b + 2};
      }
    }
    for (uint32_t b = 0; b < size; ++b) {
      if (t[b] == '\n' && b % 1301 == 0 && outside_run(b)) {
        diags.emplace_back().span = {b, b + 1};     // on an LF
        diags.emplace_back().span = {b + 1, b + 1}; // at the next line's start
      }
    }
    TextStore texts;
    resolve_positions(t, diags, texts);
    const LineIndex index(t);
    for (const Diagnostic& d : diags) {
      const uint32_t b = std::min(d.span.begin, size);
      const uint32_t e = std::clamp(d.span.end, b, size);
      EXPECT_EQ(d.start.line, index.position(b).line) << b;
      EXPECT_EQ(d.start.column, index.position(b).column) << b;
      EXPECT_EQ(d.end.line, index.position(e).line) << b;
      EXPECT_EQ(d.end.column, index.position(e).column) << b;
    }
  }
}

// Control characters on the caret line become U+FFFD wherever they fall in the
// eight-byte words the check reads; tabs stay.
TEST(InputChecks, ControlCharactersOnTheCaretLineAreReplacedAnywhere) {
  for (size_t tabs = 0; tabs < 18; ++tabs) {
    const std::string lead = "ALTER TABLE t DROP COLUMN c; --" + std::string(tabs, '\t');
    for (const char control : {'\x01', '\x1F', '\x7F', '\x1B'}) {
      const FileReport r = test::lint_text(lead + control + "\t" + control + " end\n");
      ASSERT_FALSE(r.diagnostics.empty()) << tabs;
      EXPECT_EQ(r.diagnostics[0].source_line, lead + "\xEF\xBF\xBD\t\xEF\xBF\xBD end")
          << tabs << " " << static_cast<int>(control);
    }
    const FileReport plain = test::lint_text(lead + "\t ~ end\n");
    ASSERT_FALSE(plain.diagnostics.empty()) << tabs;
    EXPECT_EQ(plain.diagnostics[0].source_line, lead + "\t ~ end") << tabs;
  }
}

// The text report byte for byte, with colours, a suppressed finding and a
// finding larger than the report's buffer.
TEST(TextWriter, ColouredReportWithSuppressedAndHugeFindings) {
  FileReport file;
  file.path = "p.sql";
  file.phase_source = "default";
  Diagnostic d;
  d.rule = "drop-column";
  d.message = file.texts.add(std::string(100000, 'm'));
  d.help = "h";
  d.start = {3, 5};
  d.source_line = "ab\tcdefg";
  d.caret_width = 3;
  file.diagnostics.push_back(d);
  d.severity = Severity::Warning;
  d.message = "w";
  d.start = {12, 2};
  d.source_line = "xyz";
  d.source_column = 2; // an excerpt cut at both ends
  d.line_columns = 9;
  d.caret_width = 1;
  d.suppression = "why";
  file.suppressed.push_back(d);
  TextStyle style;
  style.color = true;
  style.show_suppressed = true;
  std::ostringstream out;
  write_text_file(out, file, style);
  const std::string b = "\x1b[1m";
  const std::string red = "\x1b[1;31m";
  const std::string yellow = "\x1b[1;33m";
  const std::string blue = "\x1b[1;34m";
  const std::string cyan = "\x1b[36m";
  const std::string r = "\x1b[0m";
  const std::string expected =
      b + "p.sql:" + r + " linted as expand (default)\n" +                               //
      b + "p.sql:3:5:" + r + " " + red + "error[drop-column]" + r + b + ": " +           //
      std::string(100000, 'm') + r + "\n" +                                              //
      " " + blue + "3 |" + r + " ab\tcdefg\n" +                                          //
      " " + blue + "  |" + r + " " + "  \t " + red + "^^^" + r + "\n" +                  //
      "   " + cyan + "help:" + r + " h\n" +                                              //
      b + "p.sql:12:2:" + r + " " + yellow + "suppressed[drop-column]" + r + b + ": w" + //
      r + "\n" + " " + blue + "12 |" + r + " \xE2\x80\xA6xyz\xE2\x80\xA6\n" +            //
      " " + blue + "   |" + r + "  " + yellow + "^" + r + "\n" +                         //
      "    " + cyan + "reason:" + r + " why\n" +                                         //
      "\n";
  EXPECT_EQ(out.str(), expected);
}

} // namespace
} // namespace rollsafe

namespace rollsafe {
namespace {

// count_code_points reads eight bytes at a time: the count is the byte loop's
// for every length and alignment, stray continuation bytes included.
TEST(LineIndex, CountsCodePointsInWordsAsByteByByte) {
  const std::array<std::string_view, 9> pieces = {
      "a", "\t", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\x80", "\xBF", "\xFF", "\x7F"};
  std::string text;
  for (size_t k = 0; k < 64; ++k) {
    text += pieces[(k * 7 + k / 5) % pieces.size()];
  }
  for (size_t from = 0; from < 9; ++from) {
    for (size_t len = 0; from + len <= text.size(); ++len) {
      const std::string_view bytes = std::string_view(text).substr(from, len);
      uint32_t expected = 0;
      for (const char c : bytes) {
        expected += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
      }
      EXPECT_EQ(count_code_points(bytes), expected) << from << "+" << len;
    }
  }
}

} // namespace
} // namespace rollsafe
