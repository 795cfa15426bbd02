// The online DDL table (rules/support/mysql_online_ddl): which algorithm each
// ALTER TABLE action gets on which MySQL / MariaDB version.
#include "model/catalog.h"
#include "rules/support/mysql_online_ddl.h"
#include "support/lint_helpers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rollsafe::test {
namespace {

struct Classified {
  DdlAlgorithm algorithm = DdlAlgorithm::Unknown;
  DdlLock lock = DdlLock::None;
  bool rebuild = false;
  size_t actions = 0;
};

// Replays `setup` into a catalog, then classifies the single statement `sql`
// and returns its most expensive action.
Classified classify(const std::string& setup, const std::string& sql, MySqlServer server,
                    bool foreign_key_checks = true) {
  model::Catalog catalog;
  for (const model::Statement& s : parse_mysql(setup, server.version, server.mariadb).statements) {
    for (const model::Item& item : s.items) {
      catalog.apply(item.node);
    }
  }
  const Parsed parsed = parse_mysql(sql, server.version, server.mariadb);
  EXPECT_TRUE(parsed.errors.empty()) << sql;
  EXPECT_EQ(parsed.statements.size(), 1U) << sql;
  Classified out;
  if (parsed.statements.empty()) {
    return out;
  }
  const std::vector<OnlineDdl> actions =
      mysql_online_ddl(parsed.statements.front(), catalog, server, foreign_key_checks);
  out.actions = actions.size();
  for (size_t i = 0; i < actions.size(); ++i) {
    const OnlineDdl& a = actions[i];
    if (i == 0 || a.algorithm > out.algorithm) {
      out = {a.algorithm, a.lock, a.rebuild, actions.size()};
    }
  }
  return out;
}

constexpr MySqlServer kMySql80{false, 80000};
constexpr MySqlServer kMySql8012{false, 80012};
constexpr MySqlServer kMySql8029{false, 80029};
constexpr MySqlServer kMariaDb1032{true, 100302};
constexpr MySqlServer kMariaDb1011{true, 101100};

const std::string kOrders = "CREATE TABLE orders (id bigint PRIMARY KEY, amount int NOT NULL, "
                            "note varchar(20), code varchar(60), state ENUM('a', 'b'));";

TEST(MySqlOnlineDdl, AddColumnFollowsTheVersion) {
  const std::string last = "ALTER TABLE orders ADD COLUMN x int;";
  const std::string after = "ALTER TABLE orders ADD COLUMN x int AFTER id;";
  EXPECT_EQ(classify("", last, kMySql80).algorithm, DdlAlgorithm::Inplace);
  EXPECT_TRUE(classify("", last, kMySql80).rebuild);
  EXPECT_EQ(classify("", last, kMySql8012).algorithm, DdlAlgorithm::Instant);
  EXPECT_EQ(classify("", after, kMySql8012).algorithm, DdlAlgorithm::Inplace);
  EXPECT_EQ(classify("", after, kMySql8029).algorithm, DdlAlgorithm::Instant);
  EXPECT_EQ(classify("", last, kMariaDb1032).algorithm, DdlAlgorithm::Instant);
  EXPECT_EQ(classify("", "ALTER TABLE orders ADD COLUMN x int FIRST;", kMariaDb1032).algorithm,
            DdlAlgorithm::Inplace);
  EXPECT_EQ(classify("", "ALTER TABLE orders ADD COLUMN x int FIRST;", kMariaDb1011).algorithm,
            DdlAlgorithm::Instant);
  EXPECT_EQ(classify("", "ALTER TABLE orders DROP COLUMN note;", kMySql8012).algorithm,
            DdlAlgorithm::Inplace);
  EXPECT_EQ(classify("", "ALTER TABLE orders DROP COLUMN note;", kMySql8029).algorithm,
            DdlAlgorithm::Instant);
}

TEST(MySqlOnlineDdl, CopiesAndBlockingRebuilds) {
  EXPECT_EQ(
      classify("", "ALTER TABLE orders CONVERT TO CHARACTER SET utf8mb4;", kMySql8029).algorithm,
      DdlAlgorithm::Copy);
  EXPECT_EQ(classify("", "ALTER TABLE orders DROP PRIMARY KEY;", kMariaDb1011).algorithm,
            DdlAlgorithm::Copy);
  const Classified swap =
      classify("", "ALTER TABLE orders DROP PRIMARY KEY, ADD PRIMARY KEY (id, amount);", kMySql80);
  EXPECT_EQ(swap.algorithm, DdlAlgorithm::Inplace);
  EXPECT_TRUE(swap.rebuild);
  EXPECT_EQ(swap.actions, 2U);
  const std::string fk = "ALTER TABLE orders ADD FOREIGN KEY (amount) REFERENCES users (id);";
  EXPECT_EQ(classify("", fk, kMySql8029).algorithm, DdlAlgorithm::Copy);
  EXPECT_EQ(classify("", fk, kMySql8029, false).algorithm, DdlAlgorithm::Inplace);
  // A column's own REFERENCES: ignored by MySQL 8.0, a foreign key on MariaDB 10.5+.
  const std::string inline_fk = "ALTER TABLE orders ADD COLUMN u bigint REFERENCES users (id);";
  EXPECT_EQ(classify("", inline_fk, kMySql8029).algorithm, DdlAlgorithm::Instant);
  EXPECT_EQ(classify("", inline_fk, kMariaDb1011).algorithm, DdlAlgorithm::Copy);
  const Classified serial =
      classify("", "ALTER TABLE orders ADD COLUMN seq bigint AUTO_INCREMENT UNIQUE;", kMySql8029);
  EXPECT_EQ(serial.algorithm, DdlAlgorithm::Inplace);
  EXPECT_EQ(serial.lock, DdlLock::Shared);
  EXPECT_EQ(classify("", "ALTER TABLE orders ADD COLUMN t int AS (amount * 2) STORED;", kMySql8029)
                .algorithm,
            DdlAlgorithm::Copy);
  EXPECT_EQ(classify("", "CREATE INDEX orders_amount_idx ON orders (amount);", kMySql80).algorithm,
            DdlAlgorithm::Inplace);
  EXPECT_EQ(classify("", "ALTER TABLE orders FORCE;", kMySql80).algorithm, DdlAlgorithm::Inplace);
}

TEST(MySqlOnlineDdl, ModifyComparesWithTheKnownColumn) {
  EXPECT_EQ(classify("", "ALTER TABLE orders MODIFY amount bigint NOT NULL;", kMySql8029).algorithm,
            DdlAlgorithm::Unknown)
      << "without the old definition";
  EXPECT_EQ(
      classify(kOrders, "ALTER TABLE orders MODIFY amount bigint NOT NULL;", kMySql8029).algorithm,
      DdlAlgorithm::Copy);
  EXPECT_EQ(
      classify(kOrders, "ALTER TABLE orders MODIFY amount INT(11) NOT NULL;", kMySql8029).algorithm,
      DdlAlgorithm::Instant)
      << "the same type restated";
  // VARCHAR: the length prefix (1 byte up to 255 bytes, utf8mb4 assumed) decides.
  EXPECT_EQ(classify(kOrders, "ALTER TABLE orders MODIFY note varchar(60);", kMySql8029).algorithm,
            DdlAlgorithm::Inplace);
  EXPECT_EQ(classify(kOrders, "ALTER TABLE orders MODIFY code varchar(70);", kMySql8029).algorithm,
            DdlAlgorithm::Copy);
  EXPECT_EQ(
      classify(kOrders, "ALTER TABLE orders MODIFY code varchar(70);", kMariaDb1011).algorithm,
      DdlAlgorithm::Instant);
  EXPECT_EQ(
      classify(kOrders, "ALTER TABLE orders MODIFY note varchar(10);", kMariaDb1011).algorithm,
      DdlAlgorithm::Copy)
      << "shrinking";
  // ENUM members: appending is instant, reordering copies.
  EXPECT_EQ(classify(kOrders, "ALTER TABLE orders MODIFY state ENUM('a', 'b', 'c');", kMySql8012)
                .algorithm,
            DdlAlgorithm::Instant);
  EXPECT_EQ(
      classify(kOrders, "ALTER TABLE orders MODIFY state ENUM('b', 'a');", kMySql8029).algorithm,
      DdlAlgorithm::Copy);
  const Classified not_null =
      classify(kOrders, "ALTER TABLE orders MODIFY note varchar(20) NOT NULL;", kMySql8029);
  EXPECT_EQ(not_null.algorithm, DdlAlgorithm::Inplace);
  EXPECT_TRUE(not_null.rebuild);
  EXPECT_EQ(classify(kOrders, "ALTER TABLE orders MODIFY note varchar(20) AFTER id;", kMariaDb1011)
                .algorithm,
            DdlAlgorithm::Instant);
  EXPECT_EQ(
      classify(kOrders, "ALTER TABLE orders CHANGE note memo varchar(20);", kMySql8029).algorithm,
      DdlAlgorithm::Instant);
}

TEST(MySqlOnlineDdl, TypesCompareAsMySqlDoes) {
  EXPECT_EQ(normalize_mysql_type("INT(11)"), "int");
  EXPECT_EQ(normalize_mysql_type("integer"), "int");
  EXPECT_EQ(normalize_mysql_type("BIGINT(20) UNSIGNED"), "bigintunsigned");
  EXPECT_EQ(normalize_mysql_type("Decimal(10, 2)"), "decimal(10,2)");
  EXPECT_EQ(normalize_mysql_type("numeric(10,2)"), "decimal(10,2)");
  EXPECT_NE(normalize_mysql_type("varchar(20)"), normalize_mysql_type("varchar(21)"));
  EXPECT_TRUE(appends_members({"a", "b"}, {"a", "b", "c"}));
  EXPECT_FALSE(appends_members({"a", "b"}, {"b", "a"}));
  EXPECT_FALSE(appends_members({"a", "b"}, {"a"}));
  EXPECT_EQ(mysql_variable("@@SESSION.Foreign_Key_Checks"), "foreign_key_checks");
  EXPECT_EQ(mysql_variable("@@global.foreign_key_checks"), "global.foreign_key_checks");
}

} // namespace
} // namespace rollsafe::test
