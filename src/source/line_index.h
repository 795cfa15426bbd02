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

// Whether every byte of `bytes` is ASCII (then each byte is one code point).
[[nodiscard]] bool all_ascii(std::string_view bytes);

// A control character: below 0x20 but a tab, or DEL.
[[nodiscard]] constexpr bool is_control_character(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u < 0x20U && c != '\t') || u == 0x7FU;
}

// Whether `bytes` holds a control character.
[[nodiscard]] bool has_control_character(std::string_view bytes);

// The lines of a text visited in order, for offsets that never decrease, with
// the same lines as LineIndex, instead of an index built over the whole text
// and searched per offset. When the text has no CR, a seek counts the LFs it
// passes in bulk (sixteen bytes per compare) and finds the line's bounds by
// memrchr and memchr; otherwise it steps line by line. Columns are counted on
// from the offset before when both are on the same line, so many offsets on
// one long line cost one pass over it.
class LineWalker {
public:
  explicit LineWalker(std::string_view text);

  // Moves on to the line holding `offset` (at most the text's size, and not
  // before the current line).
  void seek(uint32_t offset);
  // The position of `offset`: seek(offset), then its column.
  [[nodiscard]] Position position(uint32_t offset);

  [[nodiscard]] uint32_t begin() const { return begin_; } // the current line's first byte
  [[nodiscard]] uint32_t end() const { return end_; }     // its end, without the terminator

private:
  void find_end();

  std::string_view text_;
  uint32_t size_;
  bool cr_;
  uint32_t line_ = 1;
  uint32_t begin_ = 0;
  uint32_t end_ = 0;
  uint64_t next_ = 0;         // where the next line starts; past the size for the last line
  uint32_t counted_line_ = 0; // the line and offset the column was counted to
  uint32_t counted_offset_ = 0;
  uint32_t column_ = 1;
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
