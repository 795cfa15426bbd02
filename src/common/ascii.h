// ASCII character classes and case folding, what <cctype> answers in the "C"
// locale rollsafe runs in, inline and without a library call per character:
// paths, phase words, SQL keywords and identifiers are matched with them on
// every file's hot path.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace rollsafe {

[[nodiscard]] constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] constexpr char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

[[nodiscard]] constexpr bool ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

// A table: scanners call this once per byte.
inline constexpr std::array<bool, 256> kAsciiAlnum = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) {
    table[static_cast<size_t>(c)] =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  return table;
}();

[[nodiscard]] constexpr bool ascii_alnum(char c) {
  return kAsciiAlnum[static_cast<unsigned char>(c)];
}

namespace ascii_detail {

constexpr uint64_t kHighBits = 0x8080808080808080U;

// The 8 bytes at `p`: the high bit of each byte that is a digit, all other
// bits clear. x = byte ^ 0x30 is below 10 exactly for a digit, which shows as
// the high bit of neither x nor (x | 0x80) - 10 (the 0x80 keeps the
// subtraction from borrowing across bytes).
[[nodiscard]] inline uint64_t digit_bytes(const char* p) {
  uint64_t w = 0;
  std::memcpy(&w, p, sizeof w);
  const uint64_t x = w ^ 0x3030303030303030U;
  return ~(((x | kHighBits) - 0x0A0A0A0A0A0A0A0AU) | x) & kHighBits;
}

// Which of the 8 bytes comes first in memory among those `mask` (not 0) marks.
[[nodiscard]] inline size_t first_marked(uint64_t mask) {
  if constexpr (std::endian::native == std::endian::little) {
    return static_cast<size_t>(std::countr_zero(mask) / 8);
  } else {
    return static_cast<size_t>(std::countl_zero(mask) / 8);
  }
}

} // namespace ascii_detail

// Where the first digit at or after `from` in `text` is (text.size() when
// there is none), eight bytes at a time.
[[nodiscard]] inline size_t first_digit(std::string_view text, size_t from) {
  size_t at = from;
  for (; at + sizeof(uint64_t) <= text.size(); at += sizeof(uint64_t)) {
    if (const uint64_t digits = ascii_detail::digit_bytes(text.data() + at); digits != 0) {
      return at + ascii_detail::first_marked(digits);
    }
  }
  while (at < text.size() && !ascii_digit(text[at])) {
    ++at;
  }
  return at;
}

// Where the run of digits that starts at `from` in `text` ends (`from` when
// there is none), eight bytes at a time: migrations' names start with
// timestamps of 14 to 20 digits.
[[nodiscard]] inline size_t digit_run_end(std::string_view text, size_t from) {
  size_t end = from;
  for (; end + sizeof(uint64_t) <= text.size(); end += sizeof(uint64_t)) {
    const uint64_t others = ~ascii_detail::digit_bytes(text.data() + end) & ascii_detail::kHighBits;
    if (others != 0) {
      return end + ascii_detail::first_marked(others);
    }
  }
  while (end < text.size() && ascii_digit(text[end])) {
    ++end;
  }
  return end;
}

// `text` equals `lower` (written in lower case), ignoring the case of `text`.
[[nodiscard]] constexpr bool iequals_ascii(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) {
    return false;
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (ascii_lower(text[i]) != lower[i]) {
      return false;
    }
  }
  return true;
}

} // namespace rollsafe
