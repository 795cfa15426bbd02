// The texts of one file's findings, kept together: each message, help, caret
// line and suppression reason is copied into the store's current block and the
// finding keeps a view of it.
//
// Why not a std::string per text: a finding's texts are built while its
// statement is judged and read when its file's report is written, which on a
// long history can be 64 files later (run_lint holds reports while a finding
// in them is undecided). As separate allocations they were three cold blocks
// per finding spread over the heap, each freed on its own; in a store they lie
// one after another, the report reads them in order, and a file's findings are
// freed in a few blocks (docs/performance.md, "The findings' texts in one store
// per file").
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace rollsafe {

class TextStore {
public:
  TextStore() = default;
  ~TextStore() = default;
  // Blocks do not move when the store does, so the views handed out stay
  // valid in the store moved to; the moved-from store starts empty.
  TextStore(TextStore&& other) noexcept;
  TextStore& operator=(TextStore&& other) noexcept;
  // A copy would leave the findings copied with it pointing into this store.
  TextStore(const TextStore&) = delete;
  TextStore& operator=(const TextStore&) = delete;

  // Copies `text` into the store; the view is valid as long as the store (or
  // the store it is moved to) lives.
  [[nodiscard]] std::string_view add(std::string_view text);

  // Whether `text` lies in one of this store's blocks (for checks in tests).
  [[nodiscard]] bool holds(std::string_view text) const;

private:
  // The first block's size; each next one doubles, up to kMaxBlock. A file
  // with one finding (most of the real migrations) allocates one small block.
  static constexpr size_t kFirstBlock = 1024;
  static constexpr size_t kMaxBlock = size_t{64} << 10U;

  struct Block {
    std::unique_ptr<char[]> bytes; // NOLINT(*-avoid-c-arrays): storage without initialisation
    size_t size = 0;
  };
  std::vector<Block> blocks_;
  char* next_ = nullptr; // the free part of the last block
  size_t left_ = 0;
  size_t block_size_ = kFirstBlock;
};

} // namespace rollsafe
