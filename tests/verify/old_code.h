// What both servers' verifiers do with a form's old code: run it in a
// transaction that is rolled back (so the data stays as the setup left it), and
// compare a run after the migration with the one before.
#pragma once

#include "spec.h"
#include "trace/result.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rollsafe::verify {

struct OldCodeRun {
  bool ok = true;
  std::string output; // the statements' rows, one block each, or the first error
};

// `Session` is trace::PgSession or trace::MariadbSession (both accept START TRANSACTION).
template <class Session>
OldCodeRun run_old_code(Session& s, const std::vector<std::string>& statements) {
  OldCodeRun run;
  (void)s.exec("START TRANSACTION");
  for (const std::string& stmt : statements) {
    const trace::Result r = s.exec(stmt);
    if (!r.ok) {
      run.ok = false;
      run.output = r.error;
      break;
    }
    run.output += r.text() + "\n";
  }
  (void)s.exec("ROLLBACK");
  return run;
}

inline std::string yes_no(bool b) {
  return b ? "yes" : "no";
}

// "no", "yes: <the error>", or "yes: results changed".
inline std::string old_code_broken(const OldCodeRun& before, const OldCodeRun& after) {
  if (!after.ok) {
    return "yes: " + after.output;
  }
  return after.output != before.output ? "yes: results changed" : "no";
}

using AddCheck =
    std::function<void(std::string claim, std::string claimed, std::string observed, bool pass)>;

// Checks the migration's outcome against `migration_fails` (a failure nobody
// claimed is a failed check too). Returns whether the later claims can be checked.
inline bool check_migration(const Form& form, const trace::Result& migrated, const AddCheck& add) {
  if (form.migration_fails) {
    add("migration fails", yes_no(*form.migration_fails),
        migrated.ok ? "no" : "yes: " + migrated.error, migrated.ok != *form.migration_fails);
    return true;
  }
  if (!migrated.ok) {
    add("migration", "succeeds", migrated.error, false);
    return false;
  }
  return true;
}

// Runs the old code before the migration; it must work (nullopt, and a failed
// check, when it does not: the form is wrong, not the rule).
template <class Session>
std::optional<OldCodeRun> old_code_before(const Form& form, Session& s, const AddCheck& add) {
  OldCodeRun before;
  if (!form.old_code.empty()) {
    before = run_old_code(s, form.old_code);
    if (!before.ok) {
      add("old code before the migration", "succeeds", before.output, false);
      return std::nullopt;
    }
  }
  return before;
}

// Checks `breaks_old_code`, running the old code again after the migration.
template <class Session>
void check_old_code(const Form& form, Session& s, const OldCodeRun& before, const AddCheck& add) {
  if (form.breaks_old_code) {
    const std::string observed = old_code_broken(before, run_old_code(s, form.old_code));
    add("breaks old code", yes_no(*form.breaks_old_code), observed,
        (observed != "no") == *form.breaks_old_code);
  }
}

} // namespace rollsafe::verify
