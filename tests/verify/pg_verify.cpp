// Checks a spec's claims on PostgreSQL with two sessions (three when a form holds
// a lock meanwhile): session A runs the migration inside an open transaction,
// session B reads pg_locks and tries the old code's reads and writes under a
// short lock_timeout.
#include "old_code.h"
#include "trace/pg_probe.h"
#include "trace/pg_session.h"
#include "verify.h"

#include <chrono>
#include <thread>

namespace rollsafe::verify {

namespace {

using trace::PgSession;
using trace::Result;

constexpr std::string_view kLockNotAvailable = "55P03";

// Whether `sql` waits on a lock when run from `s` with a short lock_timeout.
std::optional<bool> blocked(PgSession& s, const std::string& sql, std::string& note) {
  (void)s.exec("BEGIN");
  (void)s.exec("SET LOCAL lock_timeout = '300ms'");
  const Result r = s.exec(sql);
  (void)s.exec("ROLLBACK");
  if (r.ok) {
    return false;
  }
  if (r.code == kLockNotAvailable) {
    return true;
  }
  note = r.error;
  return std::nullopt;
}

class FormRun {
public:
  FormRun(const Spec& spec, const Form& form, const std::string& conninfo, std::string schema)
      : spec_(spec), form_(form), conninfo_(conninfo), schema_(std::move(schema)) {}

  std::vector<Check> run() {
    PgSession admin(conninfo_);
    (void)admin.exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    const Result created = admin.exec("CREATE SCHEMA " + schema_);
    if (!created.ok) {
      add("setup", "succeeds", created.error, false);
      return std::move(out_);
    }
    try {
      checks();
    } catch (const std::exception& e) {
      add("server", "reachable", e.what(), false);
    }
    (void)admin.exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    return std::move(out_);
  }

private:
  void add(std::string claim, std::string claimed, std::string observed, bool pass) {
    out_.push_back({spec_.rule, "postgres", form_.name, std::move(claim), std::move(claimed),
                    std::move(observed), pass});
  }
  void claim_bool(const std::string& what, std::optional<bool> claimed,
                  std::optional<bool> observed, const std::string& note = {}) {
    if (!claimed) {
      return;
    }
    add(what, yes_no(*claimed), observed ? yes_no(*observed) : "unobserved: " + note,
        observed == claimed);
  }

  void checks() {
    if (form_.algorithm || form_.lock_clause) {
      add("claims", "checkable on PostgreSQL", "algorithm and lock_clause are MariaDB claims",
          false);
      return;
    }
    const AddCheck adder = [this](std::string claim, std::string claimed, std::string observed,
                                  bool pass) {
      add(std::move(claim), std::move(claimed), std::move(observed), pass);
    };
    PgSession a(conninfo_);
    PgSession b(conninfo_);
    for (PgSession* s : {&a, &b}) {
      (void)s->exec("SET search_path TO " + schema_);
      (void)s->exec("SET statement_timeout = '20s'");
    }
    if (const Result r = a.exec(form_.setup); !form_.setup.empty() && !r.ok) {
      add("setup", "succeeds", r.error, false);
      return;
    }
    const std::optional<OldCodeRun> before = old_code_before(form_, a, adder);
    if (!before) {
      return;
    }
    std::string oid;
    std::string filenode_before;
    if (!form_.table.empty()) {
      oid = a.exec("SELECT " + trace::pg_literal(form_.table) + "::regclass::oid").scalar();
      filenode_before = a.exec("SELECT relfilenode FROM pg_class WHERE oid = 0" + oid).scalar();
      if (oid.empty()) {
        add("setup", "creates " + form_.table, "no such table", false);
        return;
      }
    }

    std::string lock;
    bool lock_waiting = false;
    std::optional<bool> writes_blocked;
    std::optional<bool> reads_blocked;
    std::string probe_note;
    Result migrated;
    const auto observe = [&] {
      const auto locks = trace::pg_locks_of(b, a.backend_pid());
      lock = trace::pg_strongest(locks, form_.table);
      for (const trace::PgLock& l : locks) { // none granted yet: the one it waits for
        if (lock.empty() && !l.granted && l.relation == form_.table) {
          lock = l.mode;
          lock_waiting = true;
        }
      }
      if (form_.blocks_writes) {
        writes_blocked = blocked(b, form_.probe_write, probe_note);
      }
      if (form_.blocks_reads) {
        reads_blocked = blocked(b, form_.probe_read, probe_note);
      }
    };
    if (!form_.hold.empty()) {
      // A third session holds a lock the migration must wait for; the locks it
      // took, and what waits behind it, are read while it waits.
      PgSession c(conninfo_);
      (void)c.exec("SET search_path TO " + schema_);
      (void)c.exec("BEGIN");
      if (const Result held = c.exec(form_.hold); !held.ok) {
        add("hold", "succeeds", held.error, false);
        return;
      }
      if (form_.transaction) {
        (void)a.exec("BEGIN");
      }
      a.send(form_.migration);
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (a.busy() && std::chrono::steady_clock::now() < deadline) {
        const std::string wait =
            b.exec("SELECT wait_event_type FROM pg_stat_activity WHERE pid = " +
                   std::to_string(a.backend_pid()))
                .scalar();
        if (wait == "Lock") {
          observe();
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      while (form_.keep_hold && a.busy() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      (void)c.exec("ROLLBACK");
      migrated = a.finish();
      if (form_.transaction) {
        (void)a.exec(migrated.ok ? "COMMIT" : "ROLLBACK");
      }
    } else if (form_.transaction) {
      (void)a.exec("BEGIN");
      migrated = a.exec(form_.migration);
      if (migrated.ok) {
        observe();
      }
      (void)a.exec(migrated.ok ? "COMMIT" : "ROLLBACK");
    } else {
      migrated = a.exec(form_.migration);
    }

    if (!check_migration(form_, migrated, adder)) {
      return;
    }
    if (form_.lock) {
      add("lock on " + form_.table, *form_.lock,
          lock.empty() ? "none" : lock + (lock_waiting ? " (requested, waiting)" : ""),
          lock == *form_.lock);
    }
    claim_bool("blocks old code's writes", form_.blocks_writes, writes_blocked, probe_note);
    claim_bool("blocks old code's reads", form_.blocks_reads, reads_blocked, probe_note);
    if (form_.rewrites) {
      const std::string after =
          a.exec("SELECT relfilenode FROM pg_class WHERE oid = 0" + oid).scalar();
      const bool rewritten = !after.empty() && after != filenode_before;
      add("rewrites " + form_.table, yes_no(*form_.rewrites),
          after.empty()
              ? "table gone"
              : yes_no(rewritten) + (rewritten ? " (new relfilenode)" : " (same relfilenode)"),
          !after.empty() && rewritten == *form_.rewrites);
    }
    if (form_.check_after) {
      // What the data looks like when old code wrote it after the migration.
      std::vector<std::string> statements = form_.old_code;
      statements.push_back(*form_.check_after);
      const OldCodeRun after = run_old_code(a, statements);
      std::string got = after.output;
      const size_t last = got.rfind('\n', got.size() >= 2 ? got.size() - 2 : 0);
      got = got.substr(last == std::string::npos ? 0 : last + 1);
      if (!got.empty() && got.back() == '\n') {
        got.pop_back();
      }
      if (!after.ok) {
        got = "error: " + after.output;
      }
      add(*form_.check_after, form_.check_after_result, got, got == form_.check_after_result);
    }
    check_old_code(form_, a, *before, adder);
  }

  const Spec& spec_;
  const Form& form_;
  const std::string& conninfo_;
  std::string schema_;
  std::vector<Check> out_;
};

std::string schema_name(const std::string& rule, size_t index) {
  std::string out = "verify_";
  for (const char c : rule) {
    out += c == '-' ? '_' : c;
  }
  return out + "_" + std::to_string(index);
}

} // namespace

std::vector<Check> verify_postgres(const Spec& spec, const std::string& conninfo) {
  std::vector<Check> out;
  for (size_t i = 0; i < spec.forms.size(); ++i) {
    const Form& form = spec.forms[i];
    for (Check& c : check_lint(spec, form, "postgres")) {
      out.push_back(std::move(c));
    }
    for (Check& c : FormRun(spec, form, conninfo, schema_name(spec.rule, i)).run()) {
      out.push_back(std::move(c));
    }
  }
  return out;
}

} // namespace rollsafe::verify
