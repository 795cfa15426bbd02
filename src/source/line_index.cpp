#include "source/line_index.h"

#include <algorithm>
#include <cstring>

namespace rollsafe {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  if (text.find('\r') == std::string_view::npos) {
    // The common case, LF only: let memchr find the line ends.
    const char* const begin = text.data();
    const char* const end = begin + text.size();
    for (const char* p = begin; p < end;) {
      const auto* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
      if (nl == nullptr) {
        break;
      }
      starts_.push_back(static_cast<uint32_t>(nl - begin + 1));
      p = nl + 1;
    }
    return;
  }
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      starts_.push_back(i + 1);
    } else if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      starts_.push_back(i + 1);
    }
  }
}

size_t LineIndex::line_of(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<size_t>(it - starts_.begin()) - 1;
}

uint32_t count_code_points(std::string_view bytes) {
  uint32_t n = 0;
  for (char c : bytes) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
      ++n;
    }
  }
  return n;
}

Position LineIndex::position(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text_.size()));
  const size_t line = line_of(offset);
  const uint32_t start = starts_[line];
  return {static_cast<uint32_t>(line + 1),
          count_code_points(text_.substr(start, offset - start)) + 1};
}

uint32_t LineIndex::line_start(uint32_t offset) const {
  return starts_[line_of(offset)];
}

std::string_view LineIndex::line_text(uint32_t offset) const {
  const size_t line = line_of(offset);
  const uint32_t start = starts_[line];
  uint32_t end =
      line + 1 < starts_.size() ? starts_[line + 1] : static_cast<uint32_t>(text_.size());
  while (end > start && (text_[end - 1] == '\n' || text_[end - 1] == '\r')) {
    --end;
  }
  return text_.substr(start, end - start);
}

} // namespace rollsafe
