// Test helpers: lint SQL text in memory the way the command line would.
#pragma once

#include "config/config.h"
#include "diagnostics/diagnostic.h"
#include "engine/options.h"
#include "model/model.h"

#include <optional>
#include <string>
#include <vector>

namespace rollsafe::test {

// Lints `sql` as one file named `path` (phase from `options`, a directive, the
// path, or expand) and returns its report.
FileReport lint_text(const std::string& sql, const LintOptions& options = {},
                     const std::string& path = "test.sql");
// The same with everything a configuration can set (rule levels, reasons).
FileReport lint_text(const std::string& sql, const FileSettings& settings,
                     const std::string& path = "test.sql");

// Lints `files` in order as the files of one release, sharing one catalog (so a
// table created in an expand file is old, and known, in a later contract file).
// A file's phase is its own when given, else it comes from `settings` or the
// file's directive. Returns every file's diagnostics in one report.
struct ReleaseFile {
  std::optional<Phase> phase;
  std::string sql;
};
FileReport lint_release(const std::vector<ReleaseFile>& files, const FileSettings& settings,
                        const std::string& path = "test.sql");

// Parses `sql` with the PostgreSQL frontend and returns the lowered statements
// and syntax errors (as "line:col message").
struct Parsed {
  std::vector<model::Statement> statements;
  std::vector<std::string> errors;
};
Parsed parse_postgres(const std::string& sql);
// The same with the MySQL/MariaDB frontend for a target server version.
Parsed parse_mysql(const std::string& sql, int mysql_version = 80000, bool mariadb = false);

std::string read_text(const std::string& path);

// Lints a migration directory the way `rollsafe lint DIR` does (its histories
// found, each one's layout detected and its files replayed into its catalog),
// without ambient configuration; a tree
// named <rule>.mysql or <rule>.mariadb is linted in that dialect. A file
// that holds `rollsafe-test: history` is history: replayed, not reported.
std::vector<FileReport> lint_tree(const std::string& dir);

// Writes a tree described as text: each `-- file: PATH` line starts the file
// PATH (relative to `dir`). Returns false when the text names no file.
bool write_tree(const std::string& text, const std::string& dir);
// Options for linting as MySQL (`mariadb`: MariaDB semantics), with the
// default server version of each.
LintOptions mysql_options(bool mariadb = false);

} // namespace rollsafe::test
