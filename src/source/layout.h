// The layouts of the common migration tools: which one a directory follows, and
// the order in which that tool applies its files. See docs/histories.md.
#pragma once

#include "model/file_info.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe {

// One unit to lint: a whole file, or a part of it (a dbmate section, an Alembic
// revision). Bytes outside [begin, end) are blanked before parsing, so spans and
// line numbers stay those of the file.
struct SourceUnit {
  enum class Section : uint8_t { Whole, Range, DbmateUp, DbmateDown };
  std::string path;
  model::FileInfo info;
  Section section = Section::Whole;
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct Plan {
  std::string layout;  // "flyway", "golang-migrate", ... ; "files" for paths given one by one
  std::string summary; // "12 versioned, 1 repeatable"
  std::vector<SourceUnit> units;
};

// The layout names `--layout` accepts (besides "auto").
[[nodiscard]] const std::vector<std::string>& layout_names();

// Orders `files` (found under `root`, a directory; paths as discover() returns
// them) the way the detected layout's tool applies them, or the way `forced`
// says. Takes `files` (the paths move into the units). Throws InputError for an unknown layout name
// or an unreadable file the layout has to look into (Alembic's stream, dbmate's first file).
[[nodiscard]] Plan plan_layout(const std::string& root, std::vector<std::string> files,
                               const std::optional<std::string>& forced);

// A file named on the command line, outside any directory: its role from its
// name (`.down.sql`, Flyway's `U1__`, a `revert/` folder, Diesel's `down.sql`
// in a `<version>_name/` folder) and its release.
[[nodiscard]] SourceUnit single_file_unit(const std::string& path);

// The file-name patterns of the layouts (exposed for their tests). A Flyway name,
// `^([VUR])([0-9][0-9._]*)?__.*\.sql$` case-insensitively: its kind letter as
// written and its version (empty when absent).
struct FlywayName {
  char kind;
  std::string_view version;
};
[[nodiscard]] std::optional<FlywayName> match_flyway_name(std::string_view name);
// golang-migrate: `^[0-9]+_.*\.(up|down)\.sql$`, case-insensitively.
[[nodiscard]] bool match_up_down_name(std::string_view name);
// Numbered files: `^[0-9]+[_-].*\.sql$`, case-insensitively.
[[nodiscard]] bool match_numbered_name(std::string_view name);

// A folder name some layout reads a phase or a role from: a phase folder
// (`expand/`, `migrate/`, `contract/`, `data_migration/`, `data-migration/`),
// a per-phase repository (`expand_repo/` ...), Sqitch's `deploy/`, `revert/`
// and `verify/`, or a folder of undo scripts (`down/`, `rollback/`, `undo/`).
[[nodiscard]] bool layout_folder(std::string_view name);

// Blanks the bytes of `text` outside the unit's section (newlines kept).
void apply_section(const SourceUnit& unit, std::string& text);

// Blanks psql meta-commands (lines starting with a backslash, such as the
// `\restrict` line recent pg_dump versions write): a structure dump is psql
// input, not plain SQL.
void blank_psql_meta_commands(std::string& text);

} // namespace rollsafe
