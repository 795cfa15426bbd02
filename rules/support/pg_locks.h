// Which table-level lock PostgreSQL takes for each model node, and on which
// relation (PostgreSQL 15 documentation: "Explicit Locking" and the lock level
// given for each form of ALTER TABLE, CREATE INDEX, REINDEX, ...). The locking
// rules ask this instead of each keeping its own table.
#pragma once

#include "engine/rule.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rollsafe {

// PostgreSQL's table-level lock modes, weakest first.
enum class LockMode : uint8_t {
  AccessShare,          // SELECT
  RowShare,             // SELECT FOR UPDATE/SHARE
  RowExclusive,         // INSERT, UPDATE, DELETE, MERGE, COPY FROM
  ShareUpdateExclusive, // VACUUM, ANALYZE, CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT
  Share,                // CREATE INDEX: blocks writes, not reads
  ShareRowExclusive,    // CREATE TRIGGER, ADD FOREIGN KEY: blocks writes, not reads
  Exclusive,            // REFRESH MATERIALIZED VIEW CONCURRENTLY: only reads pass
  AccessExclusive,      // most ALTER TABLE forms, DROP, TRUNCATE, VACUUM FULL: blocks all
};
// "ACCESS EXCLUSIVE", "SHARE", ... as the documentation spells them.
[[nodiscard]] std::string_view to_string(LockMode mode);

struct TableLock {
  LockMode mode = LockMode::AccessExclusive;
  // The relation that is locked. Empty: every table of the database (VACUUM FULL
  // and CLUSTER without a table).
  model::Name table;
  // Table, View, MaterializedView, Sequence or Index: what `table` names.
  model::ObjectKind kind = model::ObjectKind::Table;
  // `table` names an index that is older than this release, so its table is
  // unknown; the lock is on that index's table.
  bool on_index_table = false;
  // The command as written, for messages: "ALTER TABLE users", "DROP INDEX
  // users_email_idx". Empty unless asked for (Describe::Command).
  std::string command;

  // "users", "the table of index users_email_idx", "every table of the database".
  [[nodiscard]] std::string target() const;
};

// The strongest lock `node` takes on the relation it changes, or nullopt when it
// locks no existing relation (CREATE TABLE, SET, BEGIN, REINDEX SCHEMA, ...).
// Indexes created in this release are resolved to their table through `catalog`.
// ADD FOREIGN KEY also takes SHARE ROW EXCLUSIVE on the referenced table; that
// second lock is not described here.
// `describe`: whether to spell out TableLock::command. A rule that asks every
// statement for its lock reports far less often than it asks, and the text
// costs more than the rest (names, identifiers quoted as needed).
enum class Describe : uint8_t { Lock, Command };
[[nodiscard]] std::optional<TableLock> pg_table_lock(const model::Node& node,
                                                     const model::Catalog& catalog,
                                                     Describe describe = Describe::Lock);

// Whether the locked relation was created in this release, so no traffic waits on
// the lock. False for "every table" and for indexes older than the release.
[[nodiscard]] bool is_new_relation(const TableLock& lock, const model::Catalog& catalog);

} // namespace rollsafe
