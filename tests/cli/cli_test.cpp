// The command line's contract: exit statuses, options, formats, stdin.
#include "cli/run_binary.h"
#include "support/scratch_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace rollsafe::test {
namespace {

namespace fs = std::filesystem;

class Cli : public ::testing::Test {
protected:
  std::string write(const std::string& name, const std::string& sql) {
    return dir_.write(name, sql).string();
  }
  const ScratchDir dir_{"cli-test"};
};

TEST_F(Cli, CleanFileExitsZero) {
  const auto f = write("0001_create.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\n");
  const CliRun r = run_rollsafe("lint '" + f + "'");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 errors, 0 warnings in 1 file (1 statement)"), std::string::npos) << r.out;
}

TEST_F(Cli, ErrorFindingExitsOne) {
  const auto f =
      write("0002_drop.sql", "SET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN email;\n");
  const CliRun r = run_rollsafe("lint '" + f + "'");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find(":2:19: error[drop-column]:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("help:"), std::string::npos) << r.out;
}

TEST_F(Cli, WarningsAloneExitZero) {
  const auto f =
      write("0003_add.sql", "SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN bio text;\n");
  const CliRun r = run_rollsafe("lint '" + f + "'");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("warning["), std::string::npos) << r.out;
}

TEST_F(Cli, SyntaxErrorExitsOneWithPosition) {
  const auto f = write("0004_bad.sql", "SELECT 1;\nALTER TABLE users ADD COLUMN;\n");
  const CliRun r = run_rollsafe("lint '" + f + "'");
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find(":2:29: error[syntax-error]:"), std::string::npos) << r.out;
}

TEST_F(Cli, PhaseOptionChangesTheVerdict) {
  const auto f =
      write("0005_drop.sql", "SET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN email;\n");
  EXPECT_EQ(run_rollsafe("lint --phase contract '" + f + "'").status, 0);
  EXPECT_EQ(run_rollsafe("lint --phase expand '" + f + "'").status, 1);
}

TEST_F(Cli, PhaseComesFromThePath) {
  const auto f = write("r1/contract/0001_drop.sql",
                       "SET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN email;\n");
  const CliRun r = run_rollsafe("lint '" + f + "'");
  EXPECT_EQ(r.status, 0) << r.out;
}

TEST_F(Cli, ATableFromTheReleasesExpandPhaseIsOldInItsContractPhase) {
  write("r1/expand/0001_create.sql",
        "CREATE TABLE shipments (id bigint PRIMARY KEY, order_id bigint);\n"
        "CREATE INDEX shipments_id_idx ON shipments (id, order_id);\n");
  write("r1/contract/0001_index.sql",
        "SET lock_timeout = '1s';\nCREATE INDEX shipments_order_idx ON shipments (order_id);\n");
  const CliRun r = run_rollsafe("lint --color never '" + (dir_ / "r1").string() + "'");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_EQ(r.out.find("expand/0001_create.sql:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("contract/0001_index.sql:2:1: error[create-index-blocking]"),
            std::string::npos)
      << r.out;
}

TEST_F(Cli, UsageErrorsExitTwoWithOneLine) {
  for (const std::string args :
       {"lint --no-such-option x.sql", "lint", "", "lint --format xml x.sql",
        "lint --phase later x.sql", "explain no-such-rule"}) {
    const CliRun r = run_rollsafe(args);
    EXPECT_EQ(r.status, 2) << args << ": " << r.out << r.err;
    EXPECT_FALSE(r.err.empty()) << args;
  }
}

TEST_F(Cli, UnreadablePathExitsTwo) {
  const CliRun r = run_rollsafe("lint /nonexistent/migrations");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("/nonexistent/migrations"), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

TEST_F(Cli, StandardInputWithAFileNameForPhaseDetection) {
  const std::string sql = "SET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN email;\n";
  const CliRun expand = run_rollsafe("lint - --stdin-filename db/expand/0001.sql", &sql);
  EXPECT_EQ(expand.status, 1) << expand.out << expand.err;
  EXPECT_NE(expand.out.find("db/expand/0001.sql:2:19"), std::string::npos) << expand.out;
  const CliRun contract = run_rollsafe("lint - --stdin-filename db/contract/0001.sql", &sql);
  EXPECT_EQ(contract.status, 0) << contract.out << contract.err;
}

TEST_F(Cli, JsonOutputIsOneDocumentWithTheDocumentedFields) {
  const auto f = write("0006.sql", "ALTER TABLE users DROP COLUMN email;\n");
  const CliRun r = run_rollsafe("lint --format json '" + f + "'");
  EXPECT_EQ(r.status, 1);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["version"], 1);
  ASSERT_EQ(doc["files"].size(), 1U);
  for (const char* k : {"path", "dialect", "phase", "phase_source", "statements"}) {
    EXPECT_TRUE(doc["files"][0].contains(k)) << k;
  }
  ASSERT_GE(doc["diagnostics"].size(), 1U);
  for (const char* k : {"rule", "severity", "path", "line", "column", "end_line", "end_column",
                        "message", "help", "phase"}) {
    EXPECT_TRUE(doc["diagnostics"][0].contains(k)) << k;
  }
  EXPECT_EQ(doc["summary"]["errors"].get<int>() >= 1, true);
}

TEST_F(Cli, RulesAndExplain) {
  const CliRun table = run_rollsafe("rules");
  EXPECT_EQ(table.status, 0);
  EXPECT_NE(table.out.find("drop-column"), std::string::npos);
  const CliRun json = run_rollsafe("rules --format json");
  EXPECT_EQ(json.status, 0);
  EXPECT_TRUE(nlohmann::json::parse(json.out).is_array());
  const CliRun explain = run_rollsafe("explain drop-column");
  EXPECT_EQ(explain.status, 0);
  EXPECT_NE(explain.out.find("Safe sequence"), std::string::npos);
  EXPECT_EQ(explain.out.find("Dialects:"), std::string::npos) << "a rule of both dialects";
}

TEST_F(Cli, RulesShowTheirDialects) {
  const CliRun table = run_rollsafe("rules");
  EXPECT_NE(table.out.find("DIALECTS"), std::string::npos) << table.out;
  const auto row = [&](const std::string& id) {
    const size_t at = table.out.find("\n" + id + " ");
    return at == std::string::npos ? std::string()
                                   : table.out.substr(at + 1, table.out.find('\n', at + 1) - at);
  };
  EXPECT_NE(row("drop-column").find(" postgres,mysql "), std::string::npos) << table.out;
  EXPECT_NE(row("vacuum-full").find(" postgres "), std::string::npos) << table.out;
  EXPECT_NE(row("alter-table-copy").find(" mysql "), std::string::npos) << table.out;

  const auto rules = nlohmann::json::parse(run_rollsafe("rules --format json").out);
  for (const auto& rule : rules) {
    if (rule["id"] == "enum-values-changed") {
      EXPECT_EQ(rule["dialects"], nlohmann::json::array({"mysql"}));
    } else if (rule["id"] == "cluster") {
      EXPECT_EQ(rule["dialects"], nlohmann::json::array({"postgres"}));
    } else if (rule["id"] == "drop-table") {
      EXPECT_EQ(rule["dialects"], nlohmann::json::array({"postgres", "mysql"}));
    }
  }

  const CliRun mysql_only = run_rollsafe("explain stored-program");
  EXPECT_NE(mysql_only.out.find("Dialects: mysql"), std::string::npos) << mysql_only.out;
  const CliRun both = run_rollsafe("explain change-column-type");
  EXPECT_NE(both.out.find("Unsafe (MySQL/MariaDB)\nCREATE TABLE orders"), std::string::npos)
      << both.out;
  EXPECT_NE(both.out.find("Safe sequence (MySQL/MariaDB)"), std::string::npos) << both.out;
}

TEST_F(Cli, VersionNamesTheParser) {
  const CliRun r = run_rollsafe("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("PostgreSQL 15"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ANTLR runtime 4."), std::string::npos) << r.out;
}

#ifdef ROLLSAFE_MIMALLOC
// The executable sets mimalloc's options before mimalloc reads them
// (src/cli/allocator.cpp), and a variable the user set wins. mimalloc prints
// each option's value at start-up when MIMALLOC_VERBOSE is set: this returns
// that report, with `variable` set to `value` if given.
std::string heap_options(const char* variable = nullptr, const char* value = nullptr) {
  ::setenv("MIMALLOC_VERBOSE", "1", 1);
  if (variable != nullptr) {
    ::setenv(variable, value, 1);
  }
  const CliRun r = run_rollsafe("--version");
  if (variable != nullptr) {
    ::unsetenv(variable);
  }
  ::unsetenv("MIMALLOC_VERBOSE");
  EXPECT_EQ(r.status, 0);
  return r.err;
}

TEST_F(Cli, HeapAsksForHugePagesUnlessTheEnvironmentSaysOtherwise) {
  const std::string on = heap_options();
  const std::string off = heap_options("MIMALLOC_LARGE_OS_PAGES", "0");
  EXPECT_NE(on.find("option 'large_os_pages': 1"), std::string::npos) << on;
  EXPECT_NE(off.find("option 'large_os_pages': 0"), std::string::npos) << off;
}

// Every thread's first segment is committed eagerly, with huge pages (mimalloc
// delays it for the threads after the first by default).
TEST_F(Cli, HeapCommitsEveryThreadsFirstSegmentUnlessTheEnvironmentSaysOtherwise) {
  const std::string ours = heap_options();
  const std::string theirs = heap_options("MIMALLOC_EAGER_COMMIT_DELAY", "2");
  EXPECT_NE(ours.find("option 'eager_commit_delay': 0"), std::string::npos) << ours;
  EXPECT_NE(theirs.find("option 'eager_commit_delay': 2"), std::string::npos) << theirs;
  EXPECT_NE(theirs.find("option 'large_os_pages': 1"), std::string::npos) << theirs;
}
#endif

#ifdef ROLLSAFE_PG_OUTPUT_LEFT_OUT
// libpg_query's protobuf output stays out of the executable
// (src/cli/pg_query_unused_output.cpp). protobuf-c's descriptors name each
// message type; "pg_query.ParseResult" is the parse result's, in the
// executable's read-only data whenever that code is linked, stripped or not.
// The control: a name of libpg_query's that the parse itself uses.
TEST_F(Cli, ExecutableLeavesOutLibpgQuerysOutputCode) {
  std::ifstream in(ROLLSAFE_BINARY, std::ios::binary);
  const std::string image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(image.size(), 1000000U);
  EXPECT_EQ(image.find("pg_query.ParseResult"), std::string::npos);
  EXPECT_NE(image.find("zero-length delimited identifier"), std::string::npos);
  // What the executable still parses with: a file lints as before.
  const auto f = write("0001_create.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\n");
  EXPECT_EQ(run_rollsafe("lint '" + f + "'").status, 0);
}
#endif

TEST_F(Cli, ColorFollowsTheOptionAndNoColor) {
  const auto f = write("0007.sql", "ALTER TABLE users DROP COLUMN email;\n");
  EXPECT_NE(run_rollsafe("lint --color always '" + f + "'").out.find("\x1b["), std::string::npos);
  EXPECT_EQ(run_rollsafe("lint --color never '" + f + "'").out.find("\x1b["), std::string::npos);
  EXPECT_EQ(run_rollsafe("lint '" + f + "'").out.find("\x1b["), std::string::npos); // not a tty
}

TEST_F(Cli, BinaryFileIsAnErrorNotASkip) {
  const fs::path p = dir_.write("blob.sql", std::string_view("SELECT 1;\0\x01\x02", 12));
  const CliRun r = run_rollsafe("lint '" + p.string() + "'");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("error[invalid-input]"), std::string::npos) << r.out;
}

TEST_F(Cli, ConfigurationFileIsFoundAndApplied) {
  fs::create_directories(dir_ / ".git");
  write("rollsafe.toml", "exclude = [\"db/legacy/**\"]\n[rules]\ndrop-column = \"warning\"\n");
  write("db/0001.sql", "SET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN email;\n");
  write("db/legacy/0001.sql", "DROP TABLE users;\n");
  const CliRun r = run_rollsafe("lint --color never db", nullptr, dir_.path().string());
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("warning[drop-column]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 file excluded by configuration"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("legacy"), std::string::npos) << r.out;
}

TEST_F(Cli, BadConfigurationExitsTwoWithItsPosition) {
  fs::create_directories(dir_ / ".git");
  write("rollsafe.toml", "pg-version = 15\n[rules]\nno-such-rule = \"off\"\n");
  write("0001.sql", "SELECT 1;\n");
  const CliRun r = run_rollsafe("lint 0001.sql", nullptr, dir_.path().string());
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.err.find("rollsafe.toml:3:1: unknown rule 'no-such-rule'"), std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  const CliRun missing =
      run_rollsafe("lint --config nope.toml 0001.sql", nullptr, dir_.path().string());
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nope.toml"), std::string::npos) << missing.err;
}

TEST_F(Cli, ConfigCommandShowsValuesAndWhereTheyComeFrom) {
  fs::create_directories(dir_ / ".git");
  write("rollsafe.toml", "pg-version = 13\n[phases]\n\"post/*.sql\" = \"contract\"\n");
  const CliRun r = run_rollsafe("config post/0001.sql", nullptr, dir_.path().string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("pg-version"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rollsafe.toml:1:14"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("phase contract"), std::string::npos) << r.out;
}

TEST_F(Cli, SuppressedFindingsAreCountedAndShownOnRequest) {
  const auto f = write("0001.sql", "SET lock_timeout = '1s';\n"
                                   "-- rollsafe: ignore[drop-column] reason=\"unused since 2.3\"\n"
                                   "ALTER TABLE users DROP COLUMN email;\n");
  const CliRun r = run_rollsafe("lint --color never '" + f + "'");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("1 suppressed"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("drop-column"), std::string::npos) << r.out;
  const CliRun shown = run_rollsafe("lint --color never --show-suppressed '" + f + "'");
  EXPECT_NE(shown.out.find("suppressed[drop-column]"), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("reason: unused since 2.3"), std::string::npos) << shown.out;
}

// Real migrations from public projects (../shared/corpus): PostgreSQL accepts
// every statement, so rollsafe must too, and must lint them without failing.
TEST(Corpus, RealPostgresMigrationsParseAndLint) {
  const fs::path corpus = fs::path(ROLLSAFE_SOURCE_DIR) / "../shared/corpus/postgres";
  if (!fs::exists(corpus)) {
    GTEST_SKIP() << "no corpus at " << corpus;
  }
  const CliRun r = run_rollsafe("lint --format json '" + corpus.string() + "'");
  ASSERT_TRUE(r.status == 0 || r.status == 1) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_GT(doc["summary"]["files"].get<int>(), 1000);
  for (const auto& d : doc["diagnostics"]) {
    EXPECT_NE(d["rule"], "syntax-error") << d["path"] << ":" << d["line"] << " " << d["message"];
    EXPECT_NE(d["rule"], "invalid-input") << d["path"] << ":" << d["line"] << " " << d["message"];
  }
}

} // namespace
} // namespace rollsafe::test
