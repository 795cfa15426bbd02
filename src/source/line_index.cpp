#include "source/line_index.h"

#include <algorithm>
#include <bit>
#include <cstdint>
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

namespace {
// Eight bytes at a time: kOnes * b repeats byte b in every byte of a word, and
// kHighs holds each byte's top bit.
constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;

// Hands `word` each whole eight bytes of `bytes` (as a word, and where they
// are) while it returns true; returns the bytes it did not hand over: the last
// few, or all from the word it stopped at.
template <class Word> std::string_view each_word(std::string_view bytes, Word&& word) {
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t w = 0;
    std::memcpy(&w, bytes.data() + i, sizeof w);
    if (!word(w, bytes.data() + i)) {
      break;
    }
  }
  return bytes.substr(i);
}
} // namespace

uint32_t count_code_points(std::string_view bytes) {
  // A continuation byte is the one whose top bit is set and whose next bit is
  // clear. Their flags are summed by a multiplication (the build does not
  // assume the popcnt instruction).
  uint64_t continuations = 0;
  const std::string_view rest = each_word(bytes, [&](uint64_t word, const char* /*at*/) {
    continuations += (((word & ~(word << 1U) & kHighs) >> 7U) * kOnes) >> 56U;
    return true;
  });
  auto n = static_cast<uint32_t>(bytes.size() - rest.size() - continuations);
  for (const char c : rest) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
      ++n;
    }
  }
  return n;
}

bool all_ascii(std::string_view bytes) {
  uint64_t high = 0;
  const std::string_view rest = each_word(bytes, [&](uint64_t word, const char* /*at*/) {
    high |= word;
    return true;
  });
  for (const char c : rest) {
    high |= static_cast<unsigned char>(c);
  }
  return (high & kHighs) == 0;
}

bool has_control_character(std::string_view bytes) {
  // A word with no byte below 0x20 and none equal to 0x7F has none; only a word
  // that might (a tab) is looked at byte by byte, and the scan stops at one
  // that has.
  const std::string_view rest = each_word(bytes, [](uint64_t word, const char* at) {
    const uint64_t below_space = (word - kOnes * 0x20U) & ~word & kHighs;
    const uint64_t del = word ^ (kOnes * 0x7FU);
    const uint64_t is_del = (del - kOnes) & ~del & kHighs;
    return (below_space | is_del) == 0 || std::none_of(at, at + 8, is_control_character);
  });
  return std::any_of(rest.begin(), rest.end(), is_control_character);
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

namespace rollsafe {

LineWalker::LineWalker(std::string_view text)
    : text_(text), size_(static_cast<uint32_t>(text.size())),
      cr_(text.find('\r') != std::string_view::npos) {
  find_end();
}

namespace {

// The LF bytes in [p, p + n). Sixteen bytes at a time as a vector (GCC's and
// clang's vector extension: SSE2 on x86-64, whatever the target has elsewhere):
// each compare gives 0 or 0xFF per byte, subtracted from one-byte counters
// that are summed every 255 rounds, before they can wrap. About 0.3
// instructions per byte, where a loop summing into a wider counter is widened
// lane by lane (1 per byte), and a memchr() per line pays a call per line.
size_t count_line_feeds(const char* p, size_t n) {
  using Bytes = unsigned char __attribute__((vector_size(16)));
  constexpr size_t kLanes = sizeof(Bytes);
  constexpr size_t kMaxRounds = 255;
  constexpr Bytes kLf = {'\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n',
                         '\n', '\n', '\n', '\n', '\n', '\n', '\n', '\n'};
  size_t total = 0;
  while (n >= kLanes) {
    const size_t rounds = std::min(n / kLanes, kMaxRounds);
    Bytes counts = {};
    for (size_t r = 0; r < rounds; ++r) {
      Bytes bytes;
      std::memcpy(&bytes, p, kLanes);
      counts -= std::bit_cast<Bytes>(bytes == kLf);
      p += kLanes;
    }
    n -= rounds * kLanes;
    for (size_t i = 0; i < kLanes; ++i) {
      total += counts[i];
    }
  }
  for (; n > 0; --n, ++p) {
    total += static_cast<size_t>(*p == '\n');
  }
  return total;
}

} // namespace

void LineWalker::seek(uint32_t offset) {
  if (next_ > offset) {
    return;
  }
  if (!cr_) {
    // Lines end at LF only, and the current one at end_ (its LF, since a line
    // starts after it). The line holding `offset` starts after the last LF
    // before `offset`; the LFs from end_ to that one are the lines passed.
    const char* const data = text_.data();
    const void* last = memrchr(data + end_, '\n', offset - end_);
    const auto at = static_cast<uint32_t>(static_cast<const char*>(last) - data);
    line_ += static_cast<uint32_t>(count_line_feeds(data + end_, at + 1 - end_));
    begin_ = at + 1;
    find_end();
    return;
  }
  while (next_ <= offset) {
    ++line_;
    begin_ = static_cast<uint32_t>(next_);
    find_end();
  }
}

Position LineWalker::position(uint32_t offset) {
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

void LineWalker::find_end() {
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

namespace {

bool continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// One code point back from `at` (which is above `floor`). At most four bytes,
// so that a run of stray continuation bytes cannot make a step unbounded.
uint32_t step_back(std::string_view text, uint32_t floor, uint32_t at) {
  --at;
  for (int k = 0; k < 3 && at > floor && continuation(text[at]); ++k) {
    --at;
  }
  return at;
}

// One code point on from `at` (which is below `ceiling`), at most four bytes.
uint32_t step_forward(std::string_view text, uint32_t ceiling, uint32_t at) {
  ++at;
  for (int k = 0; k < 3 && at < ceiling && continuation(text[at]); ++k) {
    ++at;
  }
  return at;
}

} // namespace

Excerpt excerpt_around(std::string_view text, uint32_t line_begin, uint32_t line_end,
                       uint32_t offset, uint32_t width, uint32_t lead) {
  line_end = std::min<uint32_t>(line_end, static_cast<uint32_t>(text.size()));
  line_begin = std::min(line_begin, line_end);
  offset = std::clamp(offset, line_begin, line_end);
  const uint32_t bytes = line_end - line_begin;
  // A long line whose bytes within `width` of the offset are ASCII (most are):
  // there a step is one byte, so the excerpt is counted out, not walked. The
  // line is not shown whole: those bytes alone are `width` code points, or
  // the whole line, which is longer than `width`.
  if (bytes > width && lead <= width) {
    const uint32_t lo = offset - std::min(offset - line_begin, width);
    const uint32_t hi = offset + std::min(line_end - offset, width);
    if (all_ascii(text.substr(lo, hi - lo))) {
      uint32_t begin = offset - std::min(offset - line_begin, lead);
      const uint32_t end = offset + std::min(line_end - offset, width - (offset - begin));
      begin -= std::min(begin - line_begin, width - (end - begin));
      return {begin, end, offset - begin};
    }
  }
  // A short line is shown whole; finding out reads at most width + 1 code points
  // (none when the byte length decides: a step is one to four bytes).
  bool whole = bytes <= width;
  if (!whole && bytes <= 4 * width) {
    uint32_t at = line_begin;
    uint32_t n = 0;
    while (at < line_end && n <= width) {
      at = step_forward(text, line_end, at);
      ++n;
    }
    whole = at >= line_end && n <= width;
  }
  uint32_t begin = line_begin;
  uint32_t end = line_end;
  if (!whole) {
    uint32_t n = 0;
    // `lead` code points before the offset, then up to `width` in all; a span
    // near the line's end takes the rest of the width from before it.
    begin = offset;
    while (begin > line_begin && n < lead) {
      begin = step_back(text, line_begin, begin);
      ++n;
    }
    end = offset;
    while (end < line_end && n < width) {
      end = step_forward(text, line_end, end);
      ++n;
    }
    while (begin > line_begin && n < width) {
      begin = step_back(text, line_begin, begin);
      ++n;
    }
  }
  return {begin, end, count_code_points(text.substr(begin, offset - begin))};
}

} // namespace rollsafe
