// The rollsafe executable's allocator is mimalloc (ROLLSAFE_MIMALLOC, on by
// default): linking libmimalloc replaces malloc and free for the whole process,
// and this file sends C++ new and delete to it directly instead of through
// malloc. Linting makes many small, short-lived allocations (model names,
// diagnostics, the history catalog); mimalloc serves them with about a third of
// glibc's instructions (docs/performance.md, "Allocator").
//
// Included in exactly one translation unit, as the header requires.
#include <mimalloc-new-delete.h>
#include <mimalloc.h>

#include <string_view>

namespace {

// Backs the heap's segments with transparent huge pages (2 MiB, through
// madvise) unless MIMALLOC_LARGE_OS_PAGES says otherwise. The parser's arena,
// the model and the catalog are spread over megabytes that each statement
// touches here and there; with 2 MiB pages far fewer page-table walks are
// needed for them. The 30 MB corpus lints about 4 % faster in CPU time, the
// MySQL one 7 %, the 100 MB file 12 %; a one-file lint pays about 0.3 ms for
// zeroing its first huge page, and the 100 MB file's peak RSS grows by 20 MB
// (docs/performance.md, "Huge pages"). Where the kernel's transparent huge
// pages are off, the madvise does nothing.
//
// A thread's first segment gets the same pages: mimalloc commits the first
// segment of every thread after the first lazily and without huge pages
// (`eager_commit_delay`, 1 by default), to spare processes with many threads
// that allocate little. rollsafe has one thread per core, each parsing and
// lowering files, and it starts them before planning (engine/workers.h), so
// their first segment's huge page is zeroed while the main thread plans; with
// the lazy default the second thread took about 400 small-page faults on the
// real migrations (`perf stat`: 677 page faults at -j2 against 239 at -j1).
// Alternating runs: -j2 about 1 % faster on the real migrations (200 rounds)
// and 2 % on the 10 MB corpus.
//
// Both must be set before mimalloc reads its options and reserves its first
// segment, which happens in mimalloc's own initialiser or at the first
// allocation of any static initialiser, so they are set from .preinit_array:
// the executable's pre-initialisers run before every shared library's
// initialisers. That is before libc has set up `environ` (getenv() sees
// nothing yet), so the environment is read from the block the loader passes:
// a variable the user set wins (mimalloc reads it itself). mi_option_set()
// and mi_option_enable() only store the value.
bool in_environment(char** envp, std::string_view variable) {
  for (char** entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view e(*entry);
    if (e.size() > variable.size() && e.starts_with(variable) && e[variable.size()] == '=') {
      return true;
    }
  }
  return false;
}

void tune_heap(int /*argc*/, char** /*argv*/, char** envp) {
  if (!in_environment(envp, "MIMALLOC_LARGE_OS_PAGES")) {
    mi_option_enable(mi_option_large_os_pages);
  }
  if (!in_environment(envp, "MIMALLOC_EAGER_COMMIT_DELAY")) {
    mi_option_set(mi_option_eager_commit_delay, 0);
  }
}

} // namespace

[[gnu::section(".preinit_array"),
  gnu::used]] void (*const rollsafe_preinit_heap)(int, char**, char**) = tune_heap;
