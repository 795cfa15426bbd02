#include "frontend/postgres/pg_arena.h"

// This file includes no PostgreSQL header on purpose: the server headers
// declare CurrentMemoryContext and TopMemoryContext as plain globals, while
// libpg_query, which runs one parser per thread, made them thread-local. The
// declarations below are libpg_query's (PostgreSQL 15's memory-context API).
extern "C" {
// NOLINTBEGIN(readability-identifier-naming)
extern __thread MemoryContextData* CurrentMemoryContext;
extern __thread MemoryContextData* TopMemoryContext;
void pg_query_init(void);
MemoryContextData* AllocSetContextCreateInternal(MemoryContextData* parent, const char* name,
                                                 size_t min_context_size, size_t init_block_size,
                                                 size_t max_block_size);
void MemoryContextReset(MemoryContextData* context);
void MemoryContextDelete(MemoryContextData* context);
// NOLINTEND(readability-identifier-naming)
}

namespace rollsafe::pg {

namespace {
// PostgreSQL's ALLOCSET_DEFAULT_MAXSIZE: later blocks double up to this size.
constexpr size_t kMaxBlockBytes = size_t{8} << 20;
} // namespace

ParseArena::~ParseArena() {
  if (context_ != nullptr) {
    MemoryContextDelete(context_);
  }
}

void ParseArena::enter() {
  if (context_ == nullptr) {
    pg_query_init(); // this thread's TopMemoryContext, if it has none yet
    // With no minimum size, the first block (kept by a reset) is the initial one.
    context_ = AllocSetContextCreateInternal(TopMemoryContext, "rollsafe parse", 0, kKeptBytes,
                                             kMaxBlockBytes);
  }
  saved_ = CurrentMemoryContext;
  CurrentMemoryContext = context_;
}

void ParseArena::leave() {
  CurrentMemoryContext = saved_;
  MemoryContextReset(context_);
}

} // namespace rollsafe::pg
