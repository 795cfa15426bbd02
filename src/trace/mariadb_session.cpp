#include "trace/mariadb_session.h"

#include <mysql.h>

#include <charconv>

namespace rollsafe::trace {

namespace {

std::string percent_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      unsigned value = 0;
      const auto [ptr, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec == std::errc() && ptr == text.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

} // namespace

MariadbTarget parse_mariadb_uri(const std::string& uri) {
  std::string_view rest = uri;
  bool scheme = false;
  for (const std::string_view prefix : {"mysql://", "mariadb://"}) {
    if (rest.starts_with(prefix)) {
      rest.remove_prefix(prefix.size());
      scheme = true;
      break;
    }
  }
  if (!scheme) {
    throw ConnectError("'" + uri +
                       "' is not a mysql:// URI (mysql://user@host:port/database or "
                       "mysql://user@/database?socket=/path/mysqld.sock)");
  }
  MariadbTarget t;
  if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    rest = rest.substr(0, q);
    while (!query.empty()) {
      const size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
      const size_t eq = pair.find('=');
      const std::string_view key = pair.substr(0, eq);
      const std::string value =
          eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
      if (key == "socket") {
        t.socket = value;
      } else if (key == "user") {
        t.user = value;
      } else if (key == "password") {
        t.password = value;
      } else {
        throw ConnectError("unknown parameter '" + std::string(key) + "' in '" + uri +
                           "' (socket, user and password are understood)");
      }
    }
  }
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash + 1 >= rest.size()) {
    throw ConnectError("'" + uri + "' names no database (mysql://host/database)");
  }
  t.database = percent_decode(rest.substr(slash + 1));
  std::string_view authority = rest.substr(0, slash);
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const size_t colon = userinfo.find(':');
    t.user = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) {
      t.password = percent_decode(userinfo.substr(colon + 1));
    }
  }
  if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    const std::string_view port = authority.substr(colon + 1);
    const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), t.port);
    if (ec != std::errc() || ptr != port.data() + port.size() || t.port > 65535) {
      throw ConnectError("bad port '" + std::string(port) + "' in '" + uri + "'");
    }
    authority = authority.substr(0, colon);
  }
  t.host = percent_decode(authority);
  return t;
}

MariadbSession::MariadbSession(const MariadbTarget& target) : conn_(mysql_init(nullptr)) {
  if (conn_ == nullptr) {
    throw ConnectError("cannot connect to MariaDB: out of memory");
  }
  const auto opt = [](const std::string& s) { return s.empty() ? nullptr : s.c_str(); };
  if (mysql_real_connect(conn_, opt(target.host), opt(target.user), opt(target.password),
                         opt(target.database), target.port, opt(target.socket),
                         CLIENT_MULTI_STATEMENTS) == nullptr) {
    std::string message = mysql_error(conn_);
    mysql_close(conn_);
    conn_ = nullptr;
    throw ConnectError("cannot connect to MariaDB: " + message);
  }
}

MariadbSession::~MariadbSession() {
  mysql_close(conn_);
}

Result MariadbSession::exec(const std::string& sql) {
  Result out;
  const auto failed = [&] {
    out.ok = false;
    out.error = mysql_error(conn_);
    out.code = std::to_string(mysql_errno(conn_));
    return out;
  };
  if (mysql_real_query(conn_, sql.data(), sql.size()) != 0) {
    return failed();
  }
  out.ok = true;
  // Several statements: the result is the last one's; the first error stops them.
  for (;;) {
    if (MYSQL_RES* res = mysql_store_result(conn_)) {
      out.rows.clear();
      const unsigned fields = mysql_num_fields(res);
      while (MYSQL_ROW row = mysql_fetch_row(res)) {
        const unsigned long* lengths = mysql_fetch_lengths(res); // NOLINT(google-runtime-int)
        Row r;
        for (unsigned i = 0; i < fields; ++i) {
          if (row[i] == nullptr) {
            r.emplace_back(std::nullopt);
          } else {
            r.emplace_back(std::string(row[i], lengths[i]));
          }
        }
        out.rows.push_back(std::move(r));
      }
      mysql_free_result(res);
    } else if (mysql_field_count(conn_) != 0) {
      return failed();
    }
    const int next = mysql_next_result(conn_);
    if (next > 0) {
      return failed();
    }
    if (next < 0) {
      return out;
    }
  }
}

unsigned long MariadbSession::connection_id() const { // NOLINT(google-runtime-int)
  return mysql_thread_id(conn_);
}

std::string MariadbSession::server_version() const {
  return mysql_get_server_info(conn_);
}

std::string mariadb_literal(const std::string& text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  return out + "'";
}

} // namespace rollsafe::trace
