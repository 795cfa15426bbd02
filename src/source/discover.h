// Turns the paths on the command line into the ordered list of files to lint.
#pragma once

#include "common/string_map.h"

#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe {

class Workers;
class FolderHandles;

// The tool cannot do its job (exit status 2): a path that does not exist, an
// unreadable directory, a file that is not a regular file.
class InputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// `text` cut at every `separator` (empty pieces included).
[[nodiscard]] std::vector<std::string_view> split(std::string_view text, char separator);

// Natural version order: digit runs compare as numbers (V2 < V10, 0009 < 0010);
// phase directories compare in phase order (expand < migrate < contract).
[[nodiscard]] bool path_less(std::string_view a, std::string_view b);

// Files under `paths`: a file as given, a directory recursively (`*.sql`),
// each directory's files in path_less order. Throws InputError.
// `plain_folders`, when given, receives every folder walked in which no name of
// src/common/config_names.h appears (in any case): absolute, lexically normal,
// without a trailing '/' (ConfigResolver::without_configuration()).
// `workers`, when given, walk a directory's folders beside the calling thread
// (from the first folder that holds two or more); the answer is the same.
// `folders`, when given, keeps the descriptors of folders that hold files found.
[[nodiscard]] std::vector<std::string> discover(const std::vector<std::string>& paths,
                                                std::vector<std::string>* plain_folders = nullptr,
                                                Workers* workers = nullptr,
                                                FolderHandles* folders = nullptr);

// What every path discover() finds under the directory `dir` starts with: `dir`
// lexically normal, with a trailing '/' (empty for `.`).
[[nodiscard]] std::string walk_prefix(const std::string& dir);

// The folders a walk listed, kept open so that their files are opened by name
// within them (openat) instead of by their whole path: the kernel looks up one
// name per file instead of every folder of the path again, about 0.5 us per
// folder on the machine of docs/performance.md (the real migrations by their
// absolute path: 0.77 ms of 6.4 ms of reading). At most capacity() folders,
// the first walked; files of the others are opened by path, as are files named
// on the command line.
class FolderHandles {
public:
  static constexpr size_t kMaxKept = 256;

  // At most kMaxKept, and a quarter of the process's file descriptor limit
  // (RLIMIT_NOFILE), so that a low limit leaves room for the files themselves.
  FolderHandles();
  ~FolderHandles();
  FolderHandles(const FolderHandles&) = delete;
  FolderHandles& operator=(const FolderHandles&) = delete;
  FolderHandles(FolderHandles&&) = delete;
  FolderHandles& operator=(FolderHandles&&) = delete;

  // Takes `fd`, the folder every path `folder` + a name found in it starts
  // with (`folder` as the walk spells it: empty, or ending in '/'), if there is
  // room; else returns false and leaves `fd` to the caller. Safe to call from
  // several threads at once.
  bool keep(const std::string& folder, int fd);
  // The descriptor of the folder `path`'s name is in, or -1. Not while keep()
  // may run: the folders are kept while planning, looked up while linting.
  [[nodiscard]] int folder_of(std::string_view path) const;
  // How many folders it keeps at most.
  [[nodiscard]] size_t capacity() const { return capacity_; }

private:
  size_t capacity_;
  std::mutex mutex_; // keep()'s
  StringMap<int> fds_;
};

// Reads a whole regular file (up to 4 GiB). Throws InputError with the reason.
// Opened within its folder when `folders` holds that folder (FolderHandles).
[[nodiscard]] std::string read_file(const std::string& path,
                                    const FolderHandles* folders = nullptr);

// Reads standard input to its end. Throws InputError when it is closed or
// unreadable, so `-` never passes as an empty file.
[[nodiscard]] std::string read_standard_input();

// Files that share a release: the part of the path before its phase directory
// (`release-3/expand/x.sql` -> `release-3`); a file outside phase directories
// is a release of its own. Per-phase repositories (`expand_repo/003_x.sql`) pair
// files by their leading version number.
[[nodiscard]] std::string release_key(std::string_view path);

} // namespace rollsafe
