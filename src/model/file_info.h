// What the layout of a migration directory says about one file (or one part of
// a file): its role, version and release. Rules read it through the Context.
#pragma once

#include "model/phase.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rollsafe::model {

enum class FileRole : uint8_t {
  Up,         // applied on upgrade: linted and replayed into the catalog
  Down,       // a down / revert / undo / downgrade migration: not replayed
  Repeatable, // Flyway R__ files: re-applied after the versioned ones
  Verify,     // Sqitch verify/ scripts: read-only checks, neither linted nor replayed
};
[[nodiscard]] std::string_view to_string(FileRole r);

struct FileInfo {
  std::string path;
  size_t position = 0; // in the run's order (history included)
  FileRole role = FileRole::Up;
  std::string version; // as the tool names it: "1.1", "0003", "20240101120000", a revision id
  std::string release; // files that share a release share is_new (see Catalog::enter)
  std::string layout;  // the layout's name: "flyway", "golang-migrate", ...
  std::string unit;    // a part of a file: "up", "down", "revision a -> b"; empty for a file
  std::optional<Phase> layout_phase; // the phase the layout itself gives (phase folders)
  // layout_phase is what phase_from_path(path) found (the layout planner sets
  // both), so the linter need not look at the path again when it found none.
  bool layout_phase_known = false;
  // Which history of the run the file belongs to (docs/histories.md, "History
  // roots"): each has its own catalog, rule state and Context::files().
  size_t history_index = 0;
  bool history = false;  // before the boundary: replayed, not reported
  bool modified = false; // judged, but it existed at the --changed-since revision
  // The catalog holds the whole schema before this file (a directory's history
  // from its first file, or a --schema dump): what it lacks does not exist.
  bool complete_history = false;
};

} // namespace rollsafe::model
