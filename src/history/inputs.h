// From the command line's paths and history options to the ordered units of a
// run: layouts detected per directory, and the boundary between history and the
// files judged (--history, --changed-since).
#pragma once

#include "source/layout.h"

#include <optional>
#include <string>
#include <vector>

namespace rollsafe {

struct HistoryOptions {
  std::optional<std::string> layout;        // --layout (default: detect)
  std::optional<std::string> changed_since; // --changed-since REV
  std::optional<std::string> history;       // --history DIR
};

struct LayoutSeen {
  std::string root;   // the directory
  std::string layout; // "flyway", ...
  std::string summary;
};

struct PlannedInput {
  std::vector<SourceUnit> units;
  std::vector<LayoutSeen> layouts; // one per directory linted
  size_t total = 0;                // units in all
  size_t history = 0;              // units before the boundary
  // Folders discovery listed that hold no configuration file and no .git
  // (for ConfigResolver::without_configuration()).
  std::vector<std::string> plain_folders;
};

// Throws InputError (a path that does not exist, git failing, an unknown layout).
[[nodiscard]] PlannedInput plan_inputs(const std::vector<std::string>& paths,
                                       const HistoryOptions& options);

// "layout: flyway (12 versioned, 1 repeatable)", with the boundary when there is one.
[[nodiscard]] std::string layout_line(const LayoutSeen& seen, const PlannedInput& input);

} // namespace rollsafe
