// The MySQL/MariaDB frontend: grammar acceptance, error recovery, executable
// comments, and the lowering of each statement family into the model.
#include "frontend/frontend.h"
#include "support/lint_helpers.h"

#include <gtest/gtest.h>

#include <string>

namespace rollsafe::test {
namespace {

template <class T> const T& item(const Parsed& p, size_t stmt = 0, size_t index = 0) {
  EXPECT_TRUE(p.errors.empty()) << p.errors.front();
  static const T empty{};
  if (p.statements.size() <= stmt || p.statements[stmt].items.size() <= index) {
    ADD_FAILURE() << "no statement " << stmt << " item " << index;
    return empty;
  }
  const T* node = std::get_if<T>(&p.statements[stmt].items[index].node);
  EXPECT_NE(node, nullptr) << "statement " << stmt << " item " << index << " has another kind";
  return node != nullptr ? *node : empty;
}

std::string text_of(const std::string& sql, model::Span s) {
  return sql.substr(s.begin, s.end - s.begin);
}

// Quoted names and literals: doubled quotes, backslash escapes (a backslash
// before % and _ stays, for LIKE patterns), a trailing escaped backslash, and
// case folding of column names only.
TEST(MySqlLowering, QuotedNamesAndLiteralsAreUnescaped) {
  const std::string sql =
      "CREATE TABLE `we``ird` (`Col``A` int, s SET('it''s', 'a\\nb', 'x\\\\y', 'p\\%q', "
      "\"dq\"\"x\", 'tail\\\\', 'plain'), t SERIAL, u INT(11) UNSIGNED ZEROFILL);\n"
      "ALTER TABLE Db.`T` ADD COLUMN `B``c` int AFTER `Col``A`;";
  const auto p = parse_mysql(sql);
  const auto& t = item<model::CreateTable>(p);
  EXPECT_EQ(t.table.name, "we`ird");
  ASSERT_EQ(t.columns.size(), 4U);
  EXPECT_EQ(t.columns[0].name, "col`a");
  EXPECT_EQ(t.columns[1].enum_values, (std::vector<std::string>{"it's", "a\nb", "x\\y", "p\\%q",
                                                                "dq\"x", "tail\\", "plain"}));
  EXPECT_TRUE(t.columns[2].serial);
  EXPECT_TRUE(t.columns[2].not_null);
  EXPECT_EQ(t.columns[3].type, "int(11) unsigned zerofill");
  const auto& add = item<model::AddColumn>(p, 1);
  EXPECT_EQ(add.table.schema, "Db");
  EXPECT_EQ(add.table.name, "T");
  EXPECT_EQ(add.column.name, "b`c");
  EXPECT_EQ(add.position, "AFTER col`a");
}

TEST(MySqlLowering, CreateTable) {
  const std::string sql =
      "CREATE TABLE IF NOT EXISTS `app`.`Orders` (\n"
      "  `ID` bigint unsigned NOT NULL AUTO_INCREMENT,\n"
      "  user_id INT NOT NULL,\n"
      "  status ENUM('new','paid') NOT NULL DEFAULT 'new',\n"
      "  created_at datetime(6) DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),\n"
      "  token char(36) DEFAULT (uuid()),\n"
      "  note VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL DEFAULT NULL,\n"
      "  PRIMARY KEY (`ID`),\n"
      "  UNIQUE KEY uq_user (user_id),\n"
      "  KEY idx_status (status),\n"
      "  CONSTRAINT fk_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,\n"
      "  CONSTRAINT positive CHECK (user_id > 0)\n"
      ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;";
  const auto p = parse_mysql(sql);
  const auto& t = item<model::CreateTable>(p);
  EXPECT_EQ(p.statements.at(0).kind, "CREATE TABLE");
  EXPECT_EQ(t.table.schema, "app");
  EXPECT_EQ(t.table.name, "Orders"); // table names keep their case
  EXPECT_TRUE(t.if_not_exists);
  ASSERT_EQ(t.columns.size(), 6U);
  EXPECT_EQ(t.columns[0].name, "id"); // column names fold to lower case
  EXPECT_EQ(t.columns[0].type, "bigint unsigned");
  EXPECT_TRUE(t.columns[0].serial);
  EXPECT_TRUE(t.columns[0].not_null);
  EXPECT_EQ(t.columns[2].type, "enum('new','paid')");
  EXPECT_EQ(t.columns[2].enum_values, (std::vector<std::string>{"new", "paid"}));
  ASSERT_TRUE(t.columns[2].default_value.has_value());
  EXPECT_EQ(t.columns[2].default_value->volatility, model::Volatility::Constant);
  EXPECT_EQ(t.columns[3].type, "datetime(6)");
  EXPECT_EQ(t.columns[3].default_value->volatility, model::Volatility::Stable);
  EXPECT_EQ(t.columns[4].default_value->volatility, model::Volatility::Volatile);
  EXPECT_EQ(t.columns[4].default_value->function, "uuid");
  EXPECT_EQ(t.columns[5].type, "varchar(20)");
  EXPECT_FALSE(t.columns[5].not_null);
  EXPECT_EQ(t.columns[5].default_value->volatility, model::Volatility::Null);
  ASSERT_EQ(t.constraints.size(), 4U); // the plain KEY is an index, not a constraint
  EXPECT_EQ(t.constraints[0].kind, model::ConstraintKind::PrimaryKey);
  EXPECT_EQ(t.constraints[0].name, "PRIMARY");
  EXPECT_EQ(t.constraints[1].kind, model::ConstraintKind::Unique);
  EXPECT_EQ(t.constraints[1].name, "uq_user");
  EXPECT_EQ(t.constraints[2].kind, model::ConstraintKind::ForeignKey);
  EXPECT_EQ(t.constraints[2].name, "fk_user");
  EXPECT_EQ(t.constraints[2].references.name, "users");
  EXPECT_EQ(t.constraints[2].on_delete, model::ReferentialAction::Cascade);
  EXPECT_EQ(t.constraints[3].kind, model::ConstraintKind::Check);
  EXPECT_EQ(t.constraints[3].columns, std::vector<std::string>{"user_id"});
  EXPECT_EQ(text_of(sql, t.table.span), "`app`.`Orders`");
}

// The CREATE TABLE flags, the table's name and each column's type, which the
// lowering reads in one pass over a context's children: TEMPORARY, LIKE (with
// and without brackets: the table is the first name), AS SELECT, several type
// arguments written with blanks, multi-word type names, and type suffixes of
// which only UNSIGNED and ZEROFILL count.
TEST(MySqlLowering, CreateTableFlagsNamesAndTypes) {
  const std::string sql =
      "CREATE TEMPORARY TABLE IF NOT EXISTS tmp (a DECIMAL( 10 , 2 ) UNSIGNED ZEROFILL NOT NULL,\n"
      "  b Double Precision, c VARCHAR(8) CHARACTER SET latin1 COLLATE latin1_bin,\n"
      "  `D` INT SIGNED, e SET('x','y') CHARSET utf8mb4, f NATIONAL VARCHAR (4) BINARY,\n"
      "  g BIGINT(20) ZEROFILL);\n"
      "CREATE TABLE copy LIKE `src`.`orig`;\n"
      "CREATE TABLE copy2 (LIKE orig);\n"
      "CREATE TABLE sel AS SELECT 1 AS one;\n"
      "CREATE TABLE plain (id INT);";
  const auto p = parse_mysql(sql);
  ASSERT_EQ(p.statements.size(), 5U);
  const auto& t = item<model::CreateTable>(p);
  EXPECT_EQ(t.table.name, "tmp");
  EXPECT_TRUE(t.temporary);
  EXPECT_TRUE(t.if_not_exists);
  EXPECT_FALSE(t.as_select);
  ASSERT_EQ(t.columns.size(), 7U);
  EXPECT_EQ(t.columns[0].type, "decimal(10,2) unsigned zerofill");
  EXPECT_TRUE(t.columns[0].not_null);
  EXPECT_EQ(t.columns[1].type, "double precision");
  EXPECT_EQ(t.columns[2].type, "varchar(8)");
  EXPECT_EQ(t.columns[3].name, "d");
  EXPECT_EQ(t.columns[3].type, "int");
  EXPECT_EQ(t.columns[4].type, "set('x','y')");
  EXPECT_EQ(t.columns[5].type, "national varchar(4)");
  EXPECT_EQ(t.columns[6].type, "bigint(20) zerofill");
  const auto& like = item<model::CreateTable>(p, 1);
  EXPECT_EQ(like.table.name, "copy");
  EXPECT_TRUE(like.table.schema.empty());
  EXPECT_TRUE(like.as_select);
  EXPECT_FALSE(like.temporary);
  const auto& bracketed = item<model::CreateTable>(p, 2);
  EXPECT_EQ(bracketed.table.name, "copy2");
  EXPECT_TRUE(bracketed.as_select);
  const auto& select = item<model::CreateTable>(p, 3);
  EXPECT_EQ(select.table.name, "sel");
  EXPECT_TRUE(select.as_select);
  const auto& plain = item<model::CreateTable>(p, 4);
  EXPECT_FALSE(plain.as_select);
  EXPECT_FALSE(plain.temporary);
  EXPECT_FALSE(plain.if_not_exists);
}

TEST(MySqlLowering, AlterTableSpecifications) {
  const std::string sql = "ALTER TABLE users\n"
                          "  ADD COLUMN nick VARCHAR(10) NOT NULL DEFAULT '' AFTER name,\n"
                          "  DROP COLUMN legacy,\n"
                          "  MODIFY email VARCHAR(320) NOT NULL,\n"
                          "  CHANGE COLUMN `Old` new_name INT FIRST,\n"
                          "  RENAME COLUMN a TO b,\n"
                          "  ALTER COLUMN c SET DEFAULT 1,\n"
                          "  ALTER c DROP DEFAULT,\n"
                          "  ADD UNIQUE INDEX uq (email),\n"
                          "  ADD CONSTRAINT fk FOREIGN KEY (org) REFERENCES orgs(id),\n"
                          "  DROP PRIMARY KEY,\n"
                          "  DROP FOREIGN KEY fk2,\n"
                          "  DROP INDEX idx,\n"
                          "  RENAME INDEX i1 TO i2,\n"
                          "  ALGORITHM=INPLACE, LOCK=NONE;";
  const auto p = parse_mysql(sql);
  ASSERT_EQ(p.statements.size(), 1U);
  const auto& s = p.statements[0];
  ASSERT_EQ(s.items.size(), 13U);
  const auto& add = item<model::AddColumn>(p, 0, 0);
  EXPECT_EQ(add.column.name, "nick");
  EXPECT_TRUE(add.column.not_null);
  EXPECT_EQ(add.position, "AFTER name");
  EXPECT_EQ(text_of(sql, s.items[0].span),
            "ADD COLUMN nick VARCHAR(10) NOT NULL DEFAULT '' AFTER name");
  EXPECT_EQ(item<model::DropColumn>(p, 0, 1).column, "legacy");
  const auto& modify = item<model::RedefineColumn>(p, 0, 2);
  EXPECT_EQ(modify.column, "email");
  EXPECT_FALSE(modify.change);
  EXPECT_EQ(modify.definition.type, "varchar(320)");
  const auto& change = item<model::RedefineColumn>(p, 0, 3);
  EXPECT_EQ(change.column, "old");
  EXPECT_EQ(change.definition.name, "new_name");
  EXPECT_EQ(change.position, "FIRST");
  EXPECT_TRUE(change.change);
  EXPECT_EQ(item<model::RenameColumn>(p, 0, 4).new_name, "b");
  EXPECT_EQ(item<model::SetDefault>(p, 0, 5).column, "c");
  EXPECT_EQ(item<model::DropDefault>(p, 0, 6).column, "c");
  const auto& index = item<model::AddConstraint>(p, 0, 7);
  EXPECT_EQ(index.constraint.kind, model::ConstraintKind::Unique);
  EXPECT_EQ(index.constraint.name, "uq");
  EXPECT_EQ(item<model::AddConstraint>(p, 0, 8).constraint.kind, model::ConstraintKind::ForeignKey);
  EXPECT_EQ(item<model::DropConstraint>(p, 0, 9).name, "PRIMARY");
  EXPECT_EQ(item<model::DropConstraint>(p, 0, 10).name, "fk2");
  const auto& drop = item<model::DropObject>(p, 0, 11);
  EXPECT_EQ(drop.kind, model::ObjectKind::Index);
  EXPECT_EQ(drop.name.name, "idx");
  EXPECT_EQ(drop.table.name, "users");
  EXPECT_EQ(item<model::RenameObject>(p, 0, 12).new_name, "i2");
  const auto nn = parse_mysql("ALTER TABLE t ADD CONSTRAINT c CHECK (`Email` IS NOT NULL);");
  EXPECT_EQ(item<model::AddConstraint>(nn).constraint.not_null_column, "email");
  EXPECT_EQ(s.algorithm, "INPLACE");
  EXPECT_EQ(s.lock, "NONE");
  EXPECT_EQ(text_of(sql, s.algorithm_span), "ALGORITHM=INPLACE");
}

TEST(MySqlLowering, AlterTableRewritesAndRename) {
  const auto p = parse_mysql("ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4, FORCE;\n"
                             "ALTER TABLE t ENGINE=InnoDB;\n"
                             "ALTER TABLE t COMMENT 'x';\n"
                             "ALTER TABLE t RENAME TO u;\n"
                             "RENAME TABLE a TO b, c TO d;");
  ASSERT_EQ(p.statements.size(), 5U);
  EXPECT_TRUE(item<model::AlterTableOther>(p, 0, 0).rewrites);
  EXPECT_EQ(item<model::AlterTableOther>(p, 0, 0).action, "CONVERT TO CHARACTER SET");
  EXPECT_TRUE(item<model::AlterTableOther>(p, 0, 1).rewrites);
  EXPECT_TRUE(item<model::AlterTableOther>(p, 1, 0).rewrites);
  EXPECT_FALSE(item<model::AlterTableOther>(p, 2, 0).rewrites);
  EXPECT_EQ(item<model::RenameObject>(p, 3).kind, model::ObjectKind::Table);
  EXPECT_EQ(item<model::RenameObject>(p, 3).new_name, "u");
  EXPECT_EQ(item<model::RenameObject>(p, 4, 0).object.name, "a");
  EXPECT_EQ(item<model::RenameObject>(p, 4, 1).new_name, "d");
}

TEST(MySqlLowering, Indexes) {
  const auto p = parse_mysql("CREATE UNIQUE INDEX ix ON t (a, b(10), (lower(c))) ALGORITHM=INPLACE "
                             "LOCK=SHARED;\nDROP INDEX ix ON t ALGORITHM = INSTANT;");
  const auto& c = item<model::CreateIndex>(p);
  EXPECT_TRUE(c.unique);
  EXPECT_EQ(c.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(c.has_expressions);
  EXPECT_EQ(p.statements[0].algorithm, "INPLACE");
  EXPECT_EQ(p.statements[0].lock, "SHARED");
  EXPECT_EQ(item<model::DropObject>(p, 1).table.name, "t");
  EXPECT_EQ(p.statements[1].algorithm, "INSTANT");
}

TEST(MySqlLowering, Drops) {
  const auto p = parse_mysql("DROP TABLE IF EXISTS a, b;\nDROP VIEW v;\nDROP TRIGGER IF EXISTS "
                             "trg;\nDROP PROCEDURE p;\nDROP DATABASE d;");
  ASSERT_EQ(p.statements.size(), 5U);
  EXPECT_EQ(item<model::DropObject>(p, 0, 1).name.name, "b");
  EXPECT_TRUE(item<model::DropObject>(p, 0, 0).if_exists);
  EXPECT_EQ(item<model::DropObject>(p, 1).kind, model::ObjectKind::View);
  EXPECT_EQ(item<model::DropObject>(p, 2).kind, model::ObjectKind::Trigger);
  EXPECT_EQ(item<model::DropObject>(p, 3).kind, model::ObjectKind::Procedure);
  EXPECT_EQ(item<model::DropObject>(p, 4).kind, model::ObjectKind::Schema);
}

TEST(MySqlLowering, SkippedTokenRunsAreReadFromTheTokenStream) {
  // restOfStatement, parenthesized, setValue and opaqueBody build no tree node
  // for the tokens they skip (skipSoup in grammar/MySqlParser.g4): what the
  // lowering reads from them comes from the token stream.
  const auto p = parse_mysql(
      "ALTER TABLE t ADD COLUMN c INT DEFAULT ((1 + (RAND()))),\n"
      "  ADD CONSTRAINT k CHECK ((a > 0) AND (`B` IS NULL));\n"
      "UPDATE t SET a = (SELECT 1 FROM u WHERE u.x = 1);\n"
      "UPDATE t SET a = (1) WHERE (b = 2);\n"
      "DELETE FROM t USING t JOIN u ON (t.id = u.id) WHERE (t.a = u.a);\n"
      "DELIMITER //\n"
      "SET SESSION sql_mode = CONCAT(@@sql_mode, (';x')), lock_wait_timeout = (5) //\n");
  ASSERT_EQ(p.statements.size(), 5U);
  const auto& add = item<model::AddColumn>(p, 0, 0);
  ASSERT_TRUE(add.column.default_value.has_value());
  EXPECT_EQ(add.column.default_value->volatility, model::Volatility::Volatile);
  EXPECT_EQ(add.column.default_value->function, "rand");
  EXPECT_EQ(item<model::AddConstraint>(p, 0, 1).constraint.columns,
            (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(item<model::Dml>(p, 1).has_where); // the WHERE is inside the brackets
  EXPECT_TRUE(item<model::Dml>(p, 2).has_where);
  EXPECT_TRUE(item<model::Dml>(p, 3).has_where);
  EXPECT_EQ(item<model::SetVariable>(p, 4, 0).value, "CONCAT(@@sql_mode, (';x'))");
  EXPECT_EQ(item<model::SetVariable>(p, 4, 1).value, "(5)");

  // Unbalanced brackets fail as they do without the skip: at the end of the
  // statement when a bracket is never closed (where MariaDB reports it too), at
  // the `)` that closes nothing, at UNEXPECTED.
  const auto bad =
      parse_mysql("INSERT INTO t VALUES (1, (2;\nSELECT (1)) + 1;\n"
                  "CREATE TRIGGER g BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1 \\ 2;");
  ASSERT_EQ(bad.errors.size(), 3U);
  EXPECT_EQ(bad.errors[0], "1:27 syntax error at end of statement");
  EXPECT_EQ(bad.errors[1], "2:11 syntax error at or near \")\"");
  EXPECT_EQ(bad.errors[2], "3:64 syntax error at or near \"\\\"");
}

TEST(MySqlLowering, Data) {
  const auto p = parse_mysql("INSERT IGNORE INTO t (a) VALUES (1);\n"
                             "REPLACE INTO t SELECT * FROM u;\n"
                             "UPDATE t SET a = 1;\n"
                             "UPDATE t JOIN u ON t.id = u.id SET t.a = u.a WHERE u.b = 1;\n"
                             "DELETE FROM t WHERE a = 1;\n"
                             "DELETE t, u FROM t JOIN u ON t.id = u.id;\n"
                             "TRUNCATE TABLE t;");
  ASSERT_EQ(p.statements.size(), 7U);
  EXPECT_EQ(item<model::Dml>(p, 0).kind, model::DmlKind::Insert);
  EXPECT_EQ(item<model::Dml>(p, 1).kind, model::DmlKind::Insert);
  EXPECT_FALSE(item<model::Dml>(p, 2).has_where);
  ASSERT_EQ(p.statements[3].items.size(), 2U);
  EXPECT_EQ(item<model::Dml>(p, 3, 1).table.name, "u");
  EXPECT_TRUE(item<model::Dml>(p, 3, 1).has_where);
  EXPECT_TRUE(item<model::Dml>(p, 4).has_where);
  ASSERT_EQ(p.statements[5].items.size(), 2U);
  EXPECT_EQ(item<model::Dml>(p, 5, 1).kind, model::DmlKind::Delete);
  EXPECT_EQ(item<model::Truncate>(p, 6).table.name, "t");
}

TEST(MySqlLowering, Session) {
  const auto p = parse_mysql("SET SESSION lock_wait_timeout = 5;\n"
                             "SET @@session.innodb_lock_wait_timeout = 3, @x := 1;\n"
                             "SET GLOBAL max_connections = 10;\n"
                             "SET NAMES utf8mb4;\n"
                             "START TRANSACTION;\nCOMMIT;\nBEGIN;\nROLLBACK;\n"
                             "USE db;\nLOCK TABLES t WRITE, u READ;\nUNLOCK TABLES;");
  ASSERT_EQ(p.statements.size(), 11U);
  EXPECT_EQ(item<model::SetVariable>(p, 0).name, "lock_wait_timeout");
  EXPECT_EQ(item<model::SetVariable>(p, 0).value, "5");
  EXPECT_EQ(item<model::SetVariable>(p, 1, 0).name, "innodb_lock_wait_timeout");
  EXPECT_EQ(item<model::SetVariable>(p, 1, 1).name, "@x");
  EXPECT_EQ(item<model::SetVariable>(p, 2).name, "global.max_connections");
  EXPECT_EQ(item<model::Transaction>(p, 4).kind, model::TransactionKind::Begin);
  EXPECT_EQ(item<model::Transaction>(p, 5).kind, model::TransactionKind::Commit);
  EXPECT_EQ(item<model::Transaction>(p, 6).kind, model::TransactionKind::Begin);
  EXPECT_EQ(item<model::Transaction>(p, 7).kind, model::TransactionKind::Rollback);
  EXPECT_EQ(item<model::LockTable>(p, 9, 0).mode, "WRITE");
  EXPECT_EQ(item<model::LockTable>(p, 9, 1).table.name, "u");
}

TEST(MySqlLowering, ObjectsWithOpaqueBodies) {
  const std::string sql = "CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`root`@`%` SQL SECURITY "
                          "INVOKER VIEW v AS SELECT 1;\n"
                          "DELIMITER $$\n"
                          "CREATE DEFINER=`root`@`localhost` TRIGGER trg BEFORE INSERT ON t FOR "
                          "EACH ROW BEGIN\n  SET NEW.a = 1;\n  IF NEW.b THEN SET NEW.c = 2; END "
                          "IF;\nEND$$\n"
                          "CREATE PROCEDURE p(IN x INT) BEGIN SELECT x; END$$\n"
                          "CREATE FUNCTION f() RETURNS INT DETERMINISTIC RETURN 1$$\n"
                          "DELIMITER ;\n"
                          "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM t;\n"
                          "CREATE DATABASE IF NOT EXISTS shop CHARACTER SET utf8mb4;";
  const auto p = parse_mysql(sql);
  ASSERT_EQ(p.statements.size(), 6U);
  EXPECT_EQ(item<model::CreateObject>(p, 0).kind, model::ObjectKind::View);
  EXPECT_TRUE(item<model::CreateObject>(p, 0).or_replace);
  EXPECT_EQ(item<model::CreateObject>(p, 1).kind, model::ObjectKind::Trigger);
  EXPECT_EQ(item<model::CreateObject>(p, 1).table.name, "t");
  EXPECT_EQ(item<model::CreateObject>(p, 2).kind, model::ObjectKind::Procedure);
  EXPECT_EQ(item<model::CreateObject>(p, 3).kind, model::ObjectKind::Function);
  EXPECT_EQ(p.statements[4].kind, "CREATE EVENT");
  EXPECT_EQ(item<model::CreateObject>(p, 5).kind, model::ObjectKind::Schema);
}

TEST(MySqlParsing, SyntaxErrorAtTheTokenAndRecovery) {
  const auto p = parse_mysql("ALTER TABLE t ADD COLUMN;\nCREATE TABLE x (a INT);\n"
                             "ALTER TABLE t DROP COLUMN a b;\n");
  ASSERT_EQ(p.errors.size(), 2U);
  EXPECT_EQ(p.errors[0], "1:19 syntax error at end of statement");
  EXPECT_EQ(p.errors[1], "3:29 syntax error at or near \"b\"");
  ASSERT_EQ(p.statements.size(), 1U);
  EXPECT_EQ(p.statements[0].kind, "CREATE TABLE");
}

TEST(MySqlParsing, LexicalForms) {
  const auto p = parse_mysql(
      "INSERT INTO t VALUES (_utf8mb4'x', X'0F', 0x1F, b'01', 0b1, 'it''s', \"a\\\"b\", N'n');\n"
      "SET @a = @@global.max_connections;\n"
      "# a comment\n-- another\n/* block */ SELECT 1--1;\n"
      "CREATE TABLE `select` (`from` INT, status INT, comment TEXT, `date` DATE);");
  EXPECT_TRUE(p.errors.empty()) << p.errors.front();
  EXPECT_EQ(p.statements.size(), 4U);
}

TEST(MySqlParsing, ExecutableCommentsFollowTheTargetVersion) {
  const std::string sql = "ALTER TABLE t /*!80013 ALGORITHM=INSTANT, */ ADD COLUMN c INT;\n"
                          "/*!40101 SET NAMES utf8 */;\n"
                          "/*!90000 DROP TABLE t */;";
  const auto p8 = parse_mysql(sql, 80013);
  ASSERT_TRUE(p8.errors.empty()) << p8.errors.front();
  ASSERT_EQ(p8.statements.size(), 2U); // the 9.0 comment is a comment
  EXPECT_EQ(p8.statements[0].algorithm, "INSTANT");
  const auto p57 = parse_mysql(sql, 50700);
  ASSERT_TRUE(p57.errors.empty()) << p57.errors.front();
  EXPECT_EQ(p57.statements.at(0).algorithm, "");
  // MariaDB: /*M! comments run, MySQL 5.7+ ones do not.
  const auto maria = parse_mysql("/*M!100300 ALTER TABLE t ADD COLUMN c INT */;\n"
                                 "ALTER TABLE t /*!80013 ALGORITHM=INSTANT, */ DROP COLUMN d;",
                                 101100, true);
  ASSERT_TRUE(maria.errors.empty()) << maria.errors.front();
  ASSERT_EQ(maria.statements.size(), 2U);
  EXPECT_EQ(maria.statements[0].kind, "ALTER TABLE");
  EXPECT_EQ(maria.statements[1].algorithm, "");
}

TEST(MySqlParsing, TableOptionsWithoutCommas) {
  const auto p = parse_mysql("ALTER TABLE t DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin "
                             "ENGINE=InnoDB;");
  ASSERT_EQ(p.statements.at(0).items.size(), 3U);
  EXPECT_TRUE(item<model::AlterTableOther>(p, 0, 2).rewrites); // ENGINE=
  EXPECT_FALSE(item<model::AlterTableOther>(p, 0, 0).rewrites);
}

TEST(MySqlParsing, MariaDbRejectsSomeMySqlSyntax) {
  const std::string sql = "DROP INDEX i ON t ALGORITHM=INPLACE;\n"
                          "UPDATE t SET j = CAST(x AS json);";
  EXPECT_TRUE(parse_mysql(sql).errors.empty());
  const auto maria = parse_mysql(sql, 101100, true);
  ASSERT_EQ(maria.errors.size(), 2U);
  EXPECT_EQ(maria.errors[0].substr(0, 5), "1:19 ");
  EXPECT_EQ(maria.errors[1].substr(0, 5), "2:28 ");
}

TEST(MySqlParsing, PreparedStatementTextIsLinted) {
  const std::string sql = "SET @s = 'x';\nPREPARE stmt FROM 'ALTER TABLE t DROP COLUMN c';\n"
                          "EXECUTE stmt;\nDEALLOCATE PREPARE stmt;";
  const auto p = parse_mysql(sql);
  ASSERT_TRUE(p.errors.empty()) << p.errors.front();
  ASSERT_EQ(p.statements.size(), 5U);
  EXPECT_EQ(p.statements[1].kind, "PREPARE");
  const auto& drop = item<model::DropColumn>(p, 2);
  EXPECT_EQ(drop.column, "c");
  EXPECT_EQ(text_of(sql, p.statements[2].items[0].span), "DROP COLUMN c");
}

TEST(MySqlParsing, DeepNestingIsADiagnosticNotACrash) {
  const std::string sql =
      "SELECT " + std::string(10000, '(') + "1" + std::string(10000, ')') + ";\nDROP TABLE t;";
  const auto p = parse_mysql(sql);
  ASSERT_EQ(p.errors.size(), 1U);
  EXPECT_NE(p.errors[0].find("nested deeper than 1000"), std::string::npos);
  ASSERT_EQ(p.statements.size(), 1U);
  EXPECT_EQ(p.statements[0].kind, "DROP TABLE");
}

TEST(MySqlParsing, CommentsAreReported) {
  auto frontend = make_mysql_frontend();
  const std::string sql = "-- rollsafe: phase=contract\n# hash\nSELECT 1; /* c */";
  const auto comments = frontend->comments(sql);
  ASSERT_EQ(comments.size(), 3U);
  EXPECT_EQ(comments[0].text, "-- rollsafe: phase=contract");
  EXPECT_TRUE(comments[0].leading);
  EXPECT_EQ(comments[1].text, "# hash");
  EXPECT_FALSE(comments[2].leading);
}

} // namespace
} // namespace rollsafe::test
