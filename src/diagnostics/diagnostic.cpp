#include "diagnostics/diagnostic.h"

#include <climits>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>

namespace rollsafe {

std::string_view to_string(Severity s) {
  return s == Severity::Error ? "error" : "warning";
}

std::string_view to_string(Phase p) {
  switch (p) {
  case Phase::Expand:
    return "expand";
  case Phase::Migrate:
    return "migrate";
  case Phase::Contract:
    return "contract";
  }
  return "expand";
}

void Summary::add(const FileReport& f) {
  files += f.continuation ? 0 : 1;
  statements += f.statements;
  suppressed += static_cast<uint32_t>(f.suppressed.size());
  unreadable += f.failed ? 1 : 0;
  for (const auto& d : f.diagnostics) {
    if (d.severity == Severity::Error) {
      ++errors;
    } else {
      ++warnings;
    }
  }
}

Summary summarize(const std::vector<FileReport>& files) {
  Summary s;
  for (const auto& f : files) {
    s.add(f);
  }
  return s;
}

namespace {

// The lines of a text visited in order, for offsets that never decrease: each
// line's bounds are found once, by memchr when the text has no CR, instead of a
// line index built over the whole text and searched per offset. Lines end at
// LF, CRLF or a lone CR, as in LineIndex; the text's end starts one more line
// when a terminator precedes it.
class LineWalker {
public:
  explicit LineWalker(std::string_view text)
      : text_(text), size_(static_cast<uint32_t>(text.size())),
        cr_(text.find('\r') != std::string_view::npos) {
    find_end();
  }

  // Moves on to the line holding `offset` (at most the text's size, and not
  // before the current line).
  void seek(uint32_t offset) {
    while (next_ <= offset) {
      ++line_;
      begin_ = static_cast<uint32_t>(next_);
      find_end();
    }
  }

  // The position of `offset`: seek(offset), then its column, counted on from
  // the offset before when both are on the same line.
  Position position(uint32_t offset) {
    seek(offset);
    if (counted_line_ == line_ && offset >= counted_offset_) {
      column_ += count_code_points(text_.substr(counted_offset_, offset - counted_offset_));
    } else {
      column_ = 1 + count_code_points(text_.substr(begin_, offset - begin_));
    }
    counted_line_ = line_;
    counted_offset_ = offset;
    return {line_, column_};
  }

  [[nodiscard]] uint32_t begin() const { return begin_; } // the current line's first byte
  [[nodiscard]] uint32_t end() const { return end_; }     // its end, without the terminator

private:
  void find_end() {
    const char* const data = text_.data();
    if (!cr_) {
      const void* nl = begin_ < size_ ? std::memchr(data + begin_, '\n', size_ - begin_) : nullptr;
      end_ = nl != nullptr ? static_cast<uint32_t>(static_cast<const char*>(nl) - data) : size_;
      next_ = nl != nullptr ? uint64_t{end_} + 1 : uint64_t{size_} + 1;
      return;
    }
    uint32_t i = begin_;
    while (i < size_ && data[i] != '\n' && data[i] != '\r') {
      ++i;
    }
    end_ = i;
    if (i == size_) {
      next_ = uint64_t{size_} + 1; // the last line
    } else if (data[i] == '\r' && i + 1 < size_ && data[i + 1] == '\n') {
      next_ = uint64_t{i} + 2;
    } else {
      next_ = uint64_t{i} + 1;
    }
  }

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

// The positions of `diagnostics` in the order of `key` (a byte offset, at most
// the text's size), stable: `order` is the identity when they are in that
// order already, as the starts of a sorted report are.
template <class Key>
std::vector<size_t> order_by(const std::vector<Diagnostic>& diagnostics, const Key& key) {
  std::vector<size_t> order(diagnostics.size());
  std::iota(order.begin(), order.end(), size_t{0});
  const auto less = [&](size_t a, size_t b) { return key(a) < key(b); };
  if (!std::is_sorted(order.begin(), order.end(), less)) {
    std::stable_sort(order.begin(), order.end(), less);
  }
  return order;
}

} // namespace

void resolve_positions(std::string_view text, std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) {
    return;
  }
  const auto size = static_cast<uint32_t>(text.size());
  const auto begin_of = [&](size_t i) { return std::min(diagnostics[i].span.begin, size); };
  const auto end_of = [&](size_t i) {
    return std::clamp(diagnostics[i].span.end, begin_of(i), size);
  };
  // Visited in offset order (the report keeps its own), so that the text is
  // walked once, columns are counted on from the finding before and each
  // line's width is counted once.
  std::vector<size_t> order = order_by(diagnostics, begin_of);
  LineWalker starts(text);
  uint32_t counted_line = UINT32_MAX;
  uint32_t counted_columns = 0;
  for (const size_t i : order) {
    Diagnostic& d = diagnostics[i];
    const uint32_t begin = begin_of(i);
    d.start = starts.position(begin);
    const uint32_t line_begin = starts.begin();
    const uint32_t line_end = starts.end();
    const Excerpt shown = excerpt_around(text, line_begin, line_end, begin);
    d.source_line.assign(text.substr(shown.begin, shown.end - shown.begin));
    d.source_column = d.start.column - shown.before;
    if (shown.begin == line_begin && shown.end == line_end) {
      d.line_columns = 0;
    } else {
      if (counted_line != line_begin) {
        counted_line = line_begin;
        counted_columns = count_code_points(text.substr(line_begin, line_end - line_begin));
      }
      d.line_columns = counted_columns;
    }
    const uint32_t caret_end = std::min(end_of(i), shown.end);
    d.caret_width = std::max<uint32_t>(
        1, count_code_points(text.substr(begin, caret_end > begin ? caret_end - begin : 0)));
  }
  // The ends, in their own offset order.
  order = order_by(diagnostics, end_of);
  LineWalker ends(text);
  for (const size_t i : order) {
    diagnostics[i].end = ends.position(end_of(i));
  }
}

} // namespace rollsafe
