// Test helpers: lint SQL text in memory the way the command line would.
#pragma once

#include "config/config.h"
#include "diagnostics/diagnostic.h"
#include "engine/options.h"
#include "model/model.h"

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

} // namespace rollsafe::test
