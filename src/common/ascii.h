// ASCII character classes and case folding, what <cctype> answers in the "C"
// locale rollsafe runs in, inline and without a library call per character:
// paths, phase words, SQL keywords and identifiers are matched with them on
// every file's hot path.
#pragma once

#include <array>
#include <cstddef>
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
