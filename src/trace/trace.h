// rollsafe trace: runs a migration against a scratch database and reports, per
// statement, what the server did (locks, rewrites, duration, the ALGORITHM MariaDB
// accepts) next to what the static rules said about it.
#pragma once

#include "config/config.h"
#include "diagnostics/diagnostic.h"
#include "trace/pg_probe.h"

#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace rollsafe::trace {

// The database is not marked as scratch, or cannot be used: exit status 2, the
// message is the one line to print.
class TraceRefused : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct TraceInput {
  std::string path; // as given, for messages and the static lint
  std::string text;
  FileSettings settings;          // what `rollsafe lint` would use for the file
  bool scratch_confirmed = false; // --i-know-this-is-scratch
};

enum class StatementStatus : uint8_t {
  Ran,       // executed (and rolled back on PostgreSQL)
  Failed,    // the server rejected it
  NotTraced, // deliberately not executed (reason in `detail`)
};
[[nodiscard]] std::string_view to_string(StatementStatus s);

struct TracedStatement {
  model::Span span;
  Position start;
  std::string sql;
  StatementStatus status = StatementStatus::Ran;
  std::string detail; // the error, or why it was not traced
  double ms = 0;
  std::vector<PgLock> locks;          // PostgreSQL: locks this statement acquired
  std::vector<std::string> rewritten; // PostgreSQL: relations whose file changed
  std::string algorithm;              // MariaDB: cheapest ALGORITHM accepted (ALTER TABLE)
  std::string lock_clause;            // MariaDB: weakest LOCK accepted
  std::vector<Diagnostic> findings;   // the static rules' diagnostics for it
};

struct TraceReport {
  std::string path;
  std::string dialect; // "postgres" or "mariadb"
  std::string server;  // "PostgreSQL 15.4", "MariaDB 10.11.4-MariaDB-1"
  std::string database;
  std::string mode; // how changes were contained
  std::vector<std::string> notes;
  std::vector<TracedStatement> statements;
  std::vector<Diagnostic> other_findings; // findings not inside any statement
  TextStore texts;                        // the texts of the findings
  [[nodiscard]] bool any_failed() const;
};

// Throws TraceRefused (not scratch, cannot connect) and InputError-like
// std::runtime_error for internal failures.
[[nodiscard]] TraceReport trace_postgres(const std::string& conninfo, const TraceInput& input);
[[nodiscard]] TraceReport trace_mariadb(const std::string& uri, const TraceInput& input);

// Whether a database name marks a scratch copy: it ends in "_scratch".
[[nodiscard]] bool is_scratch_name(std::string_view database);

void write_trace_text(std::ostream& out, const TraceReport& report);
void write_trace_json(std::ostream& out, const TraceReport& report);

} // namespace rollsafe::trace
