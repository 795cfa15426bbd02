// libFuzzer target: arbitrary bytes through the whole pipeline a file goes
// through (input checks, directives, phase, parse and error recovery, lowering,
// every rule, position resolution) and out through the text and JSON reporters.
// A crash, sanitizer report, leak or timeout here is a bug; scripts/fuzz.sh
// keeps the input under tests/fuzz-regressions/fuzz_postgres_frontend/.
#include "config/config.h"
#include "diagnostics/diagnostic.h"
#include "engine/linter.h"
#include "model/catalog.h"
#include "report/reporter.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

void lint_and_report(rollsafe::Linter& linter, const std::string& text,
                     const rollsafe::FileSettings& settings) {
  rollsafe::model::Catalog catalog;
  std::vector<rollsafe::FileReport> files;
  files.push_back(linter.lint("fuzz/0001_input.sql", text, catalog, settings));
  rollsafe::TextStyle style;
  style.color = true;
  style.show_suppressed = true;
  std::ostringstream out;
  rollsafe::write_text(out, files, style);
  rollsafe::write_json(out, files);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static rollsafe::Linter linter(rollsafe::Dialect::Postgres); // one per thread, as in a run
  const std::string text(reinterpret_cast<const char*>(data), size);

  // As the command line lints it: phase from a directive, else expand.
  lint_and_report(linter, text, rollsafe::FileSettings{});

  // Again with settings picked by the input's size, so the later phases' rules,
  // older PostgreSQL versions and --assume-in-transaction run too.
  rollsafe::FileSettings settings;
  constexpr std::array<rollsafe::Phase, 3> kPhases{
      rollsafe::Phase::Expand, rollsafe::Phase::Migrate, rollsafe::Phase::Contract};
  settings.options.phase = kPhases[size % 3];
  settings.options.pg_version = 9 + static_cast<int>(size % 8);
  settings.options.assume_in_transaction = (size & 4U) != 0;
  lint_and_report(linter, text, settings);
  return 0;
}
