// One connection to a PostgreSQL server through libpq. Statements run
// synchronously (exec) or in the background (send, then finish), so a second
// session can look at the locks the first one holds while it waits.
#pragma once

#include "trace/result.h"

#include <chrono>
#include <memory>
#include <string>

struct pg_conn;

namespace rollsafe::trace {

class PgSession {
public:
  // Throws ConnectError with libpq's message when the connection fails.
  explicit PgSession(const std::string& conninfo);
  ~PgSession();
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;
  PgSession(PgSession&&) = delete;
  PgSession& operator=(PgSession&&) = delete;

  // Runs `sql` (one or more statements; the result is the last one's).
  Result exec(const std::string& sql);
  // Starts `sql` without waiting; `finish` waits for it (at most `timeout`, then
  // cancels it) and returns its result.
  void send(const std::string& sql);
  [[nodiscard]] bool busy();
  Result finish(std::chrono::milliseconds timeout = std::chrono::seconds(30));

  [[nodiscard]] int backend_pid() const { return pid_; }
  [[nodiscard]] std::string database() const;
  [[nodiscard]] int server_version() const; // 150004 for 15.4
  // The server's version as it reports it ("15.4 (Debian 15.4-1)").
  [[nodiscard]] std::string version_text();

private:
  pg_conn* conn_ = nullptr;
  int pid_ = 0;
  bool sent_ = false;
};

// `text` quoted as a SQL string literal.
[[nodiscard]] std::string pg_literal(const std::string& text);

} // namespace rollsafe::trace
