// What a statement run against a real server returned: rows as text, or the
// server's error. Shared by the PostgreSQL and MariaDB sessions.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rollsafe::trace {

using Row = std::vector<std::optional<std::string>>; // nullopt: SQL NULL

struct Result {
  bool ok = false;
  std::string error; // the server's message, one line
  std::string code;  // SQLSTATE on PostgreSQL, the error number on MariaDB
  std::vector<Row> rows;

  // The first column of the first row, or "" when there is none.
  [[nodiscard]] std::string scalar() const;
  // All rows as one text ("a|b\nc|d"), NULL shown as "∅", for comparing results.
  [[nodiscard]] std::string text() const;
};

// Thrown when a server cannot be reached at all (connection refused, bad URI).
class ConnectError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

} // namespace rollsafe::trace
