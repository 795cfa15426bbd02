#include "diagnostics/text_store.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <utility>

namespace rollsafe {

TextStore::TextStore(TextStore&& other) noexcept
    : blocks_(std::move(other.blocks_)), next_(std::exchange(other.next_, nullptr)),
      left_(std::exchange(other.left_, 0)),
      block_size_(std::exchange(other.block_size_, kFirstBlock)) {
  other.blocks_.clear();
}

TextStore& TextStore::operator=(TextStore&& other) noexcept {
  if (this != &other) {
    blocks_ = std::move(other.blocks_);
    other.blocks_.clear();
    next_ = std::exchange(other.next_, nullptr);
    left_ = std::exchange(other.left_, 0);
    block_size_ = std::exchange(other.block_size_, kFirstBlock);
  }
  return *this;
}

std::string_view TextStore::add(std::string_view text) {
  const size_t n = text.size();
  if (n == 0) {
    return {};
  }
  if (n > left_) {
    if (n > block_size_ / 2) {
      // A long text gets a block of its own; the current block stays in use
      // for the short ones after it.
      Block& own = blocks_.emplace_back();
      own.bytes = std::make_unique_for_overwrite<char[]>(n); // NOLINT(*-avoid-c-arrays)
      own.size = n;
      std::memcpy(own.bytes.get(), text.data(), n);
      return {own.bytes.get(), n};
    }
    Block& block = blocks_.emplace_back();
    block.bytes = std::make_unique_for_overwrite<char[]>(block_size_); // NOLINT(*-avoid-c-arrays)
    block.size = block_size_;
    next_ = block.bytes.get();
    left_ = block_size_;
    block_size_ = std::min(block_size_ * 2, kMaxBlock);
  }
  char* at = next_;
  std::memcpy(at, text.data(), n);
  next_ += n;
  left_ -= n;
  return {at, n};
}

bool TextStore::holds(std::string_view text) const {
  const std::less<> before;
  return std::any_of(blocks_.begin(), blocks_.end(), [&](const Block& b) {
    const char* first = b.bytes.get();
    return !before(text.data(), first) && !before(first + b.size, text.data() + text.size());
  });
}

} // namespace rollsafe
