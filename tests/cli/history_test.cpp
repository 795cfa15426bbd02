// Whole histories from the command line: the layout line, the catalog replayed
// across files, the boundary (--history, --changed-since in a real git
// repository) and --schema with real pg_dump output.
#include "cli/run_binary.h"
#include "support/scratch_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe::test {
namespace {

namespace fs = std::filesystem;

// `n` zero-padded to `width` digits, between `before` and `after` ("r", 7, 3: "r007").
std::string numbered(std::string_view before, int n, size_t width, std::string_view after = "") {
  const std::string digits = std::to_string(n);
  return std::string(before) + std::string(width > digits.size() ? width - digits.size() : 0, '0') +
         digits + std::string(after);
}

const std::string kSource = ROLLSAFE_SOURCE_DIR;

// A users table, and an expand step that keeps a column in sync with a trigger.
const std::string kCreateUsers =
    "SET lock_timeout = '2s';\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n";
const std::string kSyncTrigger =
    "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN email_lower text;\n"
    "CREATE FUNCTION users_sync() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN NEW.email_lower := lower(NEW.email); RETURN NEW; END $$;\n"
    "CREATE TRIGGER users_sync BEFORE INSERT OR UPDATE ON users\n"
    "    FOR EACH ROW EXECUTE FUNCTION users_sync();\n";

// The paths of the files a JSON report judged.
std::vector<std::string> judged(const CliRun& r) {
  std::vector<std::string> out;
  const auto j = nlohmann::json::parse(r.out);
  for (const auto& f : j["files"]) {
    out.push_back(fs::path(f["path"].get<std::string>()).filename().string());
  }
  return out;
}

// A temporary git repository with a Flyway history of three files, committed.
class GitHistory : public ::testing::Test {
protected:
  void SetUp() override {
    root_.write(
        "db/V1__create_users.sql",
        "SET lock_timeout = '2s';\nCREATE TABLE users (id bigint PRIMARY KEY, email text NOT "
        "NULL, age integer);\n");
    root_.write(
        "db/V2__add_locale.sql",
        "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN locale text DEFAULT 'en';\n");
    // Unsafe, but history: it must not be reported.
    root_.write("db/V3__drop_age.sql", "SET lock_timeout = '2s';\nALTER TABLE users DROP "
                                       "COLUMN age;\n");
    git("init -q -b main");
    git("add db");
    git("commit -q -m history");
  }
  void git(const std::string& args) const {
    const std::string command = "cd '" + root_.path().string() +
                                "' && git -c user.name=t -c user.email=t@example.com " + args +
                                " > /dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  CliRun lint(const std::string& args) const {
    return run_rollsafe("lint " + args, nullptr, root_.path().string());
  }

  const ScratchDir root_{"history"};
};

TEST_F(GitHistory, ChangedSinceJudgesOnlyNewFilesAgainstTheReplayedHistory) {
  root_.write(
      "db/V4__widen_email.sql",
      "SET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN email TYPE varchar(320);\n");
  const CliRun r = lint("--changed-since HEAD --format json db");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(judged(r), std::vector<std::string>{"V4__widen_email.sql"});
  // The message knows the column's type from V1, which was only replayed.
  EXPECT_NE(r.out.find("users.email from text to varchar(320)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("drop-column"), std::string::npos) << "history is not reported";

  const CliRun text = lint("--changed-since HEAD db");
  EXPECT_EQ(text.out.rfind("layout: flyway (4 versioned, 0 repeatable); 3 replayed as history, "
                           "1 judged\n",
                           0),
            0U)
      << text.out;
}

TEST_F(GitHistory, ChangedSinceCountsCommittedStagedAndModifiedFiles) {
  root_.write("db/V4__a.sql", "SET lock_timeout = '2s';\nCREATE TABLE a (id int);\n");
  git("add db/V4__a.sql");
  git("commit -q -m v4");
  root_.write("db/V5__b.sql", "SET lock_timeout = '2s';\nCREATE TABLE b (id int);\n");
  git("add db/V5__b.sql"); // staged only
  root_.write("db/V2__add_locale.sql",
              "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN locale text DEFAULT 'de';\n");
  const CliRun r = lint("--changed-since HEAD~1 --format json db");
  EXPECT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_EQ(judged(r), (std::vector<std::string>{"V2__add_locale.sql", "V4__a.sql", "V5__b.sql"}));
}

TEST_F(GitHistory, HistoryDirectoryWithTheFilesAHookPasses) {
  root_.write("db/V4__drop_locale.sql",
              "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN locale;\n");
  const CliRun r = lint("--history db db/V4__drop_locale.sql");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("layout: flyway (4 versioned, 0 repeatable); 3 replayed as history, 1 "
                       "judged"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("V4__drop_locale.sql:2:19: error[drop-column]"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("V3__drop_age.sql"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("in 1 file "), std::string::npos) << r.out;
}

TEST_F(GitHistory, ANewFileBeforeAnAppliedOneIsOutOfOrderAnEditedOneIsNot) {
  root_.write("db/V2_5__add_tz.sql",
              "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN tz text DEFAULT 'UTC';\n");
  root_.write("db/V2__add_locale.sql",
              "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN locale text DEFAULT 'fr';\n");
  const CliRun r = lint("--changed-since HEAD --format json db");
  EXPECT_EQ(r.status, 1) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["diagnostics"].size(), 1U) << r.out;
  EXPECT_EQ(j["diagnostics"][0]["rule"], "out-of-order");
  EXPECT_EQ(j["diagnostics"][0]["path"], "db/V2_5__add_tz.sql");
}

// With several histories, one without a changed file is neither replayed nor
// listed: its files are not even read (here, one that cannot be parsed).
TEST_F(GitHistory, ChangedSinceLeavesOutHistoriesWithNothingChanged) {
  root_.write("billing/001_init.sql", "SET lock_timeout = '2s';\nCREATE TABLE invoices (;\n");
  git("add billing");
  git("commit -q -m billing");
  root_.write(
      "db/V4__widen_email.sql",
      "SET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN email TYPE varchar(320);\n");
  const CliRun r = lint("--changed-since HEAD --format json .");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(judged(r), std::vector<std::string>{"V4__widen_email.sql"});
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["layouts"].size(), 1U) << r.out;
  EXPECT_EQ(j["layouts"][0]["path"], "db");
  ASSERT_EQ(j["diagnostics"].size(), 1U) << r.out;
  EXPECT_EQ(j["diagnostics"][0]["rule"], "change-column-type");
  // The text report's layout line: one history left, so no root named.
  const CliRun text = lint("--changed-since HEAD .");
  EXPECT_NE(text.out.find("layout: flyway (4 versioned, 0 repeatable); 3 replayed as history, 1 "
                          "judged\n"),
            std::string::npos)
      << text.out;
  EXPECT_EQ(text.out.find("billing"), std::string::npos) << text.out;
  // Nothing changed anywhere: nothing to replay, nothing judged.
  git("add db");
  git("commit -q -m v4");
  const CliRun none = lint("--changed-since HEAD .");
  EXPECT_EQ(none.status, 0) << none.out << none.err;
  EXPECT_EQ(none.out, "0 errors, 0 warnings in 0 files (0 statements)\n");
  // Without --changed-since both are linted, and billing's file is a syntax error.
  const CliRun all = lint(".");
  EXPECT_NE(all.out.find("billing/001_init.sql:2:24: error[syntax-error]"), std::string::npos)
      << all.out;
}

TEST_F(GitHistory, UnknownRevisionIsAToolFailure) {
  const CliRun r = lint("--changed-since no-such-revision db");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("git diff failed"), std::string::npos) << r.err;
}

TEST(History, OutsideAGitRepositoryChangedSinceFails) {
  const ScratchDir dir("nogit");
  dir.write("V1__a.sql", "SELECT 1;\n");
  const CliRun r = run_rollsafe("lint --changed-since HEAD .", nullptr, dir.path().string());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("git rev-parse failed"), std::string::npos) << r.err;
}

TEST(History, SchemaDumpIsTheStartingCatalog) {
  const ScratchDir dir("schema");
  dir.write("V1__widen.sql",
            "SET lock_timeout = '2s';\nALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;\n");
  const std::string dump = kSource + "/tests/fixtures/schema/shop.pg_dump.sql";
  const CliRun with =
      run_rollsafe("lint --schema '" + dump + "' V1__widen.sql", nullptr, dir.path().string());
  EXPECT_EQ(with.status, 1) << with.err;
  EXPECT_NE(with.out.find("orders.total_cents from integer to bigint"), std::string::npos)
      << with.out;
  const CliRun without = run_rollsafe("lint V1__widen.sql", nullptr, dir.path().string());
  EXPECT_EQ(without.out.find("from integer"), std::string::npos) << without.out;
  const CliRun missing =
      run_rollsafe("lint --schema nowhere.sql V1__widen.sql", nullptr, dir.path().string());
  EXPECT_EQ(missing.status, 2);
  // Each history starts from the dump: the second service's change is judged
  // against the dump's orders, not against what the first service made of it.
  dir.write("services/a/V1__widen.sql",
            "SET lock_timeout = '2s';\nALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;\n");
  dir.write("services/b/V1__widen.sql",
            "SET lock_timeout = '2s';\nALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;\n");
  const CliRun both =
      run_rollsafe("lint -q --schema '" + dump + "' services", nullptr, dir.path().string());
  const size_t b = both.out.find("services/b/V1__widen.sql:2:");
  ASSERT_NE(b, std::string::npos) << both.out;
  EXPECT_NE(both.out.find("orders.total_cents from integer to bigint"), std::string::npos);
  EXPECT_NE(both.out.find("orders.total_cents from integer to bigint", b), std::string::npos)
      << both.out;
  // Standard input after a directory is a history of its own.
  const std::string widen = "ALTER TABLE orders ALTER COLUMN total_cents TYPE bigint;\n";
  dir.write("create/V1__orders.sql",
            "SET lock_timeout = '2s';\nCREATE TABLE orders (id bigint PRIMARY KEY, total_cents "
            "integer);\n");
  const CliRun piped = run_rollsafe("lint -q create -", &widen, dir.path().string());
  const size_t in = piped.out.find("<stdin>:1:");
  ASSERT_NE(in, std::string::npos) << piped.out;
  EXPECT_EQ(piped.out.find("from integer", in), std::string::npos) << piped.out;
}

// mysqldump --no-data output (here MariaDB's mariadb-dump, real output made by
// tests/fixtures/schema/make-mariadb-dump.sh): version comments, DELIMITER ;;
// trigger blocks and the dump's session SETs are read; its tables count as existing.
TEST(History, MySqlDumpIsTheStartingCatalog) {
  const ScratchDir dir("mysql-schema");
  dir.write("V1__change.sql", "SET SESSION lock_wait_timeout = 5;\n"
                              "ALTER TABLE users MODIFY status enum('active') NOT NULL "
                              "DEFAULT 'active', ALGORITHM=INPLACE, LOCK=NONE;\n");
  const std::string dump = kSource + "/tests/fixtures/schema/shop.mariadb_dump.sql";
  const CliRun with = run_rollsafe("lint --dialect mariadb --schema '" + dump + "' V1__change.sql",
                                   nullptr, dir.path().string());
  EXPECT_EQ(with.status, 1) << with.err;
  EXPECT_NE(with.out.find("error[enum-values-changed]: redefining users.status removes 'blocked'"),
            std::string::npos)
      << with.out;
  // Without the dump nothing is known about users.status.
  const CliRun without =
      run_rollsafe("lint --dialect mariadb V1__change.sql", nullptr, dir.path().string());
  EXPECT_EQ(without.out.find("enum-values-changed"), std::string::npos) << without.out;
}

TEST(History, LayoutLineAndOverride) {
  const CliRun r = run_rollsafe("lint tests/fixtures/layouts/flyway", nullptr, kSource);
  EXPECT_EQ(r.out.rfind("layout: flyway (4 versioned, 1 repeatable, 1 undo)\n", 0), 0U) << r.out;
  const CliRun forced =
      run_rollsafe("lint --layout plain tests/fixtures/layouts/flyway", nullptr, kSource);
  EXPECT_EQ(forced.out.rfind("layout: plain (6 files)\n", 0), 0U) << forced.out;
  // Quiet: findings only (the undo file's DROP TABLE), no layout line.
  const CliRun quiet = run_rollsafe("lint -q tests/fixtures/layouts/flyway", nullptr, kSource);
  EXPECT_EQ(quiet.out.find("layout:"), std::string::npos) << quiet.out;
  EXPECT_EQ(quiet.out.rfind("tests/fixtures/layouts/flyway/U2__create_orders.sql:1:12: "
                            "warning[down-migration]",
                            0),
            0U)
      << quiet.out;
  const CliRun json =
      run_rollsafe("lint --format json tests/fixtures/layouts/sqitch", nullptr, kSource);
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["layouts"][0]["layout"], "sqitch");
  EXPECT_EQ(j["summary"]["files"], 6) << "deploy and revert are judged, verify is not";
}

// Diesel's folders: the layout line, JSON's layouts, `--layout diesel`, and
// help that renames the folder, where a Diesel migration's version is.
TEST(History, DieselLayoutLineAndFolderVersions) {
  const CliRun r = run_rollsafe("lint tests/fixtures/layouts/diesel", nullptr, kSource);
  EXPECT_EQ(r.out.rfind("layout: diesel (5 up, 4 down, 2 other)\n", 0), 0U) << r.out;
  const CliRun json =
      run_rollsafe("lint --format json tests/fixtures/layouts/diesel", nullptr, kSource);
  EXPECT_EQ(nlohmann::json::parse(json.out)["layouts"][0]["layout"], "diesel");
  const CliRun forced =
      run_rollsafe("lint --layout diesel tests/fixtures/layouts/golang-migrate", nullptr, kSource);
  EXPECT_EQ(forced.out.rfind("layout: diesel (0 up, 0 down, 6 other)\n", 0), 0U) << forced.out;
  const CliRun dup =
      run_rollsafe("lint -q tests/fixtures/trees/duplicate-version.diesel", nullptr, kSource);
  EXPECT_NE(dup.out.find("help: give this migration the next free version (rename its folder)"),
            std::string::npos)
      << dup.out;
  // The last migration applied is the last up.sql: schema.sql, outside the
  // folders, is linted after it but is not a migration Diesel records.
  const std::string tree = "tests/fixtures/layouts/diesel/";
  const CliRun late =
      run_rollsafe("lint -q --history " + tree + " " + tree + "2019-09-16-150000_add_email/up.sql",
                   nullptr, kSource);
  EXPECT_NE(late.out.find("sorts before " + tree + "2019-10-02-090000_add_display_name/up.sql"),
            std::string::npos)
      << late.out;
  EXPECT_NE(late.out.find("help: give it a version after 20191002090000 (rename its folder)"),
            std::string::npos)
      << late.out;
}

// A Diesel migration's phase comes from its folder's name, as another layout's
// comes from its file's name.
TEST(History, DieselFolderNameGivesThePhase) {
  const ScratchDir root("diesel-phase");
  root.write("migrations/2024-01-01-000000_create_users/up.sql",
             "SET lock_timeout = '2s';\nCREATE TABLE users (id bigint PRIMARY KEY, email text);\n");
  root.write("migrations/2024-01-01-000000_create_users/down.sql", "DROP TABLE users;\n");
  root.write("migrations/2024-02-01-000000_contract_drop_email/up.sql",
             "SET lock_timeout = '2s';\nALTER TABLE users DROP COLUMN email;\n");
  const CliRun r = run_rollsafe("lint --format json migrations", nullptr, root.path().string());
  const auto files = nlohmann::json::parse(r.out)["files"];
  ASSERT_EQ(files.size(), 3U) << r.out;
  EXPECT_EQ(files[0]["phase"], "expand");
  EXPECT_EQ(files[2]["path"], "migrations/2024-02-01-000000_contract_drop_email/up.sql");
  EXPECT_EQ(files[2]["phase"], "contract");
  EXPECT_EQ(files[2]["phase_source"], "name token 'contract'");
  // In contract, dropping a column nothing reads any more is the point: no drop-column error.
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find("drop-column"), std::string::npos) << r.out;
}

// phase-order names where a misplaced statement belongs: the release's file of
// that phase, or the phase folder to create when the release has none.
TEST(History, PhaseOrderNamesTheFileThatShouldHoldTheStatement) {
  const CliRun r = run_rollsafe("lint -q tests/fixtures/trees/phase-order", nullptr, kSource);
  EXPECT_EQ(r.status, 1) << r.err;
  const std::string tree = "tests/fixtures/trees/phase-order/";
  EXPECT_NE(r.out.find("`DROP INDEX users_email_key` belongs in the contract phase, not in an "
                       "expand folder: move it to " +
                       tree + "r02/contract/0001_drop_old.sql"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("`DROP CONSTRAINT users_email_check on users` belongs in the contract"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("`CREATE INDEX on table users` belongs in the expand phase, not in a "
                       "migrate folder: move it to " +
                       tree + "r02/expand/0001_add_login.sql"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("`ALTER TABLE users` belongs in the contract phase, not in a migrate "
                       "folder: move it to " +
                       tree + "r03/contract/ (a new file)"),
            std::string::npos)
      << r.out;
  // ddl-in-migrate steps aside in migrate folders: one finding per statement.
  EXPECT_EQ(r.out.find("ddl-in-migrate"), std::string::npos) << r.out;
}

// trigger-not-dropped decides at the end of the run about an earlier file: the
// held-back reports still come out in file order, the same with any -j, and a
// file linted on its own (no later history) is not judged.
TEST(History, PendingFindingsKeepFileOrder) {
  const std::string tree = "tests/fixtures/trees/trigger-not-dropped";
  const CliRun one = run_rollsafe("lint -j 1 --format json " + tree, nullptr, kSource);
  const CliRun two = run_rollsafe("lint -j 2 --format json " + tree, nullptr, kSource);
  EXPECT_EQ(one.status, 0) << "warnings only: " << one.err;
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(judged(one),
            (std::vector<std::string>{"0001_create_tables.sql", "0001_add_sync_triggers.sql",
                                      "0001_nothing.sql", "0001_drop_sync.sql"}));
  const auto j = nlohmann::json::parse(one.out);
  EXPECT_EQ(j["summary"]["warnings"], 2) << one.out;
  const CliRun alone =
      run_rollsafe("lint -q " + tree + "/r02/expand/0001_add_sync_triggers.sql", nullptr, kSource);
  EXPECT_EQ(alone.out.find("trigger-not-dropped"), std::string::npos) << alone.out;
}

// A trigger that stays undecided until the end of a long history: later reports
// do not wait for it (memory stays flat); its findings, if they stand, come last
// as a second report of their file, counted once, and vanish if it is dropped.
TEST(History, UndecidedFindingsDoNotHoldBackALongHistory) {
  const ScratchDir root("pending");
  root.write("r000/expand/0001_create.sql", kCreateUsers);
  root.write("r001/expand/0001_sync.sql", kSyncTrigger);
  const int releases = 100; // more than the 64 reports that may wait
  for (int r = 2; r < releases; ++r) {
    root.write(numbered("r", r, 3) + "/contract/0001_noop.sql",
               "SET lock_timeout = '2s';\nSELECT 1;\n");
  }
  const CliRun kept =
      run_rollsafe("lint -j 1 --format json " + root.path().string(), nullptr, kSource);
  const CliRun two =
      run_rollsafe("lint -j 2 --format json " + root.path().string(), nullptr, kSource);
  EXPECT_EQ(kept.out, two.out);
  const auto j = nlohmann::json::parse(kept.out);
  EXPECT_EQ(j["summary"]["warnings"], 2) << kept.out; // the function and the trigger
  EXPECT_EQ(j["summary"]["files"], releases) << kept.out;
  EXPECT_EQ(judged(kept).size(), static_cast<size_t>(releases)); // listed once
  const auto& found = j["diagnostics"];
  ASSERT_GE(found.size(), 2U) << kept.out;
  for (size_t d = found.size() - 2; d < found.size(); ++d) { // after every other finding
    EXPECT_EQ(found[d]["rule"], "trigger-not-dropped") << kept.out;
    EXPECT_EQ(fs::path(found[d]["path"].get<std::string>()).filename(), "0001_sync.sql");
  }
  const CliRun text = run_rollsafe("lint -j 1 -q " + root.path().string(), nullptr, kSource);
  EXPECT_NE(text.out.find("warning[trigger-not-dropped]"), std::string::npos) << text.out;

  root.write(numbered("r", releases - 1, 3) + "/contract/0001_noop.sql",
             "SET lock_timeout = '2s';\nDROP TRIGGER users_sync ON users;\nDROP FUNCTION "
             "users_sync();\n");
  const CliRun dropped =
      run_rollsafe("lint -j 1 --format json " + root.path().string(), nullptr, kSource);
  const auto k = nlohmann::json::parse(dropped.out);
  EXPECT_EQ(k["summary"]["warnings"], 0) << dropped.out;
  EXPECT_EQ(judged(dropped).size(), static_cast<size_t>(releases));
}

// Each history root has a catalog and repository-rule state of its own: two
// services that each start at 001 are not duplicate versions of each other,
// and what one service's tables look like says nothing about the other's.
TEST(History, ServicesOfAMonorepoAreHistoriesOfTheirOwn) {
  const ScratchDir root("services");
  root.write("services/a/migrations/001_init.sql", kCreateUsers);
  root.write("services/a/migrations/002_widen.sql",
             "SET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN email TYPE varchar(320);\n");
  root.write(
      "services/b/migrations/001_init.sql",
      "SET lock_timeout = '2s';\nCREATE TABLE users (id bigint PRIMARY KEY, email bytea);\n");
  root.write("services/b/migrations/002_widen.sql",
             "SET lock_timeout = '2s';\nALTER TABLE users ALTER COLUMN email TYPE varchar(320);\n");
  const CliRun r = run_rollsafe("lint -j 1 services", nullptr, root.path().string());
  EXPECT_EQ(r.out.find("duplicate-version"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.rfind("layout: numbered (2 files) in services/a/migrations\n"
                        "layout: numbered (2 files) in services/b/migrations\n",
                        0),
            0U)
      << r.out;
  // Each ALTER is judged against its own service's users table.
  const size_t a = r.out.find("services/a/migrations/002_widen.sql:2:");
  const size_t b = r.out.find("services/b/migrations/002_widen.sql:2:");
  ASSERT_NE(a, std::string::npos) << r.out;
  ASSERT_NE(b, std::string::npos) << r.out;
  ASSERT_LT(a, b) << r.out;
  EXPECT_NE(r.out.substr(a, b - a).find("users.email from text to varchar(320)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("users.email from bytea to varchar(320)", b), std::string::npos) << r.out;
  const CliRun two = run_rollsafe("lint -j 2 services", nullptr, root.path().string());
  EXPECT_EQ(two.out, r.out);
  const CliRun json = run_rollsafe("lint --format json services", nullptr, root.path().string());
  const auto j = nlohmann::json::parse(json.out);
  ASSERT_EQ(j["layouts"].size(), 2U) << json.out;
  EXPECT_EQ(j["layouts"][0]["path"], "services/a/migrations");
  EXPECT_EQ(j["layouts"][1]["path"], "services/b/migrations");
  // Two arguments are two histories too; one directory with both files is one,
  // and there the second 001 is a duplicate.
  const CliRun args = run_rollsafe("lint -q services/a/migrations services/b/migrations", nullptr,
                                   root.path().string());
  EXPECT_EQ(args.out.find("duplicate-version"), std::string::npos) << args.out;
  EXPECT_EQ(args.out.find("layout:"), std::string::npos) << "-q: findings only";
  fs::copy_file(root / "services/b/migrations/001_init.sql",
                root / "services/a/migrations/001_other.sql");
  const CliRun one = run_rollsafe("lint -q services/a/migrations", nullptr, root.path().string());
  EXPECT_NE(one.out.find("services/a/migrations/001_other.sql:1:1: error[duplicate-version]"),
            std::string::npos)
      << one.out;
}

// A pending finding is decided at the end of its own history: a later history
// that drops a trigger of the same name on a table of the same name does not
// withdraw it.
TEST(History, PendingFindingsDoNotCrossHistories) {
  const ScratchDir root("pending-histories");
  for (const std::string service : {"a", "b"}) {
    root.write(service + "/r000/expand/0001_create.sql", kCreateUsers);
  }
  root.write("a/r001/expand/0001_sync.sql", kSyncTrigger);
  root.write("b/r001/contract/0001_drop.sql",
             "SET lock_timeout = '2s';\nDROP TRIGGER IF EXISTS users_sync ON users;\n"
             "DROP FUNCTION IF EXISTS users_sync();\n");
  const CliRun one = run_rollsafe("lint -j 1 --format json .", nullptr, root.path().string());
  const CliRun two = run_rollsafe("lint -j 2 --format json .", nullptr, root.path().string());
  EXPECT_EQ(one.out, two.out);
  const auto j = nlohmann::json::parse(one.out);
  ASSERT_EQ(j["layouts"].size(), 2U) << one.out;
  size_t pending = 0;
  for (const auto& d : j["diagnostics"]) {
    if (d["rule"] == "trigger-not-dropped") {
      ++pending;
      EXPECT_EQ(d["path"], "a/r001/expand/0001_sync.sql") << one.out;
    }
  }
  EXPECT_EQ(pending, 2U) << "the function and the trigger stand: " << one.out;
  // Its findings leave with their history, before the next history's files.
  const CliRun text = run_rollsafe("lint -j 1 -q .", nullptr, root.path().string());
  const size_t found = text.out.find("warning[trigger-not-dropped]");
  ASSERT_NE(found, std::string::npos) << text.out;
  EXPECT_LT(found, text.out.find("b/r001/contract/0001_drop.sql")) << text.out;
}

TEST(History, ParallelRunsJudgeLikeOneThread) {
  const CliRun one = run_rollsafe("lint -j 1 --format json samples", nullptr, kSource);
  const CliRun two = run_rollsafe("lint -j 2 --format json samples", nullptr, kSource);
  EXPECT_EQ(one.status, 1);
  EXPECT_EQ(one.out, two.out);
}

// With several threads, files are prepared on every thread and judged and
// written in order: the text report lists every file once, in order, byte for
// byte what one thread writes, over more files than the 64 reports that may be
// held back.
TEST(History, ParallelTextReportsLeaveInFileOrder) {
  const ScratchDir root("parallel-text");
  const int files = 150;
  for (int i = 0; i < files; ++i) {
    root.write(numbered("", i, 4, "_add.sql"),
               "ALTER TABLE t" + std::to_string(i) + " ADD COLUMN c int NOT NULL;\n");
  }
  const CliRun one = run_rollsafe("lint -j 1 " + root.path().string(), nullptr, kSource);
  EXPECT_EQ(one.status, 1) << one.err;
  size_t at = 0;
  for (int i = 0; i < files; ++i) {
    const std::string name = numbered("", i, 4, "_add.sql: linted as");
    const size_t found = one.out.find(name, at);
    ASSERT_NE(found, std::string::npos) << name << " in order";
    at = found;
  }
  for (const char* jobs : {"2", "4"}) {
    const CliRun many =
        run_rollsafe("lint -j " + std::string(jobs) + " " + root.path().string(), nullptr, kSource);
    EXPECT_EQ(many.status, 1) << jobs;
    EXPECT_EQ(many.out, one.out) << jobs;
  }
}

} // namespace
} // namespace rollsafe::test
