// From the command line's paths and history options to the ordered units of a
// run: the histories each directory holds (history/roots.h), the layout of each,
// and the boundary between history and the files judged (--history,
// --changed-since).
#pragma once

#include "source/discover.h"
#include "source/layout.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rollsafe {

class Workers;

struct HistoryOptions {
  std::optional<std::string> layout;        // --layout (default: detect)
  std::optional<std::string> changed_since; // --changed-since REV
  std::optional<std::string> history;       // --history DIR
};

struct LayoutSeen {
  std::string root;   // the history's root directory
  std::string layout; // "flyway", ...
  std::string summary;
  size_t units = 0;   // units of this history
  size_t history = 0; // of them, before the boundary
};

struct PlannedInput {
  // Grouped by history (FileInfo::history_index, counted from 0), each history's
  // units in the order its layout applies them.
  std::vector<SourceUnit> units;
  std::vector<LayoutSeen> layouts; // one per history root: layouts[k] is history k's
  // Histories in all: the roots', then one of the files named one by one, if
  // any (it has no layout).
  size_t histories = 0;
  // Folders discovery listed that hold no configuration file and no .git
  // (for ConfigResolver::without_configuration()).
  std::vector<std::string> plain_folders;
  // The walked folders that hold files, kept open to read the files within them.
  std::unique_ptr<FolderHandles> folders = std::make_unique<FolderHandles>();
};

// Throws InputError (a path that does not exist, git failing, an unknown layout).
// `workers`, when given, walk directories beside the calling thread (discover()).
[[nodiscard]] PlannedInput plan_inputs(const std::vector<std::string>& paths,
                                       const HistoryOptions& options, Workers* workers = nullptr);

// "layout: flyway (12 versioned, 1 repeatable)", with the history's root when
// the run has several (" in db/billing") and the boundary when there is one.
[[nodiscard]] std::string layout_line(const LayoutSeen& seen, const PlannedInput& input);

} // namespace rollsafe
