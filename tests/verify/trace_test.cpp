// `rollsafe trace` against real servers: the PostgreSQL half must leave the
// database exactly as it was; both halves refuse a database not marked scratch.
// The servers come from the CTest fixtures (ROLLSAFE_DB_STATE names their .env
// files); without them the tests are skipped (exit code 77 is not used by gtest,
// so a missing fixture is a failure, not a silent pass, unless run by hand).
#include "cli/run_binary.h"
#include "spec.h"
#include "support/scratch_dir.h"
#include "trace/mariadb_session.h"
#include "trace/pg_session.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <map>

namespace rollsafe::test {
namespace {

std::map<std::string, std::string> env_file(const std::string& kind) {
  const char* state = std::getenv("ROLLSAFE_DB_STATE");
  if (state == nullptr) {
    return {};
  }
  return verify::read_env_file(std::string(state) + "/" + kind + ".env");
}

// A migration file in a scratch folder of its own, removed when the test ends.
class TempFile {
public:
  TempFile(const std::string& name, const std::string& text) : path_(dir_.write(name, text)) {}
  [[nodiscard]] std::string path() const { return path_.string(); }

private:
  const ScratchDir dir_{"trace"};
  const std::filesystem::path path_;
};

class PgTrace : public ::testing::Test {
protected:
  void SetUp() override {
    const auto env = env_file("postgres");
    ASSERT_TRUE(env.contains("ROLLSAFE_PG_HOST")) << "no PostgreSQL fixture (ROLLSAFE_DB_STATE)";
    host_ = env.at("ROLLSAFE_PG_HOST");
    trace::PgSession admin("host=" + host_ + " user=postgres dbname=postgres");
    for (const char* db : {"shop_scratch", "shop"}) {
      (void)admin.exec(std::string("DROP DATABASE IF EXISTS ") + db);
      ASSERT_TRUE(admin.exec(std::string("CREATE DATABASE ") + db).ok);
      trace::PgSession s(conninfo(db));
      ASSERT_TRUE(s.exec("CREATE TABLE users (id int PRIMARY KEY, email text);"
                         "INSERT INTO users SELECT g, 'u' || g FROM generate_series(1, 50) g;"
                         "CREATE TABLE legacy (id int PRIMARY KEY)")
                      .ok);
    }
  }
  [[nodiscard]] std::string conninfo(const std::string& db) const {
    return "host=" + host_ + " user=postgres dbname=" + db;
  }
  [[nodiscard]] std::string uri(const std::string& db) const {
    return "'postgresql:///" + db + "?host=" + host_ + "&user=postgres'";
  }
  // Everything a migration could change, as text: tables, columns, indexes,
  // constraints, the files behind relations, and the rows.
  std::string snapshot(const std::string& db) const {
    trace::PgSession s(conninfo(db));
    std::string out;
    for (const char* q :
         {"SELECT c.relname, c.relkind, c.relfilenode FROM pg_class c JOIN pg_namespace n ON "
          "n.oid = c.relnamespace WHERE n.nspname = 'public' ORDER BY 1",
          "SELECT table_name, column_name, data_type, column_default, is_nullable FROM "
          "information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
          "SELECT conname, contype FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
          "ORDER BY 1",
          "SELECT count(*), sum(id) FROM users"}) {
      const trace::Result r = s.exec(q);
      EXPECT_TRUE(r.ok) << r.error;
      out += r.text() + "\n--\n";
    }
    return out;
  }
  std::string host_;
};

constexpr const char* kMigration = R"(SET lock_timeout = '2s';
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
ALTER TABLE users ADD COLUMN locale text DEFAULT 'en';
DROP TABLE legacy;
COMMIT;
UPDATE users SET email = 'x';
)";

TEST_F(PgTrace, RefusesADatabaseNotMarkedScratchAndRunsNothing) {
  const std::string before = snapshot("shop");
  const TempFile file("refuse.sql", kMigration);
  const CliRun r = run_rollsafe("trace --pg " + uri("shop") + " " + file.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "rollsafe: refusing to trace against database 'shop': its name does not end "
                   "in _scratch (pass --i-know-this-is-scratch if it is a scratch copy)\n");
  EXPECT_EQ(snapshot("shop"), before);
}

TEST_F(PgTrace, ReportsLocksRewritesAndFindingsAndLeavesTheDatabaseUnchanged) {
  const std::string before = snapshot("shop_scratch");
  const TempFile file("run.sql", kMigration);
  const CliRun r = run_rollsafe("trace --pg " + uri("shop_scratch") + " " + file.path());
  EXPECT_EQ(r.status, 1) << r.err; // the static rules found errors
  EXPECT_EQ(r.err, "");
  const std::string& out = r.out;
  EXPECT_NE(out.find("database shop_scratch"), std::string::npos) << out;
  EXPECT_NE(out.find("rolled back"), std::string::npos) << out;
  // The volatile default: ACCESS EXCLUSIVE, a rewrite, and the rule that says so.
  const size_t add = out.find(":2:1  ALTER TABLE users ADD COLUMN token");
  const size_t cic = out.find(":3:1  CREATE INDEX CONCURRENTLY");
  ASSERT_NE(add, std::string::npos) << out;
  ASSERT_NE(cic, std::string::npos) << out;
  const std::string add_part = out.substr(add, cic - add);
  EXPECT_NE(add_part.find("locks:     ACCESS EXCLUSIVE on users (table)"), std::string::npos)
      << add_part;
  EXPECT_NE(add_part.find("rewrote:   users (table)"), std::string::npos) << add_part;
  EXPECT_NE(add_part.find("error[add-column-rewrite]"), std::string::npos) << add_part;
  // CONCURRENTLY is refused inside the transaction and never run outside it.
  EXPECT_NE(out.find("not traced: CREATE INDEX CONCURRENTLY cannot run inside a transaction "
                     "block"),
            std::string::npos)
      << out;
  // A constant default: no rewrite (PostgreSQL 11+).
  const size_t constant = out.find(":4:1  ALTER TABLE users ADD COLUMN locale");
  ASSERT_NE(constant, std::string::npos) << out;
  EXPECT_NE(out.find("rewrote:   nothing", constant), std::string::npos) << out;
  EXPECT_NE(out.find("error[drop-table]"), std::string::npos) << out;
  EXPECT_NE(out.find("not traced: transaction control"), std::string::npos) << out;
  EXPECT_NE(out.find("7 statements: 5 ran, 0 failed, 2 not traced"), std::string::npos) << out;
  EXPECT_EQ(snapshot("shop_scratch"), before);
}

TEST_F(PgTrace, JsonOutputAndTheScratchOverride) {
  const std::string before = snapshot("shop");
  const TempFile file("json.sql", "ALTER TABLE users ALTER COLUMN id TYPE bigint;\n"
                                  "SELECT missing FROM users;\n");
  const CliRun r = run_rollsafe("trace --format json --i-know-this-is-scratch --pg " + uri("shop") +
                                " " + file.path());
  EXPECT_EQ(r.status, 1) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["database"], "shop");
  EXPECT_EQ(doc["dialect"], "postgres");
  ASSERT_EQ(doc["statements"].size(), 2U);
  const auto& alter = doc["statements"][0];
  EXPECT_EQ(alter["status"], "ran");
  const auto has = [](const nlohmann::json& list, const nlohmann::json& wanted) {
    return std::any_of(list.begin(), list.end(), [&](const nlohmann::json& item) {
      return std::all_of(wanted.items().begin(), wanted.items().end(),
                         [&](const auto& kv) { return item[kv.key()] == kv.value(); });
    });
  };
  EXPECT_TRUE(has(
      alter["locks"],
      {{"relation", "users"}, {"kind", "table"}, {"mode", "ACCESS EXCLUSIVE"}, {"granted", true}}))
      << alter.dump(2);
  EXPECT_NE(std::find(alter["rewritten"].begin(), alter["rewritten"].end(), "users (table)"),
            alter["rewritten"].end());
  EXPECT_TRUE(has(alter["findings"], {{"rule", "change-column-type"}})) << alter.dump(2);
  EXPECT_TRUE(has(alter["findings"], {{"rule", "lock-timeout-missing"}})) << alter.dump(2);
  const auto& select = doc["statements"][1];
  EXPECT_EQ(select["status"], "failed");
  EXPECT_EQ(select["detail"], "column \"missing\" does not exist (SQLSTATE 42703)");
  EXPECT_EQ(snapshot("shop"), before);
}

TEST_F(PgTrace, UnreachableServerIsExitTwo) {
  const TempFile file("none.sql", "SELECT 1;\n");
  const CliRun r =
      run_rollsafe("trace --pg 'postgresql:///x_scratch?host=/nonexistent' " + file.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("rollsafe: cannot connect to PostgreSQL"), std::string::npos) << r.err;
}

class MariadbTrace : public ::testing::Test {
protected:
  void SetUp() override {
    const auto env = env_file("mariadb");
    ASSERT_TRUE(env.contains("ROLLSAFE_MARIADB_SOCKET")) << "no MariaDB fixture";
    socket_ = env.at("ROLLSAFE_MARIADB_SOCKET");
    trace::MariadbTarget t;
    t.socket = socket_;
    t.user = "root";
    trace::MariadbSession admin(t);
    for (const char* db : {"shop_scratch", "shop"}) {
      (void)admin.exec(std::string("DROP DATABASE IF EXISTS ") + db);
      ASSERT_TRUE(admin.exec(std::string("CREATE DATABASE ") + db).ok);
      ASSERT_TRUE(admin
                      .exec(std::string("CREATE TABLE ") + db +
                            ".users (id int PRIMARY KEY, email varchar(100), amount int) "
                            "ENGINE=InnoDB; INSERT INTO " +
                            db + ".users VALUES (1, 'a', 10)")
                      .ok);
    }
  }
  [[nodiscard]] std::string uri(const std::string& db) const {
    return "'mysql://root@/" + db + "?socket=" + socket_ + "'";
  }
  std::string columns(const std::string& db) const {
    trace::MariadbTarget t;
    t.socket = socket_;
    t.user = "root";
    t.database = db;
    trace::MariadbSession s(t);
    return s
        .exec("SELECT GROUP_CONCAT(COLUMN_NAME, ' ', COLUMN_TYPE ORDER BY ORDINAL_POSITION) "
              "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND "
              "TABLE_NAME = 'users'")
        .scalar();
  }
  std::string socket_;
};

TEST_F(MariadbTrace, RefusesADatabaseNotMarkedScratchAndRunsNothing) {
  const std::string before = columns("shop");
  const TempFile file("m-refuse.sql", "ALTER TABLE users DROP COLUMN email;\n");
  const CliRun r = run_rollsafe("trace --mysql " + uri("shop") + " " + file.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("rollsafe: refusing to trace against database 'shop': its name does not "
                       "end in _scratch"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
  EXPECT_EQ(columns("shop"), before);
  EXPECT_EQ(before, "id int(11),email varchar(100),amount int(11)");
}

TEST_F(MariadbTrace, ReportsTheAlgorithmTheServerAcceptsAndSaysChangesStay) {
  const TempFile file(
      "m-run.sql", "-- widen; then copy\nALTER TABLE users ADD COLUMN nickname varchar(50) NULL;\n"
                   "ALTER TABLE users MODIFY amount bigint;\n"
                   "CREATE INDEX users_email_idx ON users (email);\n"
                   "SELECT nope FROM users;\n");
  const CliRun r =
      run_rollsafe("trace --format json --mysql " + uri("shop_scratch") + " " + file.path());
  EXPECT_EQ(r.status, 1) << r.err; // the SELECT fails
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["dialect"], "mariadb");
  EXPECT_NE(doc["mode"].get<std::string>().find("changes stay in shop_scratch"), std::string::npos);
  ASSERT_EQ(doc["statements"].size(), 4U);
  EXPECT_EQ(doc["statements"][0]["line"], 2);
  EXPECT_EQ(doc["statements"][0]["algorithm"], "INSTANT");
  EXPECT_EQ(doc["statements"][0]["lock_clause"], "NONE");
  EXPECT_EQ(doc["statements"][1]["algorithm"], "COPY");
  EXPECT_EQ(doc["statements"][1]["lock_clause"], "SHARED");
  EXPECT_EQ(doc["statements"][2]["status"], "ran");
  EXPECT_EQ(doc["statements"][3]["status"], "failed");
  // DDL commits on MariaDB: the traced changes are in the scratch database.
  EXPECT_EQ(columns("shop_scratch"),
            "id int(11),email varchar(100),amount bigint(20),nickname varchar(50)");
}

TEST_F(MariadbTrace, ATableRenameIsRunButNotProbed) {
  // Probing RENAME TO on a copy would rename the copy; the real statement must
  // still find the new name free.
  const TempFile file("m-rename.sql", "ALTER TABLE users RENAME TO customers;\n"
                                      "ALTER TABLE customers RENAME COLUMN email TO mail;\n");
  const CliRun r =
      run_rollsafe("trace --format json --mysql " + uri("shop_scratch") + " " + file.path());
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["statements"].size(), 2U) << r.out;
  EXPECT_EQ(doc["statements"][0]["status"], "ran") << r.out;
  EXPECT_FALSE(doc["statements"][0].contains("algorithm")) << r.out;
  EXPECT_EQ(doc["statements"][1]["status"], "ran") << r.out;
  EXPECT_EQ(doc["statements"][1]["algorithm"], "INSTANT") << r.out;
  EXPECT_EQ(columns("shop_scratch"), ""); // users is gone
}

TEST_F(MariadbTrace, BadUriIsExitTwo) {
  const TempFile file("m-bad.sql", "SELECT 1;\n");
  const CliRun r = run_rollsafe("trace --mysql 'mysql://root@localhost' " + file.path());
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("names no database"), std::string::npos) << r.err;
}

} // namespace
} // namespace rollsafe::test
