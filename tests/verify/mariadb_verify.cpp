// Checks a spec's claims on MariaDB. DDL commits implicitly there, so each probe
// gets a fresh database built from the form's setup: the cheapest ALGORITHM and
// the weakest LOCK the server accepts for the migration (appended as clauses;
// a refused clause means the server would need more), then the migration as
// written, with the old code run before and after it.
#include "old_code.h"
#include "trace/mariadb_session.h"
#include "verify.h"

#include <array>
#include <atomic>
#include <chrono>
#include <thread>

namespace rollsafe::verify {

namespace {

using trace::MariadbSession;
using trace::MariadbTarget;
using trace::Result;

std::string database_name(const std::string& prefix, const Spec& spec, size_t index) {
  std::string out = prefix + "_";
  for (const char c : spec.file.stem().string()) {
    out += c == '-' ? '_' : c;
  }
  return out + "_" + std::to_string(index);
}

// `migration` with an ALGORITHM= or LOCK= clause: after a comma in ALTER TABLE,
// after a space in CREATE INDEX.
std::string with_clause(std::string migration, const std::string& clause) {
  while (!migration.empty() &&
         (migration.back() == ';' || migration.back() == '\n' || migration.back() == ' ')) {
    migration.pop_back();
  }
  const bool alter = migration.starts_with("ALTER TABLE");
  return migration + (alter ? ", " : " ") + clause;
}

class MariadbFormRun {
public:
  MariadbFormRun(const Spec& spec, const Form& form, const MariadbServer& server, std::string db)
      : spec_(spec), form_(form), server_(server), db_(std::move(db)) {}

  std::vector<Check> run() {
    try {
      checks();
    } catch (const std::exception& e) {
      add("server", "reachable", e.what(), false);
    }
    try {
      MariadbSession admin(target(""));
      (void)admin.exec("DROP DATABASE IF EXISTS " + db_);
    } catch (const std::exception&) {
      // reported above
    }
    return std::move(out_);
  }

private:
  [[nodiscard]] MariadbTarget target(const std::string& database) const {
    MariadbTarget t;
    t.socket = server_.socket;
    t.user = server_.user;
    t.database = database;
    return t;
  }
  void add(std::string claim, std::string claimed, std::string observed, bool pass) {
    out_.push_back({spec_.rule.empty() ? spec_.concept_name : spec_.rule, "mariadb", form_.name,
                    std::move(claim), std::move(claimed), std::move(observed), pass});
  }

  // A fresh database with the form's setup; "" when that worked, else the error.
  std::string fresh() {
    MariadbSession admin(target(""));
    (void)admin.exec("DROP DATABASE IF EXISTS " + db_);
    if (const Result r = admin.exec("CREATE DATABASE " + db_); !r.ok) {
      return r.error;
    }
    MariadbSession s(target(db_));
    if (form_.setup.empty()) {
      return "";
    }
    const Result r = s.exec(form_.setup);
    return r.ok ? "" : r.error;
  }

  // The first of `candidates` the server accepts for the migration, or "refused".
  std::string first_accepted(const std::string& key, const std::array<std::string, 3>& candidates) {
    for (const std::string& value : candidates) {
      if (const std::string err = fresh(); !err.empty()) {
        return "setup failed: " + err;
      }
      MariadbSession s(target(db_));
      if (s.exec(with_clause(form_.migration, key + "=" + value)).ok) {
        return value;
      }
    }
    return "refused";
  }

  void checks() {
    if (form_.rewrites || form_.check_after ||
        ((form_.lock || form_.blocks_writes || form_.blocks_reads) && form_.hold.empty())) {
      add("claims", "checkable on MariaDB",
          "rewrites and check_after are PostgreSQL claims; lock and blocks_* need a hold", false);
      return;
    }
    const AddCheck adder = [this](std::string claim, std::string claimed, std::string observed,
                                  bool pass) {
      add(std::move(claim), std::move(claimed), std::move(observed), pass);
    };
    if (form_.algorithm) {
      const std::string got = first_accepted("ALGORITHM", {"INSTANT", "INPLACE", "COPY"});
      add("cheapest ALGORITHM accepted", *form_.algorithm, got, got == *form_.algorithm);
    }
    if (form_.lock_clause) {
      const std::string got = first_accepted("LOCK", {"NONE", "SHARED", "EXCLUSIVE"});
      add("weakest LOCK accepted", *form_.lock_clause, got, got == *form_.lock_clause);
    }
    if (const std::string err = fresh(); !err.empty()) {
      add("setup", "succeeds", err, false);
      return;
    }
    MariadbSession a(target(db_));
    const std::optional<OldCodeRun> before = old_code_before(form_, a, adder);
    if (!before) {
      return;
    }
    Result migrated;
    if (form_.hold.empty()) {
      migrated = a.exec(form_.migration);
    } else {
      migrated = migrate_behind_hold(a);
    }
    if (!check_migration(form_, migrated, adder)) {
      return;
    }
    check_old_code(form_, a, *before, adder);
  }

  // Whether `sql` waits (error 1205, lock wait timeout) when run from `s`.
  static std::optional<bool> blocked(MariadbSession& s, const std::string& sql, std::string& note) {
    (void)s.exec("SET SESSION lock_wait_timeout = 1");
    (void)s.exec("START TRANSACTION");
    const Result r = s.exec(sql);
    (void)s.exec("ROLLBACK");
    if (r.ok) {
      return false;
    }
    if (r.code == "1205") {
      return true;
    }
    note = r.error;
    return std::nullopt;
  }

  // Session C holds the form's `hold` in an open transaction; the migration runs
  // in session A (its own thread: the client library blocks) and, while it waits
  // for its metadata lock, session B reads performance_schema.metadata_locks and
  // tries the old code's write and read.
  Result migrate_behind_hold(MariadbSession& a) {
    MariadbSession b(target(db_));
    MariadbSession c(target(db_));
    (void)c.exec("START TRANSACTION");
    if (const Result held = c.exec(form_.hold); !held.ok) {
      add("hold", "succeeds", held.error, false);
    }
    const std::string a_id = std::to_string(a.connection_id());
    Result migrated;
    std::atomic<bool> done{false};
    std::thread runner([&] {
      migrated = a.exec(form_.migration);
      done = true;
    });
    std::string mdl;
    std::optional<bool> writes;
    std::optional<bool> reads;
    std::string note;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string state =
          b.exec("SELECT STATE FROM information_schema.PROCESSLIST WHERE ID = " + a_id).scalar();
      if (state.find("metadata lock") != std::string::npos) {
        mdl = b.exec("SELECT GROUP_CONCAT(DISTINCT m.LOCK_TYPE ORDER BY m.LOCK_TYPE) "
                     "FROM performance_schema.metadata_locks m "
                     "JOIN performance_schema.threads t ON t.THREAD_ID = m.OWNER_THREAD_ID "
                     "WHERE t.PROCESSLIST_ID = " +
                     a_id +
                     " AND m.OBJECT_SCHEMA = DATABASE() "
                     "AND m.OBJECT_NAME = " +
                     trace::mariadb_literal(form_.table) + " AND m.LOCK_STATUS = 'PENDING'")
                  .scalar();
        if (form_.blocks_writes) {
          writes = blocked(b, form_.probe_write, note);
        }
        if (form_.blocks_reads) {
          reads = blocked(b, form_.probe_read, note);
        }
        break;
      }
      if (done) {
        break; // finished (or failed) without waiting
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // keep_hold: the migration must give up by itself (its own lock_wait_timeout).
    while (form_.keep_hold && !done && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    (void)c.exec("ROLLBACK");
    runner.join();
    if (form_.lock) {
      add("metadata lock requested on " + form_.table, *form_.lock, mdl.empty() ? "none" : mdl,
          mdl == *form_.lock);
    }
    const auto claim = [&](const std::string& what, std::optional<bool> claimed,
                           std::optional<bool> observed) {
      if (claimed) {
        add(what, yes_no(*claimed), observed ? yes_no(*observed) : "unobserved " + note,
            observed == claimed);
      }
    };
    claim("blocks old code's writes", form_.blocks_writes, writes);
    claim("blocks old code's reads", form_.blocks_reads, reads);
    return migrated;
  }

  const Spec& spec_;
  const Form& form_;
  const MariadbServer& server_;
  std::string db_;
  std::vector<Check> out_;
};

} // namespace

std::vector<Check> verify_mariadb(const Spec& spec, const MariadbServer& server) {
  std::vector<Check> out;
  for (size_t i = 0; i < spec.forms.size(); ++i) {
    const Form& form = spec.forms[i];
    if (!spec.rule.empty()) {
      for (Check& c : check_lint(spec, form, "mariadb")) {
        out.push_back(std::move(c));
      }
    }
    for (Check& c :
         MariadbFormRun(spec, form, server, database_name(server.database, spec, i)).run()) {
      out.push_back(std::move(c));
    }
  }
  return out;
}

} // namespace rollsafe::verify
