// Shared by the libFuzzer targets: one file linted as the command line lints it
// and written through the text (colour, suppressed findings shown) and JSON
// reporters, so every rendering path runs on what the fuzzer produced.
#pragma once

#include "config/config.h"
#include "diagnostics/diagnostic.h"
#include "engine/linter.h"
#include "model/catalog.h"
#include "report/reporter.h"

#include <sstream>
#include <string>
#include <vector>

namespace rollsafe::fuzz {

inline void lint_and_report(Linter& linter, const std::string& path, const std::string& text,
                            const FileSettings& settings) {
  model::Catalog catalog;
  std::vector<FileReport> files;
  files.push_back(linter.lint(path, text, catalog, settings));
  TextStyle style;
  style.color = true;
  style.show_suppressed = true;
  std::ostringstream out;
  write_text(out, files, style);
  write_json(out, files);
}

} // namespace rollsafe::fuzz
