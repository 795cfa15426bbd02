// rollsafe-verify: runs the verification specs of one dialect against a real
// server and prints one row per checked claim; exit 1 when any claim does not
// hold. scripts/verify.sh turns its --markdown output into docs/verified.md.
//
//   rollsafe-verify --dialect postgres|mariadb --specs DIR [--env FILE] [--markdown FILE]
//                   [--database NAME]   (default rollsafe_verify; on MariaDB a prefix)
//   rollsafe-verify --coverage --specs DIR
//   rollsafe-verify ... --expect-failures   (self-test: exit 0 only if every claim fails)
//
// FILE is the .env file tests/support/db-server.sh start writes; without it the
// same variables are read from the environment (db-server.sh ... run -- exports them).
#include "engine/registry.h"
#include "trace/mariadb_session.h"
#include "trace/pg_session.h"
#include "verify.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

namespace rv = rollsafe::verify;

namespace {

bool names_a_server_fact(const rollsafe::RuleInfo& info) {
  const std::string text = std::string(info.summary) + " " + std::string(info.rationale);
  return text.find("EXCLUSIVE") != std::string::npos ||
         text.find("SHARE lock") != std::string::npos || text.find("rewrit") != std::string::npos ||
         text.find("old code") != std::string::npos;
}

// Every PostgreSQL rule that names a lock, a rewrite or an old-code failure has a
// spec with an unsafe and a safe form, or an exemption saying why not.
int coverage(const std::filesystem::path& dir) {
  const auto specs = rv::load_specs(dir);
  const auto exempt = rv::load_exemptions(dir);
  int problems = 0;
  const auto problem = [&](const std::string& text) {
    std::cout << "coverage: " << text << '\n';
    ++problems;
  };
  for (const auto& [id, why] : exempt) {
    if (rollsafe::Registry::instance().find(id) == nullptr) {
      problem("exempt.toml names unknown rule '" + id + "'");
    }
    if (why.empty()) {
      problem("exempt.toml gives no reason for '" + id + "'");
    }
  }
  size_t covered = 0;
  for (const rollsafe::Rule* rule : rollsafe::Registry::instance().rules()) {
    const auto& info = rule->info();
    if (!info.dialects.contains(rollsafe::Dialect::Postgres)) {
      continue;
    }
    const std::string id(info.id);
    const auto spec =
        std::find_if(specs.begin(), specs.end(), [&](const rv::Spec& s) { return s.rule == id; });
    if (exempt.contains(id)) {
      if (spec != specs.end()) {
        problem(id + " has a spec and an exemption; remove the exemption");
      }
      continue;
    }
    if (spec == specs.end()) {
      if (names_a_server_fact(info)) {
        problem(id + " names a lock, a rewrite or an old-code failure but has no spec " +
                (dir / (id + ".toml")).string());
      }
      continue;
    }
    const bool unsafe = std::any_of(spec->forms.begin(), spec->forms.end(),
                                    [](const rv::Form& f) { return f.unsafe; });
    const bool safe = std::any_of(spec->forms.begin(), spec->forms.end(),
                                  [](const rv::Form& f) { return !f.unsafe; });
    if (!unsafe || !safe) {
      problem(id + " needs at least one unsafe and one safe form");
    }
    ++covered;
  }
  for (const rv::Spec& s : specs) {
    if (rollsafe::Registry::instance().find(s.rule) == nullptr) {
      problem(s.file.string() + " is for unknown rule '" + s.rule + "'");
    }
  }
  std::cout << "coverage: " << covered << " rules with specs, " << exempt.size() << " exempt, "
            << problems << " problems\n";
  return problems == 0 ? 0 : 1;
}

std::string cell(std::string text) {
  for (char& c : text) {
    if (c == '\n') {
      c = ' ';
    }
  }
  std::string out;
  for (const char c : text) {
    out += c == '|' ? std::string("\\|") : std::string(1, c);
  }
  return out;
}

void print(const std::vector<rv::Check>& checks) {
  for (const rv::Check& c : checks) {
    std::cout << (c.pass ? "pass " : "FAIL ") << std::left << std::setw(30) << c.rule << ' '
              << c.form << " | " << c.claim << " | claimed " << c.claimed << " | observed "
              << c.observed << '\n';
  }
}

void markdown(std::ostream& out, const std::string& server, const std::vector<rv::Check>& checks) {
  out << "## " << server << "\n\n"
      << "| rule | form | claim | claimed | observed | result |\n"
      << "|---|---|---|---|---|---|\n";
  for (const rv::Check& c : checks) {
    out << "| " << cell(c.rule) << " | " << cell(c.form) << " | " << cell(c.claim) << " | "
        << cell(c.claimed) << " | " << cell(c.observed) << " | " << (c.pass ? "pass" : "**FAIL**")
        << " |\n";
  }
  out << '\n';
}

int run(int argc, char** argv) {
  std::string dialect;
  std::string specs;
  std::string env;
  std::string md;
  std::string database = "rollsafe_verify"; // PostgreSQL: the database; MariaDB: the prefix
  bool check_coverage = false;
  bool expect_failures = false; // the self-test: every claim must be found false
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        throw std::runtime_error(arg + " needs a value");
      }
      return argv[++i];
    };
    if (arg == "--dialect") {
      dialect = value();
    } else if (arg == "--specs") {
      specs = value();
    } else if (arg == "--env") {
      env = value();
    } else if (arg == "--database") {
      database = value();
    } else if (arg == "--markdown") {
      md = value();
    } else if (arg == "--expect-failures") {
      expect_failures = true;
    } else if (arg == "--coverage") {
      check_coverage = true;
    } else {
      throw std::runtime_error("unknown argument " + arg);
    }
  }
  if (specs.empty()) {
    throw std::runtime_error("--specs DIR is required");
  }
  if (check_coverage) {
    return coverage(specs);
  }
  // --env FILE, or the variables `db-server.sh ... run --` exports.
  std::map<std::string, std::string> vars;
  if (!env.empty()) {
    vars = rv::read_env_file(env);
  } else {
    for (const char* key : {"ROLLSAFE_PG_HOST", "ROLLSAFE_PG_USER", "ROLLSAFE_MARIADB_SOCKET",
                            "ROLLSAFE_MARIADB_USER"}) {
      if (const char* value = std::getenv(key)) {
        vars[key] = value;
      }
    }
  }
  const auto all = rv::load_specs(specs);
  std::vector<rv::Check> checks;
  std::string server;
  if (dialect == "postgres") {
    const std::string host = vars.at("ROLLSAFE_PG_HOST");
    const std::string base = "host=" + host + " user=" + vars.at("ROLLSAFE_PG_USER");
    {
      rollsafe::trace::PgSession admin(base + " dbname=postgres");
      (void)admin.exec("CREATE DATABASE " + database); // kept from an earlier run: fine
      server = "PostgreSQL " + admin.version_text();
    }
    for (const rv::Spec& s : all) {
      for (rv::Check& c : rv::verify_postgres(s, base + " dbname=" + database)) {
        checks.push_back(std::move(c));
      }
    }
  } else if (dialect == "mariadb") {
    const rv::MariadbServer target{vars.at("ROLLSAFE_MARIADB_SOCKET"),
                                   vars.at("ROLLSAFE_MARIADB_USER"), database};
    {
      rollsafe::trace::MariadbTarget t;
      t.socket = target.socket;
      t.user = target.user;
      rollsafe::trace::MariadbSession admin(t);
      server = "MariaDB " + admin.server_version();
      // The suite's own throw-away server: record metadata locks so the locks a
      // waiting migration requests can be read (off by default in MariaDB).
      (void)admin.exec("UPDATE performance_schema.setup_instruments SET ENABLED = 'YES', "
                       "TIMED = 'YES' WHERE NAME = 'wait/lock/metadata/sql/mdl'");
    }
    for (const rv::Spec& s : all) {
      for (rv::Check& c : rv::verify_mariadb(s, target)) {
        checks.push_back(std::move(c));
      }
    }
  } else {
    throw std::runtime_error("--dialect must be postgres or mariadb");
  }
  print(checks);
  const auto failed =
      std::count_if(checks.begin(), checks.end(), [](const rv::Check& c) { return !c.pass; });
  std::cout << server << ": " << checks.size() << " claims checked, " << failed << " do not hold\n";
  if (!md.empty()) {
    std::ofstream out(md, std::ios::binary | std::ios::trunc);
    markdown(out, server, checks);
    if (!out) {
      throw std::runtime_error("cannot write " + md);
    }
  }
  if (expect_failures) {
    // Lint checks of a wrong spec fail too; a claim that passes is a verifier bug.
    std::cout << "self-test: " << checks.size() - static_cast<size_t>(failed)
              << " false claims were not detected\n";
    return failed == static_cast<std::ptrdiff_t>(checks.size()) && !checks.empty() ? 0 : 1;
  }
  return failed == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "rollsafe-verify: " << e.what() << '\n';
    return 2;
  }
}
