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

// Where the first digit at or after `from` in `text` is (text.size() when
// there is none). Eight bytes at a time: x = byte ^ 0x30 is below 10 exactly
// for a digit, which shows as the high bit of neither x nor (x | 0x80) - 10
// (the 0x80 keeps the subtraction from borrowing across bytes).
[[nodiscard]] inline size_t first_digit(std::string_view text, size_t from) {
  constexpr uint64_t kHighBits = 0x8080808080808080U;
  size_t at = from;
  for (uint64_t w = 0; at + sizeof w <= text.size(); at += sizeof w) {
    std::memcpy(&w, text.data() + at, sizeof w);
    const uint64_t x = w ^ 0x3030303030303030U;
    const uint64_t digits = ~(((x | kHighBits) - 0x0A0A0A0A0A0A0A0AU) | x) & kHighBits;
    if (digits != 0) {
      // The first in memory: the lowest byte on a little-endian machine.
      if constexpr (std::endian::native == std::endian::little) {
        return at + static_cast<size_t>(std::countr_zero(digits) / 8);
      } else {
        return at + static_cast<size_t>(std::countl_zero(digits) / 8);
      }
    }
  }
  while (at < text.size() && !ascii_digit(text[at])) {
    ++at;
  }
  return at;
}

// Where the run of digits that starts at `from` in `text` ends (`from` when
// there is none). Eight bytes at a time while all are digits (0x30 to 0x39:
// the high nibble is 3, and adding 6 keeps it 3): migrations' names start with
// timestamps of 14 to 20 digits.
[[nodiscard]] inline size_t digit_run_end(std::string_view text, size_t from) {
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0U;
  constexpr uint64_t kThrees = 0x3030303030303030U;
  size_t end = from;
  for (uint64_t w = 0; end + sizeof w <= text.size(); end += sizeof w) {
    std::memcpy(&w, text.data() + end, sizeof w);
    if ((w & kHigh) != kThrees || ((w + 0x0606060606060606U) & kHigh) != kThrees) {
      break;
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
