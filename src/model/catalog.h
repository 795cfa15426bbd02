// What the statements linted so far in this release created or changed. Rules ask it
// whether a table is new (created earlier in the same release, so nothing old
// reads it and no traffic waits on its locks) and what a column looks like.
#pragma once

#include "model/model.h"
#include "model/phase.h"

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rollsafe::model {

struct CatalogColumn {
  std::string name;
  std::string type;
  bool not_null = false;
  std::optional<DefaultValue> default_value;
  bool has_default = false;             // a DEFAULT, serial, identity or generated column
  bool is_new = false;                  // added in this release
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
  bool is_new = false;                                    // created in this release
  std::unordered_map<std::string, CatalogColumn> columns; // by name
  std::vector<CatalogConstraint> constraints;
  [[nodiscard]] const CatalogColumn* column(std::string_view column_name) const;
  CatalogColumn* column(std::string_view column_name);
};

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

  // Called before each file: when `phase` differs from the previous file's,
  // what the release created so far stops being new.
  void enter_phase(Phase phase);

private:
  CatalogTable& touch(const Name& name);
  void add_constraint(CatalogTable& table, const Constraint& c);
  void apply_alter(const Node& node);
  std::unordered_map<std::string, CatalogTable> tables_;
  std::unordered_map<std::string, ObjectKind> objects_; // key: kind|name
  std::unordered_map<std::string, Name> indexes_;       // index name -> table
  std::optional<Phase> phase_;
};

// The key under which a name is stored: the default schema `public` is implied.
[[nodiscard]] std::string catalog_key(const Name& name);

} // namespace rollsafe::model
