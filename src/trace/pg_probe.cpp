#include "trace/pg_probe.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace rollsafe::trace {

namespace {

constexpr std::array<std::string_view, 8> kModes{
    "ACCESS SHARE", "ROW SHARE",           "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
    "SHARE",        "SHARE ROW EXCLUSIVE", "EXCLUSIVE",     "ACCESS EXCLUSIVE"};

std::string kind_name(std::string_view relkind) {
  if (relkind == "r" || relkind == "p") {
    return "table";
  }
  if (relkind == "i" || relkind == "I") {
    return "index";
  }
  if (relkind == "S") {
    return "sequence";
  }
  if (relkind == "v") {
    return "view";
  }
  if (relkind == "m") {
    return "materialized view";
  }
  return "relation";
}

// Relations the migration did not name: the catalogs and the toast tables.
constexpr std::string_view kUserRelations =
    "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'";

} // namespace

int pg_lock_strength(std::string_view mode) {
  const auto* it = std::find(kModes.begin(), kModes.end(), mode);
  return it == kModes.end() ? -1 : static_cast<int>(it - kModes.begin());
}

std::string pg_lock_name(std::string_view pg_locks_mode) {
  std::string out;
  std::string_view m = pg_locks_mode;
  if (m.ends_with("Lock")) {
    m.remove_suffix(4);
  }
  for (const char c : m) {
    if (std::isupper(static_cast<unsigned char>(c)) != 0 && !out.empty()) {
      out += ' ';
    }
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

std::vector<PgLock> pg_locks_of(PgSession& observer, int pid) {
  const Result r = observer.exec(
      "SELECT l.relation, c.relname, c.relkind::text, l.mode, l.granted FROM pg_locks l "
      "LEFT JOIN pg_class c ON c.oid = l.relation "
      "LEFT JOIN pg_namespace n ON n.oid = c.relnamespace "
      "WHERE l.locktype = 'relation' AND l.pid = " +
      std::to_string(pid) +
      " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
      " AND l.relation >= 16384 AND (c.oid IS NULL OR (" +
      std::string(kUserRelations) + ")) ORDER BY c.relname");
  std::vector<PgLock> out;
  for (const Row& row : r.rows) {
    out.push_back({std::stoull(row.at(0).value_or("0")), row.at(1).value_or(""),
                   kind_name(row.at(2).value_or("")), pg_lock_name(row.at(3).value_or("")),
                   row.at(4).value_or("") == "t"});
  }
  // Strongest first within each relation; the first entry per relation is what counts.
  std::stable_sort(out.begin(), out.end(), [](const PgLock& a, const PgLock& b) {
    if (a.relation != b.relation) {
      return a.relation < b.relation;
    }
    return pg_lock_strength(a.mode) > pg_lock_strength(b.mode);
  });
  return out;
}

std::string pg_strongest(const std::vector<PgLock>& locks, std::string_view relation) {
  std::string best;
  for (const PgLock& l : locks) {
    if (l.relation == relation && l.granted && pg_lock_strength(l.mode) > pg_lock_strength(best)) {
      best = l.mode;
    }
  }
  return best;
}

std::map<uint64_t, PgRelation> pg_relations(PgSession& session) {
  const Result r =
      session.exec("SELECT c.oid, c.relname, c.relkind::text, c.relfilenode FROM pg_class c "
                   "JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE c.relkind IN ('r', 'i', 'm', 'S') AND c.oid >= 16384 AND " +
                   std::string(kUserRelations));
  std::map<uint64_t, PgRelation> out;
  for (const Row& row : r.rows) {
    out[std::stoull(row.at(0).value_or("0"))] = {row.at(1).value_or(""),
                                                 kind_name(row.at(2).value_or("")),
                                                 std::stoull(row.at(3).value_or("0"))};
  }
  return out;
}

std::vector<std::string> pg_rewritten(const std::map<uint64_t, PgRelation>& before,
                                      const std::map<uint64_t, PgRelation>& after) {
  std::vector<std::string> out;
  for (const auto& [oid, rel] : after) {
    const auto it = before.find(oid);
    if (it != before.end() && it->second.filenode != rel.filenode) {
      out.push_back(rel.name + " (" + rel.kind + ")");
    }
  }
  return out;
}

} // namespace rollsafe::trace
