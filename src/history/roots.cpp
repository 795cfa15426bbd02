#include "history/roots.h"

#include "common/ascii.h"
#include "common/last_slash.h"
#include "engine/phase.h"
#include "source/discover.h"
#include "source/layout.h"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <system_error>

namespace rollsafe {

namespace fs = std::filesystem;

namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();

// A folder that holds SQL, directly or below: the tree of them under `dir`.
struct Folder {
  std::string name;
  std::vector<Folder> sub;
  bool files = false; // holds a file directly
  bool root = false;
  size_t history = kNone; // its place in history_roots()'s answer, once it has a file
};

Folder& child(Folder& parent, std::string_view name) {
  for (Folder& f : parent.sub) {
    if (f.name == name) {
      return f;
    }
  }
  return parent.sub.emplace_back(Folder{std::string(name), {}, false, false, kNone});
}

bool has_digit(std::string_view name) {
  return std::any_of(name.begin(), name.end(), [](char c) { return ascii_digit(c); });
}

// Whether `f` reads as a release of the folder holding it: a version-named
// folder (`0015/`, `v0.1/`, diesel's `2019-09-12-100000_x/`) or a release of
// release folders (`r01/expand/`, `release-3/contract/`). A name without a
// digit holding phase folders is a service or a project
// (`services/billing/migrate/`), searched on its own.
bool release_like(const Folder& f) {
  return version_like(f.name) ||
         (has_digit(f.name) && std::any_of(f.sub.begin(), f.sub.end(), [](const Folder& p) {
            return phase_folder(p.name).has_value();
          }));
}

// Whether the folder at `path` is a history root (see history_roots()).
bool is_root(const Folder& f, const std::string& path) {
  if (f.files) {
    return true;
  }
  size_t releases = 0;
  for (const Folder& s : f.sub) {
    // Rails keeps every migration in db/migrate/, which is no phase folder:
    // that folder is the root, planned as the numbered layout it is.
    const bool rails = f.name == "db" && s.name == "migrate";
    if (!rails && layout_folder(s.name)) {
      return true;
    }
    releases += release_like(s) ? 1 : 0;
  }
  // Releases make their folder a root when they are most of its folders: a
  // service whose name starts with or holds a digit (`services/2fa/`,
  // `services/auth2/expand/`) among word-named ones is a project of its own,
  // not a release of `services/`.
  if (releases * 2 > f.sub.size()) {
    return true;
  }
  std::error_code ec;
  return fs::exists(fs::path(path) / "sqitch.plan", ec);
}

// Marks the roots at and below `f`, found at `path` (`rel` below the directory
// searched, each folder followed by '/').
void mark(Folder& f, const std::string& path, const std::string& prefix, const std::string& rel) {
  if (is_root(f, path)) {
    f.root = true;
    return;
  }
  for (Folder& s : f.sub) {
    const std::string below = rel + s.name + '/';
    mark(s, prefix + rel + s.name, prefix, below);
  }
}

} // namespace

bool version_like(std::string_view name) {
  return (!name.empty() && ascii_digit(name[0])) ||
         (name.size() >= 2 && (name[0] == 'v' || name[0] == 'V') && ascii_digit(name[1]));
}

std::vector<HistoryRoot> history_roots(const std::string& dir, std::vector<std::string> files) {
  if (files.empty()) {
    return {{dir, {}}};
  }
  const std::string prefix = walk_prefix(dir);
  // A file's folders below `dir`, each followed by '/' (empty: directly in it).
  const auto folders_of = [&](const std::string& file) {
    std::string_view rel(file);
    if (rel.starts_with(prefix)) {
      rel.remove_prefix(prefix.size());
    }
    return rel.substr(0, last_slash(rel) + 1); // npos + 1 == 0
  };
  // Files come folder by folder: each folder is put in the tree once.
  Folder top;
  std::string_view previous;
  bool first = true;
  for (const std::string& file : files) {
    const std::string_view folders = folders_of(file);
    if (!first && folders == previous) {
      continue;
    }
    first = false;
    previous = folders;
    Folder* at = &top;
    for (const std::string_view segment : split(folders, '/')) {
      if (!segment.empty()) {
        at = &child(*at, segment);
      }
    }
    at->files = true;
  }
  mark(top, dir, prefix, "");

  std::vector<HistoryRoot> roots;
  std::string last_folders; // the previous file's, and its root's index
  size_t last_root = kNone;
  for (std::string& file : files) {
    const std::string_view folders = folders_of(file);
    if (last_root == kNone || folders != last_folders) {
      // Down from the top to the first root: every file has one, since a
      // folder holding a file directly is a root.
      Folder* at = &top;
      size_t used = 0; // the length of `folders` down to `at`
      while (!at->root) {
        const size_t end = folders.find('/', used);
        at = &child(*at, folders.substr(used, end - used));
        used = end + 1;
      }
      if (at->history == kNone) {
        at->history = roots.size();
        roots.push_back({used == 0 ? dir : prefix + std::string(folders.substr(0, used - 1)), {}});
      }
      last_folders = folders;
      last_root = at->history;
    }
    roots[last_root].files.push_back(std::move(file));
  }
  return roots;
}

} // namespace rollsafe
