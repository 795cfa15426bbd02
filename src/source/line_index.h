// Turns byte offsets into 1-based line and column numbers, computed only when a
// diagnostic is rendered. Lines end at LF, CRLF or a lone CR; columns count
// Unicode code points (a tab is one column, like every other character).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace rollsafe {

struct Position {
  uint32_t line = 1;
  uint32_t column = 1;
};

class LineIndex {
public:
  explicit LineIndex(std::string_view text);
  [[nodiscard]] Position position(uint32_t offset) const;
  // The text of the line holding `offset`, without its line terminator.
  [[nodiscard]] std::string_view line_text(uint32_t offset) const;
  [[nodiscard]] uint32_t line_start(uint32_t offset) const;

private:
  [[nodiscard]] size_t line_of(uint32_t offset) const;
  std::string_view text_;
  std::vector<uint32_t> starts_;
};

// Number of code points in a UTF-8 byte range (continuation bytes are not counted).
[[nodiscard]] uint32_t count_code_points(std::string_view bytes);

// Positions of non-decreasing offsets, each counted on from the one before when
// both are on the same line: many offsets on one long line cost one pass over
// it, not one each.
class PositionCursor {
public:
  explicit PositionCursor(const LineIndex& index, std::string_view text)
      : index_(index), text_(text) {}
  [[nodiscard]] Position at(uint32_t offset);

private:
  const LineIndex& index_;
  std::string_view text_;
  uint32_t offset_ = 0;
  Position position_{0, 0}; // line 0: nothing counted yet
};

// A bounded byte range of one line around an offset, for the caret display of
// a long line (what rustc and clang do): at most `width` code points, starting
// `lead` code points before the offset when the line allows, never splitting a
// UTF-8 sequence. A line of at most `width` code points is returned whole.
struct Excerpt {
  uint32_t begin = 0; // byte offsets into the text
  uint32_t end = 0;
  uint32_t before = 0; // code points from `begin` to the offset
};
inline constexpr uint32_t kExcerptWidth = 160;
inline constexpr uint32_t kExcerptLead = 60;
[[nodiscard]] Excerpt excerpt_around(std::string_view text, uint32_t line_begin, uint32_t line_end,
                                     uint32_t offset, uint32_t width = kExcerptWidth,
                                     uint32_t lead = kExcerptLead);

} // namespace rollsafe
