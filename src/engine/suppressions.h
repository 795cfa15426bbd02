// Inline suppressions: which findings a file's `rollsafe: ignore[...]` and
// `ignore-file[...]` directives silence, and the findings about the directives
// themselves (invalid, unused, without a reason).
#pragma once

#include "config/config.h"
#include "diagnostics/diagnostic.h"
#include "engine/directives.h"

#include <optional>
#include <vector>

namespace rollsafe {

class Suppressions {
public:
  explicit Suppressions(std::vector<Directive> directives);

  // Called for each statement in source order: an ignore[...] applies to the
  // statement it is written in, else to the next one.
  void bind(model::Span statement);

  // Moves suppressed findings from report.diagnostics to report.suppressed and
  // adds the findings about the directives.
  void apply(FileReport& report, const FileSettings& settings);

private:
  struct Entry {
    Directive directive;
    std::optional<model::Span> statement; // ignore[...]: the statement it covers
    std::vector<bool> used;               // per rule id
  };
  std::vector<Entry> entries_;
  size_t next_ = 0; // the first ignore[...] not yet bound to a statement
};

} // namespace rollsafe
