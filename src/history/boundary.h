// The boundary between history (replayed, not reported) and the files judged:
// what git says changed since a revision. See docs/histories.md.
#pragma once

#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace rollsafe {

// The absolute, normalised form of `path` (symbolic links resolved when it
// exists), so paths from git and from the command line compare equal.
[[nodiscard]] std::string canonical_path(const std::string& path);

// canonical_path() for many files: each folder is resolved once (a file that
// is itself a symbolic link is named by its link, not its target).
class CanonicalPaths {
public:
  [[nodiscard]] std::string operator()(const std::string& path);

private:
  std::unordered_map<std::string, std::string> dirs_;
};

// Files added or changed since `rev` in the git repository that holds `where`:
// `git diff --name-only REV` (committed, staged and unstaged changes; deleted
// files left out) plus untracked files that .gitignore does not ignore (a new
// migration not yet `git add`ed is the one most in need of a check). Canonical
// paths. Throws InputError when git fails (not a repository, unknown revision).
struct Changes {
  std::set<std::string> added;    // new since REV (untracked ones included)
  std::set<std::string> modified; // existed at REV, changed since
  [[nodiscard]] bool contains(const std::string& path) const {
    return added.contains(path) || modified.contains(path);
  }
};
[[nodiscard]] Changes changed_since(const std::string& rev, const std::string& where);

// Runs `git` with `args` in `dir` and returns its standard output; throws
// InputError with git's own message when it exits non-zero.
[[nodiscard]] std::string run_git(const std::string& dir, const std::vector<std::string>& args);

} // namespace rollsafe
