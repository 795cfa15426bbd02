// The rollsafe executable's allocator is mimalloc (ROLLSAFE_MIMALLOC, on by
// default): linking libmimalloc replaces malloc and free for the whole process,
// and this file sends C++ new and delete to it directly instead of through
// malloc. Linting makes many small, short-lived allocations (model names,
// diagnostics, the history catalog); mimalloc serves them with about a third of
// glibc's instructions (docs/performance.md, "Allocator").
//
// Included in exactly one translation unit, as the header requires.
#include <mimalloc-new-delete.h>
