#include "trace/pg_session.h"

#include <libpq-fe.h>
#include <poll.h>

#include <array>

namespace rollsafe::trace {

namespace {

std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.pop_back();
  }
  for (char& c : text) {
    if (c == '\n') {
      c = ' ';
    }
  }
  return text;
}

// Collects every result of a query string and keeps the last (or the first error).
Result collect(PGconn* conn) {
  Result out;
  out.ok = true;
  bool failed = false;
  while (PGresult* res = PQgetResult(conn)) {
    const ExecStatusType status = PQresultStatus(res);
    if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
      if (!failed) {
        out.rows.clear();
        for (int r = 0; r < PQntuples(res); ++r) {
          Row row;
          for (int c = 0; c < PQnfields(res); ++c) {
            if (PQgetisnull(res, r, c) != 0) {
              row.emplace_back(std::nullopt);
            } else {
              row.emplace_back(PQgetvalue(res, r, c));
            }
          }
          out.rows.push_back(std::move(row));
        }
      }
    } else if (!failed) {
      failed = true;
      out.ok = false;
      const char* primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
      out.error = one_line(primary != nullptr ? primary : PQresultErrorMessage(res));
      const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
      out.code = state != nullptr ? state : "";
      out.rows.clear();
    }
    PQclear(res);
  }
  if (!failed && PQstatus(conn) != CONNECTION_OK) {
    out.ok = false;
    out.error = one_line(PQerrorMessage(conn));
  }
  return out;
}

} // namespace

PgSession::PgSession(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    std::string message = conn_ != nullptr ? one_line(PQerrorMessage(conn_)) : "out of memory";
    PQfinish(conn_);
    conn_ = nullptr;
    throw ConnectError("cannot connect to PostgreSQL: " + message);
  }
  pid_ = PQbackendPID(conn_);
  // Notices (e.g. "table does not exist, skipping") are not the tool's output.
  PQsetNoticeProcessor(
      conn_, [](void* /*arg*/, const char* /*message*/) {}, nullptr);
}

PgSession::~PgSession() {
  if (sent_) {
    (void)finish(std::chrono::seconds(5));
  }
  PQfinish(conn_);
}

Result PgSession::exec(const std::string& sql) {
  if (sent_) {
    (void)finish();
  }
  if (PQsendQuery(conn_, sql.c_str()) == 0) {
    Result r;
    r.error = one_line(PQerrorMessage(conn_));
    return r;
  }
  return collect(conn_);
}

void PgSession::send(const std::string& sql) {
  if (sent_) {
    (void)finish();
  }
  sent_ = PQsendQuery(conn_, sql.c_str()) != 0;
}

bool PgSession::busy() {
  if (!sent_) {
    return false;
  }
  (void)PQconsumeInput(conn_);
  return PQisBusy(conn_) != 0;
}

Result PgSession::finish(std::chrono::milliseconds timeout) {
  if (!sent_) {
    Result r;
    r.error = "nothing was sent";
    return r;
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (busy()) {
    if (std::chrono::steady_clock::now() > deadline) {
      if (PGcancel* cancel = PQgetCancel(conn_)) {
        std::array<char, 256> buf{};
        (void)PQcancel(cancel, buf.data(), static_cast<int>(buf.size()));
        PQfreeCancel(cancel);
      }
      break;
    }
    pollfd fd{PQsocket(conn_), POLLIN, 0};
    (void)poll(&fd, 1, 20);
  }
  sent_ = false;
  return collect(conn_);
}

std::string PgSession::database() const {
  return PQdb(conn_);
}

int PgSession::server_version() const {
  return PQserverVersion(conn_);
}

std::string PgSession::version_text() {
  return exec("SHOW server_version").scalar();
}

std::string pg_literal(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    out += c;
    if (c == '\'') {
      out += '\'';
    }
  }
  return out + "'";
}

} // namespace rollsafe::trace
