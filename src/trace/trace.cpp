#include "trace/trace.h"

#include "engine/linter.h"
#include "frontend/frontend.h"
#include "frontend/mysql/mysql_split.h"
#include "model/catalog.h"
#include "source/line_index.h"
#include "trace/mariadb_session.h"
#include "trace/pg_session.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <iomanip>
#include <map>
#include <optional>
#include <utility>

namespace rollsafe::trace {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string upper_word(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (std::isalpha(static_cast<unsigned char>(c)) == 0) {
      break;
    }
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

// Transaction control would end the transaction trace contains the file in.
bool is_transaction_control(std::string_view sql) {
  static constexpr std::array<std::string_view, 9> kWords{
      "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "PREPARE"};
  const std::string word = upper_word(sql);
  return std::find(kWords.begin(), kWords.end(), word) != kWords.end();
}

// The statements of `text`, as the frontend splits them. Syntax errors become
// statements that are not traced.
class SpanSink final : public StatementSink {
public:
  void statement(model::Statement&& s) override { spans.emplace_back(s.span, ""); }
  void syntax_error(model::Span span, std::string message) override {
    spans.emplace_back(span, std::move(message));
  }
  std::vector<std::pair<model::Span, std::string>> spans;
};

std::string display_sql(std::string_view sql) {
  std::string out;
  bool space = false;
  for (const char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  constexpr size_t kMax = 100;
  if (out.size() > kMax) {
    out = out.substr(0, kMax - 3) + "...";
  }
  return out;
}

// Builds the statements of the report and attaches the static lint's findings.
void prepare(TraceReport& report, const TraceInput& input,
             const std::vector<std::pair<model::Span, std::string>>& spans,
             const std::vector<Diagnostic>& findings) {
  const LineIndex index(input.text);
  for (const auto& [span, error] : spans) {
    TracedStatement s;
    s.span = span;
    s.start = index.position(span.begin);
    s.sql = display_sql(std::string_view(input.text).substr(span.begin, span.end - span.begin));
    if (!error.empty()) {
      s.status = StatementStatus::NotTraced;
      s.detail = "syntax error: " + error;
    }
    report.statements.push_back(std::move(s));
  }
  for (const Diagnostic& d : findings) {
    auto it = std::find_if(report.statements.begin(), report.statements.end(),
                           [&](const TracedStatement& s) {
                             return d.span.begin >= s.span.begin && d.span.begin < s.span.end;
                           });
    // The lint's report ends with the trace; the findings' texts stay.
    (it == report.statements.end() ? report.other_findings : it->findings)
        .push_back(FileReport::copy_into(report.texts, d));
  }
}

std::string statement_text(const TraceInput& input, const TracedStatement& s) {
  return input.text.substr(s.span.begin, s.span.end - s.span.begin);
}

// The next whitespace-separated word of `text` from `pos` (moved past it).
std::string_view next_word(std::string_view text, size_t& pos) {
  const size_t start = text.find_first_not_of(" \t\r\n", pos);
  if (start == std::string_view::npos) {
    pos = text.size();
    return {};
  }
  const size_t end = std::min(text.find_first_of(" \t\r\n", start), text.size());
  pos = end;
  return text.substr(start, end - start);
}

// "ALTER TABLE name actions": the name and the actions. nullopt for any other
// statement, and for a rename of the table itself (probing it would rename the
// copy to the new name and make the real statement fail).
std::optional<std::pair<std::string, std::string>> alter_table_parts(std::string_view body) {
  size_t pos = 0;
  if (upper_word(next_word(body, pos)) != "ALTER" || upper_word(next_word(body, pos)) != "TABLE") {
    return std::nullopt;
  }
  const std::string table(next_word(body, pos));
  const std::string actions(body.substr(pos));
  for (size_t at = pos; at < body.size();) {
    if (upper_word(next_word(body, at)) == "RENAME") {
      const std::string what = upper_word(next_word(body, at));
      if (what != "COLUMN" && what != "INDEX" && what != "KEY") {
        return std::nullopt;
      }
    }
  }
  if (table.empty() || actions.find_first_not_of(" \t\r\n") == std::string::npos) {
    return std::nullopt;
  }
  return std::make_pair(table, actions);
}

// Probes an ALTER TABLE on an empty copy of its table (CREATE TABLE ... LIKE):
// the cheapest ALGORITHM and the weakest LOCK the server accepts. A refused
// clause leaves the copy unchanged, so each value is tried on a fresh copy.
void probe_alter(MariadbSession& s, std::string_view body, TracedStatement& st) {
  const auto parts = alter_table_parts(body);
  if (!parts) {
    return;
  }
  const std::string& table = parts->first; // (clang: no structured bindings in lambdas)
  const std::string& actions = parts->second;
  const std::string probe = "`rollsafe_trace_probe`";
  const auto first_accepted = [&](const std::string& key,
                                  const std::array<std::string, 3>& values) -> std::string {
    for (const std::string& v : values) {
      (void)s.exec("DROP TABLE IF EXISTS " + probe);
      if (!s.exec("CREATE TABLE " + probe + " LIKE " + table).ok) {
        return ""; // no such table (yet): nothing to probe
      }
      if (s.exec("ALTER TABLE " + probe + actions + ", " + key + "=" + v).ok) {
        return v;
      }
    }
    return "refused";
  };
  st.algorithm = first_accepted("ALGORITHM", {"INSTANT", "INPLACE", "COPY"});
  st.lock_clause =
      st.algorithm.empty() ? "" : first_accepted("LOCK", {"NONE", "SHARED", "EXCLUSIVE"});
  (void)s.exec("DROP TABLE IF EXISTS " + probe);
}

} // namespace

std::string_view to_string(StatementStatus s) {
  switch (s) {
  case StatementStatus::Ran:
    return "ran";
  case StatementStatus::Failed:
    return "failed";
  case StatementStatus::NotTraced:
    return "not traced";
  }
  return "ran";
}

bool TraceReport::any_failed() const {
  return std::any_of(statements.begin(), statements.end(),
                     [](const TracedStatement& s) { return s.status == StatementStatus::Failed; });
}

bool is_scratch_name(std::string_view database) {
  return database.size() > std::string_view("_scratch").size() && database.ends_with("_scratch");
}

TraceReport trace_postgres(const std::string& conninfo, const TraceInput& input) {
  std::unique_ptr<PgSession> session;
  try {
    session = std::make_unique<PgSession>(conninfo);
  } catch (const ConnectError& e) {
    throw TraceRefused(e.what());
  }
  PgSession& s = *session;
  TraceReport report;
  report.path = input.path;
  report.dialect = "postgres";
  report.database = s.database();
  if (!input.scratch_confirmed && !is_scratch_name(report.database)) {
    throw TraceRefused("refusing to trace against database '" + report.database +
                       "': its name does not end in _scratch (pass --i-know-this-is-scratch if "
                       "it is a scratch copy)");
  }
  report.server = "PostgreSQL " + s.version_text();
  report.mode = "the whole file ran in one transaction that was rolled back: nothing was changed";

  SpanSink sink;
  make_postgres_frontend()->parse(input.text, sink);
  // The static findings for the server traced against: its dialect and version.
  FileSettings settings = input.settings;
  settings.options.dialect = Dialect::Postgres;
  settings.options.pg_version = s.server_version() / 10000;
  Linter linter(Dialect::Postgres);
  model::Catalog catalog;
  const FileReport lint = linter.lint(input.path, input.text, catalog, settings);
  prepare(report, input, sink.spans, lint.diagnostics);

  if (const Result begun = s.exec("BEGIN"); !begun.ok) {
    throw TraceRefused("cannot start a transaction: " + begun.error);
  }
  for (TracedStatement& st : report.statements) {
    if (st.status == StatementStatus::NotTraced) {
      continue;
    }
    const std::string sql = statement_text(input, st);
    if (is_transaction_control(sql)) {
      st.status = StatementStatus::NotTraced;
      st.detail = "transaction control: trace runs the whole file in one transaction and rolls "
                  "it back";
      continue;
    }
    (void)s.exec("SAVEPOINT rollsafe_trace");
    const auto relations = pg_relations(s);
    const auto held = pg_locks_of(s, s.backend_pid());
    const auto start = Clock::now();
    const Result r = s.exec(sql);
    st.ms = ms_since(start);
    if (!r.ok) {
      (void)s.exec("ROLLBACK TO SAVEPOINT rollsafe_trace");
      if (r.code == "25001") { // active_sql_transaction: refused inside a transaction block
        st.status = StatementStatus::NotTraced;
        st.detail = r.error + "; trace never runs a statement outside its rolled-back transaction";
      } else {
        st.status = StatementStatus::Failed;
        st.detail = r.error + (r.code.empty() ? "" : " (SQLSTATE " + r.code + ")");
      }
      st.ms = 0;
      continue;
    }
    // The locks this statement added, the strongest per relation (pg_locks_of
    // lists the strongest first); a relation it dropped is named from before.
    for (PgLock& lock : pg_locks_of(s, s.backend_pid())) {
      const bool earlier = std::any_of(held.begin(), held.end(), [&](const PgLock& l) {
        return l.oid == lock.oid && l.granted &&
               pg_lock_strength(l.mode) >= pg_lock_strength(lock.mode);
      });
      const bool listed = std::any_of(st.locks.begin(), st.locks.end(),
                                      [&](const PgLock& l) { return l.oid == lock.oid; });
      if (earlier || listed) {
        continue;
      }
      if (const auto it = relations.find(lock.oid);
          lock.relation.empty() && it != relations.end()) {
        lock.relation = it->second.name;
        lock.kind = it->second.kind;
      }
      if (!lock.relation.empty()) {
        st.locks.push_back(std::move(lock));
      }
    }
    st.rewritten = pg_rewritten(relations, pg_relations(s));
    (void)s.exec("RELEASE SAVEPOINT rollsafe_trace");
  }
  if (const Result rolled = s.exec("ROLLBACK"); !rolled.ok) {
    throw std::runtime_error("could not roll back the traced transaction: " + rolled.error);
  }
  return report;
}

TraceReport trace_mariadb(const std::string& uri, const TraceInput& input) {
  MariadbTarget target;
  try {
    target = parse_mariadb_uri(uri);
  } catch (const ConnectError& e) {
    throw TraceRefused(e.what());
  }
  if (!input.scratch_confirmed && !is_scratch_name(target.database)) {
    throw TraceRefused("refusing to trace against database '" + target.database +
                       "': its name does not end in _scratch (pass --i-know-this-is-scratch if "
                       "it is a scratch copy); on MariaDB every DDL statement commits, so trace "
                       "changes the database for real");
  }
  std::unique_ptr<MariadbSession> session;
  try {
    session = std::make_unique<MariadbSession>(target);
  } catch (const ConnectError& e) {
    throw TraceRefused(e.what());
  }
  MariadbSession& s = *session;
  TraceReport report;
  report.path = input.path;
  report.dialect = "mariadb";
  report.database = target.database;
  report.server = "MariaDB " + s.server_version();
  report.mode = "MariaDB commits every DDL statement: the statements ran for real and their "
                "changes stay in " +
                target.database;
  report.notes.emplace_back(
      "ALGORITHM and LOCK were probed on an empty copy of each altered table (CREATE TABLE ... "
      "LIKE): the cheapest ALGORITHM and the weakest LOCK the server accepted");
  // Statements as the mysql client splits them (DELIMITER understood); the
  // static findings from the MySQL frontend, for this server's flavour and version.
  std::vector<std::pair<model::Span, std::string>> spans;
  for (const model::Span& span : mysql::split_statements(input.text)) {
    spans.emplace_back(span, "");
  }
  FileSettings settings = input.settings;
  settings.options.dialect = Dialect::MySQL;
  settings.options.mariadb = report.server.find("MariaDB") != std::string::npos;
  const std::string version_text = s.server_version(); // "10.11.4-MariaDB-1"
  if (const auto version = parse_server_version(version_text.substr(0, version_text.find('-')))) {
    settings.options.mysql_version = *version;
  }
  Linter linter(Dialect::MySQL);
  model::Catalog catalog;
  const FileReport lint = linter.lint(input.path, input.text, catalog, settings);
  prepare(report, input, spans, lint.diagnostics);

  for (TracedStatement& st : report.statements) {
    const std::string sql = statement_text(input, st);
    if (st.status == StatementStatus::NotTraced) {
      continue;
    }
    std::string body = sql;
    while (!body.empty() &&
           (body.back() == ';' || std::isspace(static_cast<unsigned char>(body.back())) != 0)) {
      body.pop_back();
    }
    probe_alter(s, body, st);
    const auto start = Clock::now();
    const Result r = s.exec(sql);
    st.ms = ms_since(start);
    if (!r.ok) {
      st.status = StatementStatus::Failed;
      st.detail = r.error + " (error " + r.code + ")";
      st.ms = 0;
    }
  }
  return report;
}

void write_trace_text(std::ostream& out, const TraceReport& report) {
  out << "rollsafe trace: " << report.path << " on " << report.server << ", database "
      << report.database << '\n'
      << "  " << report.mode << '\n';
  for (const std::string& note : report.notes) {
    out << "  note: " << note << '\n';
  }
  size_t ran = 0;
  size_t failed = 0;
  size_t skipped = 0;
  size_t findings = report.other_findings.size();
  const auto finding = [&](const Diagnostic& d) {
    out << "  rollsafe:  " << to_string(d.severity) << '[' << d.rule << "] " << d.message << '\n';
  };
  for (const TracedStatement& s : report.statements) {
    out << '\n'
        << report.path << ':' << s.start.line << ':' << s.start.column << "  " << s.sql << '\n';
    switch (s.status) {
    case StatementStatus::Ran:
      ++ran;
      out << "  ran in " << std::fixed << std::setprecision(1) << s.ms << " ms\n";
      break;
    case StatementStatus::Failed:
      ++failed;
      out << "  failed: " << s.detail << '\n';
      break;
    case StatementStatus::NotTraced:
      ++skipped;
      out << "  not traced: " << s.detail << '\n';
      break;
    }
    if (s.status == StatementStatus::Ran && report.dialect == "postgres") {
      std::string locks;
      for (const PgLock& l : s.locks) {
        locks += (locks.empty() ? "" : ", ") + l.mode + " on " + l.relation + " (" + l.kind + ")" +
                 (l.granted ? "" : " waiting");
      }
      out << "  locks:     " << (locks.empty() ? "none beyond those already held" : locks) << '\n';
      std::string rewritten;
      for (const std::string& r : s.rewritten) {
        rewritten += (rewritten.empty() ? "" : ", ") + r;
      }
      out << "  rewrote:   " << (rewritten.empty() ? "nothing" : rewritten) << '\n';
    }
    if (!s.algorithm.empty()) {
      out << "  algorithm: " << s.algorithm << " (cheapest accepted), LOCK=" << s.lock_clause
          << " (weakest accepted)\n";
    }
    for (const Diagnostic& d : s.findings) {
      finding(d);
      ++findings;
    }
    if (s.findings.empty()) {
      out << "  rollsafe:  no finding\n";
    }
  }
  for (const Diagnostic& d : report.other_findings) {
    out << '\n' << report.path << ':' << d.start.line << ':' << d.start.column << '\n';
    finding(d);
  }
  out << '\n'
      << report.statements.size() << " statements: " << ran << " ran, " << failed << " failed, "
      << skipped << " not traced; " << findings << (findings == 1 ? " finding" : " findings")
      << '\n';
}

void write_trace_json(std::ostream& out, const TraceReport& report) {
  using nlohmann::ordered_json;
  const auto diag = [](const Diagnostic& d) {
    return ordered_json{{"rule", d.rule},       {"severity", to_string(d.severity)},
                        {"line", d.start.line}, {"column", d.start.column},
                        {"message", d.message}, {"help", d.help}};
  };
  ordered_json statements = ordered_json::array();
  for (const TracedStatement& s : report.statements) {
    ordered_json locks = ordered_json::array();
    for (const PgLock& l : s.locks) {
      locks.push_back(
          {{"relation", l.relation}, {"kind", l.kind}, {"mode", l.mode}, {"granted", l.granted}});
    }
    ordered_json findings = ordered_json::array();
    for (const Diagnostic& d : s.findings) {
      findings.push_back(diag(d));
    }
    ordered_json st{{"line", s.start.line},
                    {"column", s.start.column},
                    {"sql", s.sql},
                    {"status", to_string(s.status)}};
    if (!s.detail.empty()) {
      st["detail"] = s.detail;
    }
    st["duration_ms"] = s.ms;
    if (report.dialect == "postgres") {
      st["locks"] = locks;
      st["rewritten"] = s.rewritten;
    }
    if (!s.algorithm.empty()) {
      st["algorithm"] = s.algorithm;
      st["lock_clause"] = s.lock_clause;
    }
    st["findings"] = findings;
    statements.push_back(std::move(st));
  }
  ordered_json other = ordered_json::array();
  for (const Diagnostic& d : report.other_findings) {
    other.push_back(diag(d));
  }
  const ordered_json doc{{"file", report.path},      {"dialect", report.dialect},
                         {"server", report.server},  {"database", report.database},
                         {"mode", report.mode},      {"notes", report.notes},
                         {"statements", statements}, {"other_findings", other}};
  out << doc.dump(2) << '\n';
}

} // namespace rollsafe::trace
