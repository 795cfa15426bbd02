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
// It must be set before mimalloc reads its options and reserves its first
// segment, which happens in mimalloc's own initialiser or at the first
// allocation of any static initialiser, so it runs from .preinit_array: the
// executable's pre-initialisers run before every shared library's initialisers.
// That is before libc has set up `environ` (getenv() sees nothing yet), so the
// environment is read from the block the loader passes. mi_option_enable()
// only stores the value.
void enable_large_pages(int /*argc*/, char** /*argv*/, char** envp) {
  constexpr std::string_view kVariable = "MIMALLOC_LARGE_OS_PAGES=";
  for (char** entry = envp; entry != nullptr && *entry != nullptr; ++entry) {
    if (std::string_view(*entry).starts_with(kVariable)) {
      return; // mimalloc reads it itself
    }
  }
  mi_option_enable(mi_option_large_os_pages);
}

} // namespace

[[gnu::section(".preinit_array"),
  gnu::used]] void (*const rollsafe_preinit_large_pages)(int, char**, char**) = enable_large_pages;
