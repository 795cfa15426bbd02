// Bytes read as big-endian words, for sort keys: two such words compare as
// numbers in the order their bytes compare (memcmp's order), so a key's first
// bytes can be compared a word at a time.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

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

} // namespace rollsafe
