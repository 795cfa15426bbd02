// Settings that shape one lint run, whether they came from the command line or,
// later, from configuration.
#pragma once

#include "diagnostics/diagnostic.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rollsafe {

enum class Dialect : uint8_t { Postgres, MySQL };
[[nodiscard]] std::string_view to_string(Dialect d);

// A MySQL/MariaDB server version as its executable comments number it:
// major * 10000 + minor * 100 + patch (8.0.13 -> 80013, 10.11 -> 101100).
inline constexpr int kDefaultMySqlVersion = 80000;    // MySQL 8.0
inline constexpr int kDefaultMariaDbVersion = 101100; // MariaDB 10.11
// "8", "8.0", "8.0.13", "10.11" -> the number above; nullopt when malformed or
// not a MySQL (5.5 to 9.x) or MariaDB (10.x to 11.x) version.
[[nodiscard]] std::optional<int> parse_server_version(std::string_view text);
// 80013 -> "8.0.13", 101100 -> "10.11".
[[nodiscard]] std::string format_server_version(int version);

struct LintOptions {
  Dialect dialect = Dialect::Postgres;
  std::optional<Phase> phase; // --phase: overrides detection
  int pg_version = 15;        // --pg-version
  bool assume_in_transaction = false;
  bool mariadb = false;                     // --dialect mariadb: MariaDB semantics
  int mysql_version = kDefaultMySqlVersion; // --mysql-version
};

} // namespace rollsafe
