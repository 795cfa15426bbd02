// Verification specs: for each rule, forms of a migration with the facts the rule
// claims about them (tests/verify/<dialect>/<rule-id>.toml), and the outcome of
// checking each claim on a real server.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rollsafe::verify {

struct Form {
  std::string name;
  bool unsafe = true;                // expect = "unsafe": the rule must fire; "safe": it must not
  std::string phase;                 // lint phase ("expand" unless given)
  std::string setup;                 // the "before" schema and a little data
  std::vector<std::string> old_code; // what the previous release runs, one statement each
  std::string migration;
  std::string table;       // the table the claims are about
  bool transaction = true; // false: the migration cannot run in a transaction block
  std::string hold;        // run by a third session in an open transaction meanwhile
  bool keep_hold = false;  // release the hold only once the migration ended by itself
  std::string probe_write; // default: the first INSERT/UPDATE/DELETE of old_code
  std::string probe_read;  // default: the first SELECT of old_code
  // Claims; unset ones are not checked.
  std::optional<bool> breaks_old_code;
  std::optional<bool> migration_fails;
  std::optional<std::string> lock; // PostgreSQL: strongest lock mode on `table`
  std::optional<bool> rewrites;
  std::optional<bool> blocks_writes;
  std::optional<bool> blocks_reads;
  // A query run after the old code, once the migration is in: what new code
  // would find in the rows old code wrote; its result is claimed.
  std::optional<std::string> check_after;
  std::string check_after_result;
  std::optional<std::string> algorithm;   // MariaDB: the cheapest ALGORITHM accepted
  std::optional<std::string> lock_clause; // MariaDB: the weakest LOCK= accepted
};

struct Spec {
  std::filesystem::path file;
  std::string rule;         // the rule the forms belong to ("" for a MariaDB concept only)
  std::string concept_name; // MariaDB: what is verified ("drop column")
  std::vector<Form> forms;
};

// Throws std::runtime_error naming the file and what is wrong.
[[nodiscard]] Spec load_spec(const std::filesystem::path& file);
// Every *.toml of `dir` but exempt.toml, sorted by name.
[[nodiscard]] std::vector<Spec> load_specs(const std::filesystem::path& dir);
// exempt.toml: rule id → why it has no verifiable server fact.
[[nodiscard]] std::map<std::string, std::string> load_exemptions(const std::filesystem::path& dir);

// The shell assignments tests/support/db-server.sh start writes (KEY=value or
// KEY='value'). Throws std::runtime_error when the file cannot be read.
[[nodiscard]] std::map<std::string, std::string> read_env_file(const std::string& path);

// One checked fact, a row of the printed table.
struct Check {
  std::string rule;
  std::string dialect;
  std::string form;
  std::string claim; // "lock on users", "rewrites users", "old code", "rule fires"
  std::string claimed;
  std::string observed;
  bool pass = false;
};

} // namespace rollsafe::verify
