// libFuzzer target: arbitrary bytes through the whole pipeline a file goes
// through (input checks, directives, phase, parse and error recovery, lowering,
// every rule, position resolution) and out through the text and JSON reporters.
// A crash, sanitizer report, leak or timeout here is a bug; scripts/fuzz.sh
// keeps the input under tests/fuzz-regressions/fuzz_postgres_frontend/.
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
  static rollsafe::Linter linter(rollsafe::Dialect::Postgres); // one per thread, as in a run
  const std::string text(reinterpret_cast<const char*>(data), size);

  // As the command line lints it: phase from a directive, else expand.
  rollsafe::fuzz::lint_and_report(linter, kPath, text, rollsafe::FileSettings{});

  // Again with settings picked by the input's size, so the later phases' rules,
  // older PostgreSQL versions and --assume-in-transaction run too.
  rollsafe::FileSettings settings;
  constexpr std::array<rollsafe::Phase, 3> kPhases{
      rollsafe::Phase::Expand, rollsafe::Phase::Migrate, rollsafe::Phase::Contract};
  settings.options.phase = kPhases[size % 3];
  settings.options.pg_version = 9 + static_cast<int>(size % 8);
  settings.options.assume_in_transaction = (size & 4U) != 0;
  rollsafe::fuzz::lint_and_report(linter, kPath, text, settings);
  return 0;
}
