// libFuzzer target: arbitrary bytes through the whole pipeline a MySQL or
// MariaDB file goes through (input checks, directives, phase, the client's
// statement splitting and DELIMITER, executable comments for the target version,
// the ANTLR parse and its error recovery, lowering, every rule, position
// resolution) and out through the text and JSON reporters. A crash, sanitizer
// report, leak or timeout here is a bug; scripts/fuzz.sh keeps the input under
// tests/fuzz-regressions/fuzz_mysql_frontend/.
#include "engine/linter.h"
#include "engine/options.h"
#include "fuzz_pipeline.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

constexpr const char* kPath = "fuzz/0001_input.sql";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static rollsafe::Linter linter(rollsafe::Dialect::MySQL); // one per thread, as in a run
  const std::string text(reinterpret_cast<const char*>(data), size);

  // As `rollsafe lint --dialect mysql` lints it: MySQL 8.0, phase from a
  // directive, else expand.
  rollsafe::FileSettings settings;
  settings.options.dialect = rollsafe::Dialect::MySQL;
  rollsafe::fuzz::lint_and_report(linter, kPath, text, settings);

  // Again with settings picked by the input's size: the later phases' rules,
  // MariaDB semantics and other server versions (executable comments /*!NNNNN
  // and /*M!NNNNN are kept or dropped by version).
  constexpr std::array<rollsafe::Phase, 3> kPhases{
      rollsafe::Phase::Expand, rollsafe::Phase::Migrate, rollsafe::Phase::Contract};
  constexpr std::array<int, 4> kVersions{50700, 80013, 80400, 101100};
  settings.options.phase = kPhases[size % 3];
  settings.options.mysql_version = kVersions[(size / 3) % 4];
  settings.options.mariadb = settings.options.mysql_version >= 100000;
  settings.options.assume_in_transaction = (size & 4U) != 0;
  rollsafe::fuzz::lint_and_report(linter, kPath, text, settings);
  return 0;
}
