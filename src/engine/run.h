// One lint run over many files: files are read, parsed and lowered in parallel,
// then replayed and judged in order, history by history (docs/histories.md),
// each history into a catalog of its own (what a rule knows about a table comes
// from every file before it in its history); the reports come back in input order.
#pragma once

#include "config/config.h"
#include "diagnostics/diagnostic.h"
#include "engine/options.h"
#include "engine/workers.h"
#include "source/layout.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rollsafe {

class FolderHandles; // source/discover.h

struct RunInput {
  std::vector<std::string> files; // in lint order (see discover()), when `units` is empty
  // The files with what their layout says (plan_layout()); when given, `files`
  // is not read. Units marked history are replayed, not reported. Units of one
  // history (model::FileInfo::history_index) come together; `files` are one history.
  std::vector<SourceUnit> units;
  // A structure dump (pg_dump --schema-only) replayed before the first file of
  // each history.
  std::optional<std::string> schema;
  // Standard input's text and the name to lint it under, when `-` was given.
  std::optional<std::string> stdin_text;
  std::string stdin_name{kStdinName};
  unsigned jobs = 0; // 0: one per CPU the process may use (job_count)
  // Threads started ahead (see workers.h), used instead of starting them when
  // given; the run uses at most `jobs` - 1 of them.
  Workers* workers = nullptr;
  // Folders kept open by discovery: their files are opened within them.
  const FolderHandles* folders = nullptr;
};

struct RunResult {
  Summary summary;
  std::vector<std::string> errors; // one line each: why a file could not be linted
  uint32_t excluded = 0;           // files left out by the configuration's `exclude`
  uint32_t history = 0;            // units replayed as history (not reported)
};

// Receives each file's report, in input order, as soon as it and every file
// before it are done (so output streams and memory stays flat). Called with a
// lock held: one call at a time. A file that could not be read arrives with
// `failed` set.
using ReportSink = std::function<void(FileReport&&)>;

// The threads `-j N` asks for: N, or for 0 one per CPU the process may run
// on (usable_cpus(): `taskset` and a container's cpuset count).
[[nodiscard]] unsigned job_count(unsigned requested);

// Throws ConfigError when a file's configuration is invalid.
[[nodiscard]] RunResult run_lint(RunInput input, ConfigResolver& configs, const ReportSink& sink);

} // namespace rollsafe
