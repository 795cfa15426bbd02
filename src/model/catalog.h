// The schema as the files replayed so far (and a --schema dump) left it, and what
// the current release created. Rules ask it whether a table is new (created
// earlier in the same release and phase, so nothing old reads it and no traffic
// waits on its locks), whether it exists at all, and what a column looks like.
#pragma once

#include "common/string_map.h"
#include "model/model.h"
#include "model/phase.h"

#include <absl/container/flat_hash_map.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe::model {

struct CatalogColumn {
  std::string name;
  std::string type;
  bool not_null = false;
  // Its DEFAULT's volatility; Null when it has none (or DEFAULT NULL). The
  // catalog keeps no more of the expression: no rule asks.
  Volatility default_volatility = Volatility::Null;
  bool has_default = false;             // a DEFAULT, serial, identity or generated column
  uint32_t created = 0;                 // the Catalog generation that added it (new while current)
  std::vector<std::string> enum_values; // MySQL ENUM/SET members, in order
};

struct CatalogConstraint {
  std::string name;
  ConstraintKind kind = ConstraintKind::Check;
  bool validated = true;
  std::string not_null_column; // CHECK (col IS NOT NULL)
};

struct CatalogTable {
  Name name;
  uint32_t created = 0; // the Catalog generation that created it (new while current)
  // Created by a CREATE TABLE that listed its columns (not AS SELECT): a column
  // it does not have does not exist. A table known only from ALTERs is partial.
  bool defined = false;
  // In the order they were added. Looked up by name with a linear scan: a
  // table has a few dozen columns at most, side by side in memory, where a
  // hash table per table cost a cache miss per lookup and per insert.
  std::vector<CatalogColumn> columns;
  // A hash of each column's name, in the order of `columns` (the Catalog keeps
  // them in step): column() reads these four bytes a column, and a column
  // itself only when its hash matches, instead of 96 cold bytes a column.
  std::vector<uint32_t> column_hashes;
  std::vector<CatalogConstraint> constraints;
  [[nodiscard]] const CatalogColumn* column(std::string_view column_name) const;
  CatalogColumn* column(std::string_view column_name);
};

// Open addressing keyed by std::string, looked up by std::string_view without
// building a string. The catalog's maps hold tens of thousands of entries over
// a long history; a node-based map spent a cache miss on each of bucket, node
// and key (docs/performance.md). The hash is ours: Debian's absl is built with
// its own absl::string_view, which std::string_view does not convert to.
template <class T>
using FlatStringMap = absl::flat_hash_map<std::string, T, StringHash, std::equal_to<>>;

// What counts as new: a table created earlier in this release and in the same
// phase, even with IF NOT EXISTS (the idiom migration tools use for brand-new
// tables); any other object likewise, unless CREATE OR REPLACE or IF NOT EXISTS
// says it may have existed before (CREATE SCHEMA IF NOT EXISTS app is usually an
// existing schema). When the release moves on to a later phase, everything it
// created is old: the code deployed in between has been using it.
class Catalog {
public:
  // Replays one node's effect.
  void apply(const Node& node);

  [[nodiscard]] const CatalogTable* table(const Name& name) const;
  // Created earlier in this release: old code has never seen it.
  [[nodiscard]] bool is_new_table(const Name& name) const;
  // The table is new, or the column was added to it earlier in this release.
  [[nodiscard]] bool is_new_column(const Name& table, std::string_view column) const;
  // A validated CHECK (column IS NOT NULL) exists, so SET NOT NULL can skip its scan.
  [[nodiscard]] bool has_validated_not_null_check(const Name& table, std::string_view column) const;
  // Objects of other kinds (views, types, sequences, indexes, ...) created in this release.
  [[nodiscard]] bool is_new_object(ObjectKind kind, const Name& name) const;
  // The table an index created in this release belongs to.
  [[nodiscard]] const Name* index_table(const Name& index) const;
  // Whether an object of this kind exists (created by a replayed file or the
  // --schema dump, not dropped since). Tables: table() != nullptr. Triggers are
  // looked up on `table`.
  [[nodiscard]] bool has_object(ObjectKind kind, const Name& name, const Name& table = {}) const;
  // Some replayed file (or the --schema dump) created a table with its
  // columns: the history starts at the beginning of the schema, not halfway.
  [[nodiscard]] bool has_definitions() const { return definitions_ > 0; }
  // The triggers that exist on `table`, by name.
  [[nodiscard]] std::vector<std::string> triggers_on(const Name& table) const;

  // Called before each file: when `phase` differs from the previous file's,
  // what the release created so far stops being new.
  void enter_phase(Phase phase);
  // Called before each file of a whole history: when the release or the phase
  // differs from the previous file's, nothing created so far is new any more.
  void enter(std::string_view release, Phase phase);

private:
  // The entry of catalog_key(name), through the one-entry memo below.
  [[nodiscard]] const CatalogTable* find_table(const Name& name) const;
  CatalogTable& touch(const Name& name);
  void add_constraint(CatalogTable& table, const Constraint& c);
  void apply_node(const Node& node);
  void apply_alter(const Node& node);
  FlatStringMap<CatalogTable> tables_;
  struct CatalogObject {
    ObjectKind kind = ObjectKind::Other;
    std::string name;      // triggers: its own name (triggers_on() reads it); else empty
    std::string table_key; // triggers and indexes: catalog_key() of their table
    uint32_t created = 0;
  };
  void forget_new();
  [[nodiscard]] bool current(uint32_t created) const { return created == generation_; }
  FlatStringMap<CatalogObject> objects_; // key: kind|name; indexes are in indexes_
  // An index: its table and when it was created. One entry per index, keyed by
  // catalog_key() of its name: is_new_object() and has_object() of an index
  // read it too, so creating an index costs one hash table entry, not two.
  struct CatalogIndex {
    Name table;
    uint32_t created = 0;
  };
  FlatStringMap<CatalogIndex> indexes_;
  // Keys one after another in one string, each behind its length: one
  // allocation per list rather than one per key past the small-string
  // buffer, and DROP TABLE reads a list in order instead of a heap block per
  // key.
  class KeyList {
  public:
    // Appends `key` unless it is the last key listed (the common repeat).
    void add(std::string_view key);
    template <class F> void for_each(F&& f) const {
      size_t at = 0;
      while (at < bytes_.size()) {
        uint32_t length = 0;
        std::memcpy(&length, bytes_.data() + at, sizeof length);
        at += sizeof length;
        f(std::string_view(bytes_).substr(at, length));
        at += length;
      }
    }

  private:
    std::string bytes_;
    size_t last_ = 0; // where the last key's length starts, when there is one
  };
  // The keys of objects_ and indexes_ entries that name each table (by the
  // table's catalog_key), so that DROP TABLE and triggers_on() need not sweep
  // the whole catalog: over a history of thousands of files that sweep was
  // quadratic. A key may be stale (its entry gone or moved to another table),
  // so each is checked against its entry before use, and one may be listed
  // twice (the object created again). Both lists of a table in one entry:
  // `indexes` lists its indexes_ keys, `objects` its objects_ keys (triggers).
  struct OnTable {
    KeyList objects;
    KeyList indexes;
  };
  FlatStringMap<OnTable> on_table_;
  void set_object(std::string_view key, std::string_view name, std::string_view table_key,
                  ObjectKind kind, uint32_t created, OnTable* on);
  void set_index(std::string_view key, const Name& table, uint32_t created, OnTable& on);
  void move_indexes(const Name& from, const Name& to);
  // The rules of one statement, and then its replay, ask for the same table
  // again and again. The last table() lookup (hit or miss) is remembered
  // until apply() changes the catalog. The catalog is read and written by
  // one thread at a time (the one judging files in history order).
  struct LastTable {
    LastTable() = default;
    // A copy of the catalog has tables of its own: the memo does not carry over.
    LastTable(const LastTable& /*other*/) {}
    LastTable(LastTable&& /*other*/) noexcept {}
    LastTable& operator=(const LastTable& other) {
      if (this != &other) {
        valid = false;
      }
      return *this;
    }
    LastTable& operator=(LastTable&& /*other*/) noexcept {
      valid = false;
      return *this;
    }
    ~LastTable() = default;
    std::string key; // catalog_key() of the name looked up
    const CatalogTable* table = nullptr;
    bool valid = false;
  };
  mutable LastTable last_table_;
  // Where keys are built (object keys, schema-qualified names), reused so that
  // building one allocates only when a longer key than any before comes along.
  mutable std::string key_buffer_;
  std::array<std::string, 3> scratch_; // apply()'s other keys and names
  std::optional<Phase> phase_;
  std::string release_;
  size_t definitions_ = 0;
  // Bumped whenever the release or phase changes: what was created in an
  // earlier generation is not new. (A counter, not a sweep over the catalog:
  // a history of thousands of one-file releases would make the sweep quadratic.)
  uint32_t generation_ = 1;
};

// The key under which a name is stored: the default schema `public` is implied.
[[nodiscard]] std::string catalog_key(const Name& name);

} // namespace rollsafe::model
