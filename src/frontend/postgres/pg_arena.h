// Where libpg_query's parser allocates: one PostgreSQL memory context per
// frontend, reset after each parse instead of created and deleted for it.
#pragma once

#include <cstddef>

extern "C" {
struct MemoryContextData;
}

namespace rollsafe::pg {

// Reset keeps the context's first block, so a parse that fits in it (every
// statement batch of an ordinary migration) allocates from the same memory as
// the parse before, still in cache, and calls malloc not at all. A context
// created per parse took fresh blocks from malloc as it grew (8 KiB, then
// doubling), which mimalloc hands out from memory not touched lately: one
// cache miss per line the parser writes (docs/performance.md).
//
// The context belongs to the thread that first parses with it: PostgreSQL's
// memory contexts are per thread in libpg_query, and not thread-safe.
class ParseArena {
public:
  ParseArena() = default;
  ~ParseArena();
  ParseArena(const ParseArena&) = delete;
  ParseArena& operator=(const ParseArena&) = delete;
  ParseArena(ParseArena&&) = delete;
  ParseArena& operator=(ParseArena&&) = delete;

  // Makes the arena the parser's current memory context.
  void enter();
  // Frees what the parse allocated (all but the first block) and restores the
  // context that was current before enter().
  void leave();

  // The size of the block kept across parses.
  static constexpr size_t kKeptBytes = size_t{1} << 20;

private:
  MemoryContextData* context_ = nullptr;
  MemoryContextData* saved_ = nullptr;
};

} // namespace rollsafe::pg
