// A frontend turns one dialect's SQL text into model statements. Everything a
// parser library defines stays behind this interface.
#pragma once

#include "model/model.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe {

struct Comment {
  model::Span span;
  std::string_view text; // the whole comment, markers included
  bool leading = false;  // no statement token comes before it
};

// The server the SQL is written for, where parsing depends on it: MySQL runs the
// text of /*!NNNNN ... */ comments only on servers of at least that version, and
// MariaDB also /*M!NNNNN ... */. PostgreSQL parsing does not depend on it.
struct ParseTarget {
  int mysql_version = 80000; // major * 10000 + minor * 100 + patch
  bool mariadb = false;
};

class StatementSink {
public:
  StatementSink() = default;
  virtual ~StatementSink() = default;
  StatementSink(const StatementSink&) = delete;
  StatementSink& operator=(const StatementSink&) = delete;
  StatementSink(StatementSink&&) = delete;
  StatementSink& operator=(StatementSink&&) = delete;
  virtual void statement(model::Statement&& statement) = 0;
  // A statement the parser rejected; `span` is where it failed.
  virtual void syntax_error(model::Span span, std::string message) = 0;
};

class Frontend {
public:
  Frontend() = default;
  virtual ~Frontend() = default;
  Frontend(const Frontend&) = delete;
  Frontend& operator=(const Frontend&) = delete;
  Frontend(Frontend&&) = delete;
  Frontend& operator=(Frontend&&) = delete;

  // Sets the server the next files are written for (kept until changed).
  virtual void set_target(const ParseTarget& /*target*/) {}
  // The comments of `text`, in order. `text` must be followed by a NUL byte.
  virtual std::vector<Comment> comments(const std::string& text) = 0;
  // Parses `text` statement by statement, handing each lowered statement (or
  // syntax error) to `sink` in source order.
  virtual void parse(const std::string& text, StatementSink& sink) = 0;
};

// One per thread: parsers keep per-thread state.
std::unique_ptr<Frontend> make_postgres_frontend();
std::unique_ptr<Frontend> make_mysql_frontend();
// The version of the ANTLR runtime the MySQL parser runs on (for --version).
std::string mysql_parser_runtime_version();

} // namespace rollsafe
