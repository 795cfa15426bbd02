// libFuzzer target: arbitrary bytes as a rollsafe.toml, through everything a
// configuration file reaches: toml++'s parser, load_config's checks of every key
// ([phases], [rules], [[overrides]], exclude, versions), the resolver's settings
// for a file (globs matched against its path, rule levels), and a lint of a small
// migration under those settings, out through the text and JSON reporters.
// A configuration error (ConfigError, exit status 2 in the binary) is a normal
// outcome; a crash, any other exception, sanitizer report, leak or timeout is a
// bug, kept by scripts/fuzz.sh under tests/fuzz-regressions/fuzz_config/.
#include "config/config.h"
#include "engine/linter.h"
#include "engine/options.h"
#include "fuzz_pipeline.h"
#include "support/scratch_dir.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

namespace fs = std::filesystem;

// load_config reads a file: one per fuzzing process, rewritten for each input,
// in a scratch folder that goes when the process ends normally (libFuzzer's
// -max_total_time and -runs end through exit()).
const fs::path& config_path() {
  static const rollsafe::test::ScratchDir folder("fuzz-config");
  static const fs::path file = [] {
    fs::create_directories(folder / "db/migrations/expand");
    return folder / "rollsafe.toml";
  }();
  return file;
}

// A migration with something for most rules in either dialect; the
// configuration decides the dialect, phase, versions and rule levels.
constexpr const char* kMigration = "-- rollsafe: phase=expand\n"
                                   "ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL;\n"
                                   "ALTER TABLE users DROP COLUMN legacy; -- rollsafe: "
                                   "ignore[drop-column] reason: unused\n"
                                   "CREATE INDEX idx_users_email ON users (email);\n"
                                   "ALTER TABLE users RENAME COLUMN name TO full_name;\n";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(config_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  rollsafe::CommandLineSettings cli;
  cli.config = config_path();
  rollsafe::FileSettings settings;
  try {
    rollsafe::ConfigResolver resolver(cli);
    settings = resolver.settings_for(
        (config_path().parent_path() / "db/migrations/expand/0002_users.sql").string());
  } catch (const rollsafe::ConfigError&) {
    return 0; // reported as `path:line:col: reason`, exit status 2
  }
  if (settings.excluded) {
    return 0;
  }
  static rollsafe::Linter postgres(rollsafe::Dialect::Postgres);
  static rollsafe::Linter mysql(rollsafe::Dialect::MySQL);
  rollsafe::Linter& linter =
      settings.options.dialect == rollsafe::Dialect::MySQL ? mysql : postgres;
  rollsafe::fuzz::lint_and_report(linter, "db/migrations/expand/0002_users.sql", kMigration,
                                  settings);
  return 0;
}
