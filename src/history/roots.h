// The histories a migration directory holds: the folders whose files one
// migration tool applies to one database (docs/histories.md, "History roots").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rollsafe {

struct HistoryRoot {
  std::string dir;                // `dir` as given when it is the root itself
  std::vector<std::string> files; // the files under it, in the order given
};

// Groups `files`, which discover({dir}) found (so each starts with `dir`
// normalised), by their history root, searched from `dir` down: a folder is a
// root when it holds a file directly, a sqitch.plan, a folder a layout gives a
// meaning to (layout_folder()), a version-like folder (version_like()) or a
// release folder (a name with a digit, holding phase folders: `r01/expand/`);
// otherwise each of its folders is searched the same way. Roots come in the
// order of their first file. No files: `dir` is the one root, with none.
[[nodiscard]] std::vector<HistoryRoot> history_roots(const std::string& dir,
                                                     std::vector<std::string> files);

// A folder name that reads as a version: it starts with a digit (`0015`,
// diesel's `2019-09-12-100000_create_tables`), or with `v` or `V` and a digit
// (`v0.1`).
[[nodiscard]] bool version_like(std::string_view name);

} // namespace rollsafe
