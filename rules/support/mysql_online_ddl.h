// How InnoDB runs each ALTER TABLE action on MySQL 8.0 and MariaDB 10.x: which
// ALGORITHM it can use (INSTANT, INPLACE, or only COPY), whether INPLACE
// rebuilds the table, and the weakest LOCK it allows. The online DDL rules ask
// this instead of each keeping its own table. Sources, per operation, are cited
// in mysql_online_ddl.cpp:
//   MySQL 8.0 Reference Manual, 15.12.1 "Online DDL Operations"
//     https://dev.mysql.com/doc/refman/8.0/en/innodb-online-ddl-operations.html
//   MariaDB KB, "InnoDB Online DDL Operations with the INSTANT / NOCOPY /
//     INPLACE Alter Algorithm"
//     https://mariadb.com/kb/en/innodb-online-ddl-operations-with-the-instant-alter-algorithm/
//     https://mariadb.com/kb/en/innodb-online-ddl-operations-with-the-inplace-alter-algorithm/
#pragma once

#include "engine/rule.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe {

// The cheapest algorithm InnoDB can use, cheapest first.
enum class DdlAlgorithm : uint8_t {
  Instant, // metadata only
  Inplace, // no copy; concurrent DML unless `lock` says otherwise; may rebuild
  Copy,    // a new table is filled row by row; writes block for the whole copy
  Unknown, // rollsafe cannot tell (e.g. MODIFY of a column whose old definition it never saw)
};
[[nodiscard]] std::string_view to_string(DdlAlgorithm a); // "INSTANT", "INPLACE", "COPY"

// The weakest LOCK= the operation allows, weakest first.
enum class DdlLock : uint8_t { None, Shared, Exclusive };
[[nodiscard]] std::string_view to_string(DdlLock l); // "NONE", "SHARED", "EXCLUSIVE"

struct MySqlServer {
  bool mariadb = false;
  int version = 80000; // major * 10000 + minor * 100 + patch
};

// One ALTER TABLE action as InnoDB runs it.
struct OnlineDdl {
  const model::Item* item = nullptr;
  DdlAlgorithm algorithm = DdlAlgorithm::Inplace;
  DdlLock lock = DdlLock::None;
  bool rebuild = false; // INPLACE that rebuilds the table: hours of I/O on a big one
  model::Name table;
  // What the action does, for messages: "changing the type of `orders`.`amount`
  // from int to bigint", "dropping the primary key of `orders`".
  std::string what;
  // Why it cannot be cheaper, when that helps: "from MySQL 8.0.29 on it is INSTANT".
  std::string note;
};

// The statement's ALTER TABLE / CREATE INDEX / DROP INDEX actions, classified
// for `server`; actions of other statements are left out. `catalog` supplies a
// column's old definition for MODIFY/CHANGE. `foreign_key_checks`: whether
// foreign_key_checks is on (ADD FOREIGN KEY copies the table unless it is off).
[[nodiscard]] std::vector<OnlineDdl> mysql_online_ddl(const model::Statement& statement,
                                                      const model::Catalog& catalog,
                                                      const MySqlServer& server,
                                                      bool foreign_key_checks);

// Whether the server enforces a foreign key written inline in a column
// definition (`user_id bigint REFERENCES users (id)`): MySQL parses and ignores
// it before 9.0, MariaDB enforces it from 10.5.
[[nodiscard]] constexpr bool inline_references_enforced(const MySqlServer& server) {
  constexpr int kMySql90 = 90000;
  constexpr int kMariaDb105 = 100500;
  return server.version >= (server.mariadb ? kMariaDb105 : kMySql90);
}

// A MySQL session variable's name as SET writes it, reduced to the bare name:
// "@@SESSION.foreign_key_checks", "session foreign_key_checks" and
// "FOREIGN_KEY_CHECKS" are all "foreign_key_checks". GLOBAL settings keep their
// "global." prefix: they do not change the migration's own session.
[[nodiscard]] std::string mysql_variable(std::string_view name);

// Follows SET foreign_key_checks through a file (state for Context::file_state).
struct ForeignKeyChecks {
  bool on = true;
  void see(const model::Statement& statement);
};

// mysql_online_ddl() for the statement rules: the current statement's actions
// on tables older than this release, for the file's target server, following
// SET foreign_key_checks through the file. Computed once per statement and
// shared by every rule that asks (Context::memo), so a rule that uses it must
// ask on every statement (the file's SET foreign_key_checks are followed then).
[[nodiscard]] const std::vector<OnlineDdl>& online_ddl_on_existing_tables(Context& ctx);

// Column types as MySQL compares them: case, spaces and integer display widths
// do not count ("INT(11)" == "int"), nor do the aliases integer/int, bool/tinyint.
[[nodiscard]] std::string normalize_mysql_type(std::string_view type);

// `to` keeps every member of `from` at its position and only appends (ENUM/SET).
[[nodiscard]] bool appends_members(const std::vector<std::string>& from,
                                   const std::vector<std::string>& to);

} // namespace rollsafe
