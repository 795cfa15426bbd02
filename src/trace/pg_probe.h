// What a PostgreSQL session can observe about another one (or itself): the
// relation locks it holds and the files behind each relation, so a changed
// relfilenode shows a rewrite.
#pragma once

#include "trace/pg_session.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe::trace {

struct PgLock {
  uint64_t oid = 0;
  std::string relation; // schema-less name; "" for a relation this session dropped
  std::string kind;     // "table", "index", "sequence", "view", ...
  std::string mode;     // "ACCESS EXCLUSIVE", as the documentation spells it
  bool granted = true;
  friend bool operator==(const PgLock&, const PgLock&) = default;
};

// PostgreSQL's table lock modes, weakest first ("ACCESS SHARE" … "ACCESS EXCLUSIVE").
[[nodiscard]] int pg_lock_strength(std::string_view mode);
// "AccessExclusiveLock" (pg_locks.mode) → "ACCESS EXCLUSIVE".
[[nodiscard]] std::string pg_lock_name(std::string_view pg_locks_mode);

// The relation locks backend `pid` holds or waits for, outside the system
// catalogs, strongest first per relation.
[[nodiscard]] std::vector<PgLock> pg_locks_of(PgSession& observer, int pid);
// The strongest granted lock on `relation` in `locks`, or "" when there is none.
[[nodiscard]] std::string pg_strongest(const std::vector<PgLock>& locks, std::string_view relation);

struct PgRelation {
  std::string name;
  std::string kind;
  uint64_t filenode = 0;
};
// Every user relation with storage visible to `session`, by oid.
[[nodiscard]] std::map<uint64_t, PgRelation> pg_relations(PgSession& session);
// The relations whose file changed between two snapshots ("users (table)").
[[nodiscard]] std::vector<std::string> pg_rewritten(const std::map<uint64_t, PgRelation>& before,
                                                    const std::map<uint64_t, PgRelation>& after);

} // namespace rollsafe::trace
