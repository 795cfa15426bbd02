// Bytes read as big-endian words, for sort keys: two such words compare as
// numbers in the order their bytes compare (memcmp's order), so a key's first
// bytes can be compared a word at a time.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace rollsafe {

// The 8 bytes at `p` as a big-endian number.
[[nodiscard]] inline uint64_t big_endian_word(const char* p) {
  uint64_t word = 0;
  std::memcpy(&word, p, sizeof word);
  if constexpr (std::endian::native == std::endian::little) {
    word = __builtin_bswap64(word);
  }
  return word;
}

// A sort key's first 24 bytes (zero-padded) as three big-endian words: most
// comparisons of keys that share a long prefix (a timestamp's digits) are
// decided by compare_heads() on these, without touching the keys.
using KeyHead = std::array<uint64_t, 3>;

[[nodiscard]] inline KeyHead key_head(std::string_view key) {
  std::array<char, sizeof(KeyHead)> bytes{};
  std::memcpy(bytes.data(), key.data(), std::min(key.size(), bytes.size()));
  KeyHead head{};
  for (size_t w = 0; w < head.size(); ++w) {
    head[w] = big_endian_word(bytes.data() + (w * sizeof(uint64_t)));
  }
  return head;
}

// Three-way, as memcmp() compares the bytes the heads were read from (not
// std::array's operators: they compare the words' bytes in memory order).
[[nodiscard]] inline int compare_heads(const KeyHead& a, const KeyHead& b) {
  for (size_t w = 0; w < a.size(); ++w) {
    if (a[w] != b[w]) {
      return a[w] < b[w] ? -1 : 1;
    }
  }
  return 0;
}

} // namespace rollsafe
