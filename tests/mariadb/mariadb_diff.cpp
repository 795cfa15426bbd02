// Differential test of the MySQL frontend against a real MariaDB server: for
// every statement of a corpus, our parser (target: the server's MariaDB version)
// must accept it exactly when the server's parser does. The server's verdict is
// its reply to the statement sent on its own: error 1064 (ER_PARSE_ERROR) means
// the syntax was rejected, anything else (success, an unknown table, a duplicate
// key...) means it was accepted.
//
//   mariadb_diff --root DIR --known FILE [--server-env FILE]
//                [--corpus DIR]... [--fixtures DIR]... [--files DIR]...
//
//   --corpus DIR    every *.sql under DIR (real-world migrations; skipped with a
//                   note when DIR does not exist)
//   --fixtures DIR  the *.sql under DIR that are linted as MySQL: named
//                   *.mysql.sql / *.mariadb.sql, or holding a line
//                   `-- rollsafe-test: ... dialect=mysql` (or mariadb)
//   --files DIR     every *.sql under DIR (our own cases; must exist)
//   --known FILE    the expected differences (see tests/mariadb/known-differences.txt)
//   --server-env FILE  the mariadb.env written by tests/support/db-server.sh; the
//                   environment's ROLLSAFE_MARIADB_SOCKET / _USER win over it
//
// Statements come from rollsafe::mysql::split_statements, as the mysql client
// sends them (DELIMITER lines are client commands, never sent). Our verdict on a
// statement comes from parsing the whole file once, as `rollsafe lint` does: the
// statement is rejected when a syntax error falls within it. Each file runs
// on a fresh connection in a freshly created scratch database, so the CREATEs of
// one file do not collide with another's, and session state (SET, USE, LOCK
// TABLES, open transactions) does not leak. Each statement runs under
// max_statement_time and short lock waits, so a heavy backfill cannot stall.
//
// Exit status: 0 when every disagreement is listed in the known-differences file
// and every entry there still is one; 1 otherwise; 2 when the test could not run
// (no server, unreadable file, malformed known-differences entry).
#include "frontend/frontend.h"
#include "frontend/mysql/mysql_split.h"
#include "source/line_index.h"

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr const char* kScratchDb = "rollsafe_diff";

// The harness cannot do its job: exit status 2.
class SetupError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

enum class Source : uint8_t { Corpus, Fixture, Case };

struct InputFile {
  fs::path path;
  std::string shown; // relative to the project root, as listed in known-differences.txt
  Source source = Source::Corpus;
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    throw SetupError("cannot read " + p.string());
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> sql_files_under(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().extension() == ".sql") {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Whether a fixture is linted as MySQL (see the file comment).
bool is_mysql_fixture(const fs::path& p) {
  const std::string name = p.filename().string();
  if (name.ends_with(".mysql.sql") || name.ends_with(".mariadb.sql")) {
    return true;
  }
  static const std::regex option(R"(--\s*rollsafe-test:.*\bdialect\s*=\s*(mysql|mariadb)\b)");
  std::istringstream in(read_file(p));
  std::string line;
  while (std::getline(in, line)) {
    if (std::regex_search(line, option)) {
      return true;
    }
  }
  return false;
}

std::string relative_to(const fs::path& p, const fs::path& root) {
  return fs::weakly_canonical(p).lexically_relative(fs::weakly_canonical(root)).generic_string();
}

// One line, at most `max` bytes: statements and messages in the listing.
std::string one_line(std::string_view s, size_t max = 160) {
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
    if (out.size() >= max) {
      out += "...";
      break;
    }
  }
  return out;
}

// --- Our verdict ---------------------------------------------------------------------

// Every syntax error of a file, in order. The file is parsed whole, as `rollsafe
// lint` parses it: a statement cut out of its DELIMITER block and parsed alone
// would be split again at the `;` inside its BEGIN ... END body.
class AllErrors final : public rollsafe::StatementSink {
public:
  void statement(rollsafe::model::Statement&& /*statement*/) override {}
  void syntax_error(rollsafe::model::Span span, std::string message) override {
    errors.emplace_back(span, std::move(message));
  }
  std::vector<std::pair<rollsafe::model::Span, std::string>> errors;
};

// --- The server's verdict ------------------------------------------------------------

struct ServerSettings {
  std::string socket;
  std::string user = "root";
};

ServerSettings server_settings(const std::optional<fs::path>& env_file) {
  ServerSettings s;
  if (env_file) {
    std::istringstream in(read_file(*env_file));
    std::string line;
    while (std::getline(in, line)) {
      const auto eq = line.find('=');
      if (eq == std::string::npos) {
        continue;
      }
      std::string value = line.substr(eq + 1);
      if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
        value = value.substr(1, value.size() - 2);
      }
      const std::string key = line.substr(0, eq);
      if (key == "ROLLSAFE_MARIADB_SOCKET") {
        s.socket = value;
      } else if (key == "ROLLSAFE_MARIADB_USER") {
        s.user = value;
      }
    }
  }
  if (const char* v = std::getenv("ROLLSAFE_MARIADB_SOCKET"); v != nullptr && *v != '\0') {
    s.socket = v;
  }
  if (const char* v = std::getenv("ROLLSAFE_MARIADB_USER"); v != nullptr && *v != '\0') {
    s.user = v;
  }
  if (s.socket.empty()) {
    throw SetupError("no MariaDB socket: pass --server-env STATE_DIR/mariadb.env (written by "
                     "tests/support/db-server.sh mariadb start) or set ROLLSAFE_MARIADB_SOCKET");
  }
  return s;
}

struct ServerReply {
  unsigned error = 0; // 0: success
  std::string message;
  [[nodiscard]] bool syntax_rejected() const { return error == ER_PARSE_ERROR; }
};

class Server {
public:
  explicit Server(ServerSettings settings) : settings_(std::move(settings)) {}
  ~Server() { close(); }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  Server(Server&&) = delete;
  Server& operator=(Server&&) = delete;

  // A fresh connection in a freshly created, empty scratch database.
  void reset() {
    close();
    connect();
    must("DROP DATABASE IF EXISTS " + std::string(kScratchDb));
    must("CREATE DATABASE " + std::string(kScratchDb) + " CHARACTER SET utf8mb4");
    if (mysql_select_db(conn_, kScratchDb) != 0) {
      throw SetupError(std::string("cannot use the scratch database: ") + mysql_error(conn_));
    }
    // A runaway backfill or a lock wait must not stall the run; a statement cut
    // short by these limits was parsed (error 1969 / 1205 / 1030), so its
    // verdict stands.
    must("SET SESSION max_statement_time = 5, lock_wait_timeout = 5, "
         "innodb_lock_wait_timeout = 5");
  }

  ServerReply run(std::string_view statement) {
    ServerReply r;
    if (mysql_real_query(conn_, statement.data(), statement.size()) != 0) {
      r.error = mysql_errno(conn_);
      r.message = mysql_error(conn_);
      if (r.error == CR_SERVER_GONE_ERROR || r.error == CR_SERVER_LOST) {
        // A lost connection says nothing about the syntax; reconnect for the
        // rest of the file and report it as not a syntax error.
        reset();
      }
      return r;
    }
    // Drain every result (SELECT, CALL), or the connection is out of sync.
    do {
      if (MYSQL_RES* res = mysql_store_result(conn_); res != nullptr) {
        mysql_free_result(res);
      }
    } while (mysql_next_result(conn_) == 0);
    if (mysql_errno(conn_) != 0) {
      r.error = mysql_errno(conn_);
      r.message = mysql_error(conn_);
    }
    return r;
  }

  [[nodiscard]] unsigned long version() const { return mysql_get_server_version(conn_); }
  [[nodiscard]] std::string version_text() const { return mysql_get_server_info(conn_); }

  // Speeds the run up on the throw-away server: no fsync per DDL commit.
  void relax_durability() { mysql_query(conn_, "SET GLOBAL innodb_flush_log_at_trx_commit = 0"); }

private:
  void connect() {
    conn_ = mysql_init(nullptr);
    if (conn_ == nullptr) {
      throw SetupError("mysql_init failed");
    }
    const unsigned timeout = 60;
    mysql_options(conn_, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    mysql_options(conn_, MYSQL_OPT_READ_TIMEOUT, &timeout);
    mysql_options(conn_, MYSQL_OPT_WRITE_TIMEOUT, &timeout);
    mysql_options(conn_, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (mysql_real_connect(conn_, nullptr, settings_.user.c_str(), nullptr, nullptr, 0,
                           settings_.socket.c_str(), CLIENT_MULTI_RESULTS) == nullptr) {
      const std::string why = mysql_error(conn_);
      close();
      throw SetupError("cannot connect to MariaDB on " + settings_.socket + ": " + why);
    }
  }
  void must(const std::string& sql) {
    if (mysql_query(conn_, sql.c_str()) != 0) {
      throw SetupError(sql + ": " + mysql_error(conn_));
    }
  }
  void close() {
    if (conn_ != nullptr) {
      mysql_close(conn_);
      conn_ = nullptr;
    }
  }
  ServerSettings settings_;
  MYSQL* conn_ = nullptr;
};

// --- Expected differences ------------------------------------------------------------

enum class Kind : uint8_t { WeAcceptServerRejects, WeRejectServerAccepts };

std::string_view to_string(Kind k) {
  return k == Kind::WeAcceptServerRejects ? "we-accept-server-rejects" : "we-reject-server-accepts";
}

struct KnownEntry {
  Kind kind = Kind::WeAcceptServerRejects;
  std::string reason;
  int line_in_list = 0;
  bool seen = false;
};

// `path:line kind reason...` per entry; `#` starts a comment line. The reason is
// required: an entry nobody can explain is a bug to fix, not an expectation.
std::map<std::string, KnownEntry> load_known(const fs::path& file) {
  std::map<std::string, KnownEntry> out;
  std::istringstream in(read_file(file));
  std::string line;
  int n = 0;
  static const std::regex entry(
      R"(^\s*(\S+:\d+)\s+(we-accept-server-rejects|we-reject-server-accepts)\s+(\S.*?)\s*$)");
  while (std::getline(in, line)) {
    ++n;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') {
      continue;
    }
    std::smatch m;
    if (!std::regex_match(line, m, entry)) {
      throw SetupError(file.string() + ":" + std::to_string(n) +
                       ": expected `path:line we-accept-server-rejects|we-reject-server-accepts "
                       "reason`");
    }
    KnownEntry e;
    e.kind = m[2].str() == "we-accept-server-rejects" ? Kind::WeAcceptServerRejects
                                                      : Kind::WeRejectServerAccepts;
    e.reason = m[3].str();
    e.line_in_list = n;
    if (!out.emplace(m[1].str(), std::move(e)).second) {
      throw SetupError(file.string() + ":" + std::to_string(n) + ": " + m[1].str() +
                       " is listed twice");
    }
  }
  return out;
}

// --- The run ---------------------------------------------------------------------------

struct Options {
  fs::path root;
  std::optional<fs::path> known;
  std::optional<fs::path> server_env;
  std::vector<std::pair<Source, fs::path>> dirs;
};

Options parse_args(int argc, char** argv) {
  Options o;
  const std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (i + 1 >= args.size()) {
      throw SetupError("missing value after " + a);
    }
    const fs::path value = args[++i];
    if (a == "--root") {
      o.root = value;
    } else if (a == "--known") {
      o.known = value;
    } else if (a == "--server-env") {
      o.server_env = value;
    } else if (a == "--corpus") {
      o.dirs.emplace_back(Source::Corpus, value);
    } else if (a == "--fixtures") {
      o.dirs.emplace_back(Source::Fixture, value);
    } else if (a == "--files") {
      o.dirs.emplace_back(Source::Case, value);
    } else {
      throw SetupError("unknown argument " + a);
    }
  }
  if (o.root.empty() || !o.known) {
    throw SetupError("usage: mariadb_diff --root DIR --known FILE [--server-env FILE] "
                     "[--corpus DIR]... [--fixtures DIR]... [--files DIR]...");
  }
  return o;
}

std::vector<InputFile> collect(const Options& o) {
  std::vector<InputFile> files;
  for (const auto& [source, dir] : o.dirs) {
    if (!fs::is_directory(dir)) {
      if (source == Source::Corpus) {
        std::cout << "note: no corpus at " << dir.string() << ", skipped\n";
        continue;
      }
      throw SetupError("no folder " + dir.string());
    }
    for (const fs::path& p : sql_files_under(dir)) {
      if (source == Source::Fixture && !is_mysql_fixture(p)) {
        continue;
      }
      files.push_back({p, relative_to(p, o.root), source});
    }
  }
  return files;
}

struct Disagreement {
  std::string where;
  Kind kind = Kind::WeAcceptServerRejects;
  std::string statement;
  std::string ours;
  std::string theirs;
  const KnownEntry* known = nullptr;
};

int run(const Options& o) {
  auto known = load_known(*o.known);
  const std::vector<InputFile> files = collect(o);
  std::map<Source, size_t> counts;
  for (const auto& f : files) {
    ++counts[f.source];
  }

  Server server(server_settings(o.server_env));
  server.reset();
  server.relax_durability();
  const auto version = static_cast<int>(server.version());
  const auto frontend = rollsafe::make_mysql_frontend();
  rollsafe::ParseTarget target;
  target.mysql_version = version;
  target.mariadb = true;
  frontend->set_target(target);
  std::cout << "mariadb-diff: server " << server.version_text() << " (" << version
            << "); rollsafe's MySQL frontend with target mariadb " << version << "\n"
            << "files: " << files.size() << " (corpus " << counts[Source::Corpus]
            << ", MySQL fixtures " << counts[Source::Fixture] << ", own cases "
            << counts[Source::Case] << ")\n";

  size_t total = 0;
  size_t agree = 0;
  std::map<Kind, size_t> by_kind;
  std::vector<Disagreement> disagreements;
  for (const InputFile& f : files) {
    const std::string text = read_file(f.path);
    const rollsafe::LineIndex lines(text);
    server.reset();
    AllErrors ours;
    try {
      frontend->parse(text, ours);
    } catch (const std::exception& e) {
      ours.syntax_error({0, 0}, std::string("exception: ") + e.what());
    }
    const std::vector<rollsafe::model::Span> spans = rollsafe::mysql::split_statements(text);
    for (size_t i = 0; i < spans.size(); ++i) {
      const rollsafe::model::Span span = spans[i];
      const std::string statement = text.substr(span.begin, span.end - span.begin);
      ++total;
      // An error belongs to the last statement that starts at or before it (an
      // error "at end of statement" may point at the delimiter after the span).
      const uint32_t next = i + 1 < spans.size() ? spans[i + 1].begin : UINT32_MAX;
      std::optional<std::pair<rollsafe::model::Span, std::string>> error;
      for (const auto& e : ours.errors) {
        if ((e.first.begin >= span.begin || i == 0) && e.first.begin < next) {
          error = e;
          break;
        }
      }
      const bool we_accept = !error;
      const ServerReply reply = server.run(statement);
      const bool server_accepts = !reply.syntax_rejected();
      if (we_accept == server_accepts) {
        ++agree;
        continue;
      }
      Disagreement d;
      d.where = f.shown + ":" + std::to_string(lines.position(span.begin).line);
      d.kind = we_accept ? Kind::WeAcceptServerRejects : Kind::WeRejectServerAccepts;
      d.statement = one_line(statement);
      if (error) {
        const rollsafe::Position at = lines.position(error->first.begin);
        d.ours = "syntax-error at " + std::to_string(at.line) + ":" + std::to_string(at.column) +
                 ": " + one_line(error->second, 300);
      } else {
        d.ours = "accepted";
      }
      d.theirs = reply.error == 0
                     ? std::string("accepted (no error)")
                     : "error " + std::to_string(reply.error) + ": " + one_line(reply.message, 300);
      if (const auto it = known.find(d.where); it != known.end() && it->second.kind == d.kind) {
        it->second.seen = true;
        d.known = &it->second;
      }
      ++by_kind[d.kind];
      disagreements.push_back(std::move(d));
    }
  }

  size_t unexpected = 0;
  for (const Disagreement& d : disagreements) {
    unexpected += d.known == nullptr ? 1 : 0;
    std::cout << d.where << ": " << to_string(d.kind)
              << (d.known != nullptr ? " (known: " + d.known->reason + ")" : " UNEXPECTED")
              << "\n  statement: " << d.statement << "\n  rollsafe:  " << d.ours
              << "\n  mariadb:   " << d.theirs << "\n";
  }
  size_t stale = 0;
  for (const auto& [where, e] : known) {
    if (!e.seen) {
      ++stale;
      std::cout << o.known->filename().string() << ":" << e.line_in_list << ": " << where << " "
                << to_string(e.kind)
                << " is listed as a known difference but is not one (any more): remove it\n";
    }
  }
  const double percent =
      total == 0 ? 100.0 : 100.0 * static_cast<double>(agree) / static_cast<double>(total);
  std::printf("statements: %zu, agree: %zu (%.2f%%), we-accept-server-rejects: %zu, "
              "we-reject-server-accepts: %zu\n"
              "disagreements: %zu known, %zu unexpected; stale known entries: %zu\n",
              total, agree, percent, by_kind[Kind::WeAcceptServerRejects],
              by_kind[Kind::WeRejectServerAccepts], disagreements.size() - unexpected, unexpected,
              stale);
  if (total == 0) {
    std::cout << "FAILED: no statements were compared\n";
    return 1;
  }
  if (unexpected != 0 || stale != 0) {
    std::cout << "FAILED: every disagreement must be fixed or listed, with its reason, in "
              << o.known->string() << "\n";
    return 1;
  }
  std::cout << "PASSED\n";
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_args(argc, argv));
  } catch (const SetupError& e) {
    std::cerr << "mariadb_diff: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "mariadb_diff: " << e.what() << "\n";
    return 2;
  }
}
