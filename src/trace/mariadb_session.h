// One connection to a MariaDB (or MySQL) server through the MariaDB client
// library. Every statement runs synchronously; DDL commits implicitly.
#pragma once

#include "trace/result.h"

#include <string>

struct st_mysql;

namespace rollsafe::trace {

// Where a MariaDB server is: parsed from
// mysql://[user[:password]@][host][:port]/database[?socket=/path/to/mysqld.sock]
// (mariadb:// is accepted too).
struct MariadbTarget {
  std::string host;
  unsigned port = 0;
  std::string socket;
  std::string user;
  std::string password;
  std::string database;
};
// Throws ConnectError naming what is wrong with `uri`.
[[nodiscard]] MariadbTarget parse_mariadb_uri(const std::string& uri);

class MariadbSession {
public:
  // Throws ConnectError with the client library's message when the connection fails.
  explicit MariadbSession(const MariadbTarget& target);
  ~MariadbSession();
  MariadbSession(const MariadbSession&) = delete;
  MariadbSession& operator=(const MariadbSession&) = delete;
  MariadbSession(MariadbSession&&) = delete;
  MariadbSession& operator=(MariadbSession&&) = delete;

  // Runs one statement and returns its rows (or the server's error).
  Result exec(const std::string& sql);
  [[nodiscard]] unsigned long connection_id() const; // NOLINT(google-runtime-int): the C API's type
  [[nodiscard]] std::string server_version() const;

private:
  st_mysql* conn_ = nullptr;
};

// `text` quoted as a MariaDB string literal.
[[nodiscard]] std::string mariadb_literal(const std::string& text);

} // namespace rollsafe::trace
