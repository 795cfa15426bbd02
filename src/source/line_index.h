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

} // namespace rollsafe
