#include "model/catalog.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace rollsafe::model {

namespace {
// `public` is the default schema: a name in it (or in none) is its own key.
bool bare(std::string_view schema) {
  return schema.empty() || schema == "public";
}

void append_key(std::string& out, std::string_view schema, std::string_view name) {
  if (!bare(schema)) {
    out += schema;
    out += '.';
  }
  out += name;
}

// catalog_key() of (schema, name), built in `buffer` only when it is not the
// bare name (almost every name is).
std::string_view key_of(std::string_view schema, std::string_view name, std::string& buffer) {
  if (bare(schema)) {
    return name;
  }
  buffer.clear();
  append_key(buffer, schema, name);
  return buffer;
}

std::string_view key_of(const Name& name, std::string& buffer) {
  return key_of(name.schema, name.name, buffer);
}

// Whether `key` is catalog_key(name), without building it.
bool is_key_of(std::string_view key, const Name& name) {
  if (bare(name.schema)) {
    return key == name.name;
  }
  return key.size() == name.schema.size() + 1 + name.name.size() && key.starts_with(name.schema) &&
         key[name.schema.size()] == '.' && key.ends_with(name.name);
}

// `kind|key`, built in `buffer`.
std::string_view object_key(ObjectKind kind, std::string_view schema, std::string_view name,
                            std::string& buffer) {
  buffer.assign(to_string(kind));
  buffer += '|';
  append_key(buffer, schema, name);
  return buffer;
}

std::string_view object_key(ObjectKind kind, const Name& name, std::string& buffer) {
  return object_key(kind, name.schema, name.name, buffer);
}

// Triggers are named per table: `trigger|orders/orders_sync`.
std::string_view object_key(ObjectKind kind, const Name& name, const Name& table,
                            std::string& buffer) {
  if (kind != ObjectKind::Trigger || table.empty()) {
    return object_key(kind, name, buffer);
  }
  buffer.assign(to_string(kind));
  buffer += '|';
  append_key(buffer, table.schema, table.name);
  buffer += '/';
  buffer += name.name;
  return buffer;
}

// The index PostgreSQL builds for a PRIMARY KEY or UNIQUE constraint: the
// constraint's name, or the default <table>_pkey / <table>_<columns>_key
// (built in `buffer`).
std::string_view constraint_index_name(const Name& table, const Constraint& c,
                                       std::string& buffer) {
  if (!c.name.empty()) {
    return c.name;
  }
  buffer.assign(table.name);
  if (c.kind == ConstraintKind::PrimaryKey) {
    buffer += "_pkey";
    return buffer;
  }
  for (const auto& col : c.columns) {
    buffer += '_';
    buffer += col;
  }
  buffer += "_key";
  return buffer;
}

void add_catalog_constraint(std::vector<CatalogConstraint>& out, const Constraint& c) {
  CatalogConstraint& added = out.emplace_back();
  added.name = c.name;
  added.kind = c.kind;
  added.validated = !c.not_valid;
  added.not_null_column = c.not_null_column;
}

// Every field of `out` from the column's definition (assigned, so that a reused
// entry keeps its strings' capacity).
void assign_column(CatalogColumn& out, const ColumnDef& c, uint32_t created) {
  out.name = c.name;
  out.type = c.type;
  out.not_null = c.not_null || c.primary_key || c.identity;
  out.default_volatility = c.default_value ? c.default_value->volatility : Volatility::Null;
  out.has_default = c.has_default();
  out.created = created;
  out.enum_values = c.enum_values;
}

// CatalogTable::column_hashes' hash of a name. Not a strong hash: a match is
// confirmed by comparing the names, and the length with the first and the last
// eight bytes tell a table's columns apart, in fewer instructions than
// std::hash.
uint32_t name_hash(std::string_view name) {
  uint64_t head = 0;
  uint64_t tail = 0;
  if (name.size() >= sizeof head) {
    std::memcpy(&head, name.data(), sizeof head); // fixed sizes: plain loads
    std::memcpy(&tail, name.data() + (name.size() - sizeof tail), sizeof tail);
  } else {
    for (size_t i = 0; i < name.size(); ++i) {
      head |= uint64_t{static_cast<unsigned char>(name[i])} << (8 * i);
    }
    tail = head;
  }
  const uint64_t mixed =
      (head * 0x9E3779B97F4A7C15ULL) ^ ((tail + name.size()) * 0xC2B2AE3D27D4EB4FULL);
  return static_cast<uint32_t>(mixed >> 32U);
}

// The index of the column named `name` (hashed `hash`) among the first `count`
// columns of `t`, or `count`.
size_t find_column(const CatalogTable& t, size_t count, std::string_view name, uint32_t hash) {
  for (size_t i = 0; i < count; ++i) {
    if (t.column_hashes[i] == hash && t.columns[i].name == name) {
      return i;
    }
  }
  return count;
}

// columns.push_back() of the column, built in place, and its hash.
void add_catalog_column(CatalogTable& t, const ColumnDef& c, uint32_t created) {
  assign_column(t.columns.emplace_back(), c, created);
  t.column_hashes.push_back(name_hash(c.name));
}

// Removes the columns named `name`, keeping the others in order.
void erase_columns(CatalogTable& t, std::string_view name) {
  const uint32_t hash = name_hash(name);
  size_t kept = 0;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (t.column_hashes[i] == hash && t.columns[i].name == name) {
      continue;
    }
    if (kept != i) {
      t.columns[kept] = std::move(t.columns[i]);
      t.column_hashes[kept] = t.column_hashes[i];
    }
    ++kept;
  }
  t.columns.erase(t.columns.begin() + static_cast<std::ptrdiff_t>(kept), t.columns.end());
  t.column_hashes.resize(kept);
}
} // namespace

// Readers check each key against its entry, so a key listed again (the
// object created again) costs nothing but its bytes; only the common repeat,
// the last key again, is skipped.
void Catalog::KeyList::add(std::string_view key) {
  // The last key runs to the end of bytes_.
  if (!bytes_.empty() && std::string_view(bytes_).substr(last_ + sizeof(uint32_t)) == key) {
    return;
  }
  const auto length = static_cast<uint32_t>(key.size());
  last_ = bytes_.size();
  bytes_.append(sizeof length, '\0');
  std::memcpy(bytes_.data() + last_, &length, sizeof length);
  bytes_ += key;
}

std::string catalog_key(const Name& name) {
  if (bare(name.schema)) {
    return name.name;
  }
  std::string key;
  key.reserve(name.schema.size() + 1 + name.name.size());
  append_key(key, name.schema, name.name);
  return key;
}

const CatalogColumn* CatalogTable::column(std::string_view column_name) const {
  const size_t i = find_column(*this, columns.size(), column_name, name_hash(column_name));
  return i == columns.size() ? nullptr : &columns[i];
}

CatalogColumn* CatalogTable::column(std::string_view column_name) {
  return const_cast<CatalogColumn*>(std::as_const(*this).column(column_name));
}

void Catalog::forget_new() {
  ++generation_;
}

void Catalog::enter_phase(Phase phase) {
  if (phase_ && *phase_ != phase) {
    forget_new();
  }
  phase_ = phase;
}

void Catalog::enter(std::string_view release, Phase phase) {
  if ((phase_ && *phase_ != phase) || release_ != release) {
    forget_new();
  }
  phase_ = phase;
  release_ = release;
}

const CatalogTable* Catalog::find_table(const Name& name) const {
  LastTable& last = last_table_;
  if (last.valid && is_key_of(last.key, name)) {
    return last.table;
  }
  last.key.clear();
  append_key(last.key, name.schema, name.name);
  auto it = tables_.find(std::string_view(last.key));
  last.table = it == tables_.end() ? nullptr : &it->second;
  last.valid = true;
  return last.table;
}

CatalogTable& Catalog::touch(const Name& name) {
  if (const CatalogTable* t = find_table(name)) {
    // Found in tables_, which this non-const member may change.
    return const_cast<CatalogTable&>(*t); // NOLINT(cppcoreguidelines-pro-type-const-cast)
  }
  // find_table() left catalog_key(name) in last_table_.key.
  CatalogTable& t = tables_.try_emplace(std::string_view(last_table_.key)).first->second;
  t.name = name;
  last_table_.table = &t;
  return t;
}

const CatalogTable* Catalog::table(const Name& name) const {
  return find_table(name);
}

bool Catalog::is_new_table(const Name& name) const {
  const CatalogTable* t = table(name);
  return t != nullptr && current(t->created);
}

bool Catalog::is_new_column(const Name& table_name, std::string_view column) const {
  const CatalogTable* t = table(table_name);
  if (t == nullptr) {
    return false;
  }
  if (current(t->created)) {
    return true;
  }
  const CatalogColumn* c = t->column(column);
  return c != nullptr && current(c->created);
}

bool Catalog::has_validated_not_null_check(const Name& table_name, std::string_view column) const {
  const CatalogTable* t = table(table_name);
  if (t == nullptr) {
    return false;
  }
  return std::any_of(t->constraints.begin(), t->constraints.end(), [&](const CatalogConstraint& c) {
    return c.kind == ConstraintKind::Check && c.validated && c.not_null_column == column;
  });
}

bool Catalog::is_new_object(ObjectKind kind, const Name& name) const {
  if (kind == ObjectKind::Table) {
    return is_new_table(name);
  }
  if (kind == ObjectKind::Index) {
    if (auto index = indexes_.find(key_of(name, key_buffer_)); index != indexes_.end()) {
      return current(index->second.created);
    }
  }
  auto it = objects_.find(object_key(kind, name, key_buffer_));
  return it != objects_.end() && current(it->second.created);
}

bool Catalog::has_object(ObjectKind kind, const Name& name, const Name& table_name) const {
  if (kind == ObjectKind::Table) {
    return table(name) != nullptr;
  }
  if (kind == ObjectKind::Index && index_table(name) != nullptr) {
    return true;
  }
  return objects_.contains(object_key(kind, name, table_name, key_buffer_));
}

std::vector<std::string> Catalog::triggers_on(const Name& table_name) const {
  std::vector<std::string> out;
  const std::string_view key = key_of(table_name, key_buffer_);
  auto on = on_table_.find(key);
  if (on == on_table_.end()) {
    return out;
  }
  on->second.objects.for_each([&](std::string_view k) {
    auto it = objects_.find(k);
    if (it != objects_.end() && it->second.kind == ObjectKind::Trigger &&
        it->second.table_key == key) {
      out.push_back(it->second.name);
    }
  });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// objects_[key] = {kind, name, table_key, created}, listed in `on` (the
// OnTable of table_key; null for objects on no table: views, types,
// functions). The key is copied only for a new entry.
void Catalog::set_object(std::string_view key, std::string_view name, std::string_view table_key,
                         ObjectKind kind, uint32_t created, OnTable* on) {
  if (on != nullptr) {
    on->objects.add(key);
  }
  CatalogObject& object = objects_.try_emplace(key).first->second;
  object.kind = kind;
  if (kind == ObjectKind::Trigger) {
    object.name.assign(name);
  }
  object.table_key.assign(table_key);
  object.created = created;
}

// indexes_[key] = {table, created}, listed in `on` (the OnTable of the
// table's key).
void Catalog::set_index(std::string_view key, const Name& table, uint32_t created, OnTable& on) {
  CatalogIndex& index = indexes_.try_emplace(key).first->second;
  index.table = table;
  index.created = created;
  on.indexes.add(key);
}

// The indexes of table `from` (those listed under its key that are still on
// it) now belong to `to`, and are listed under its key: index_table() names
// the table as it is called now, and DROP TABLE of the new name takes them.
void Catalog::move_indexes(const Name& from, const Name& to) {
  const std::string from_key(key_of(from, scratch_[0]));
  auto on = on_table_.find(from_key);
  if (on == on_table_.end()) {
    return;
  }
  const KeyList listed = std::move(on->second.indexes);
  on->second.indexes = {};
  OnTable& target = on_table_[key_of(to, scratch_[1])]; // `on` is invalid from here
  listed.for_each([&](std::string_view key) {
    auto it = indexes_.find(key);
    if (it != indexes_.end() && is_key_of(from_key, it->second.table)) {
      it->second.table = to;
      target.indexes.add(key);
    }
  });
}

const Name* Catalog::index_table(const Name& index) const {
  auto it = indexes_.find(key_of(index, key_buffer_));
  return it == indexes_.end() ? nullptr : &it->second.table;
}

void Catalog::add_constraint(CatalogTable& table, const Constraint& c) {
  add_catalog_constraint(table.constraints, c);
  if ((c.kind == ConstraintKind::PrimaryKey || c.kind == ConstraintKind::Unique) &&
      c.using_index.empty()) {
    const std::string& schema = table.name.schema; // the index's, too
    const std::string_view index = constraint_index_name(table.name, c, scratch_[0]);
    const std::string_view table_key = key_of(table.name, scratch_[1]);
    set_index(key_of(schema, index, scratch_[2]), table.name, table.created, on_table_[table_key]);
  }
}

void Catalog::apply(const Node& node) {
  apply_node(node);
  last_table_.valid = false; // the catalog may have changed
}

void Catalog::apply_node(const Node& node) {
  if (const auto* create = std::get_if<CreateTable>(&node)) {
    CatalogTable& t = touch(create->table);
    t.name = create->table;
    t.created = generation_;
    t.defined = !create->as_select && !create->columns.empty();
    definitions_ += t.defined && !create->temporary ? 1 : 0;
    // A table created again (IF NOT EXISTS, or a history that creates it
    // twice) assigns its columns over the old ones, whose strings keep their
    // capacity: no frees and fewer allocations than clear() and push_back().
    size_t kept = 0; // columns[0, kept) are the new definition's
    size_t constraint_count = create->constraints.size();
    t.columns.reserve(create->columns.size());
    t.column_hashes.reserve(create->columns.size());
    for (const auto& col : create->columns) {
      constraint_count += col.constraints.size();
      const uint32_t hash = name_hash(col.name);
      // The first of two same-named columns counts.
      if (find_column(t, kept, col.name, hash) == kept) {
        if (kept < t.columns.size()) {
          assign_column(t.columns[kept], col, generation_);
          t.column_hashes[kept] = hash;
        } else {
          add_catalog_column(t, col, generation_);
        }
        ++kept;
      }
    }
    t.columns.erase(t.columns.begin() + static_cast<std::ptrdiff_t>(kept), t.columns.end());
    t.column_hashes.resize(kept);
    t.constraints.clear();
    t.constraints.reserve(constraint_count);
    for (const auto& col : create->columns) {
      for (const auto& c : col.constraints) {
        add_constraint(t, c);
      }
    }
    for (const auto& c : create->constraints) {
      add_constraint(t, c);
    }
    return;
  }
  if (const auto* obj = std::get_if<CreateObject>(&node)) {
    // OR REPLACE and IF NOT EXISTS say the object may have existed: it exists
    // now, but counts as new only when this release created it outright.
    const bool is_new = !obj->or_replace && !obj->if_not_exists;
    const std::string_view key = object_key(obj->kind, obj->name, obj->table, key_buffer_);
    if (is_new || !objects_.contains(key)) {
      const std::string_view table_key =
          obj->table.empty() ? std::string_view() : key_of(obj->table, scratch_[0]);
      set_object(key, obj->name.name, table_key, obj->kind, is_new ? generation_ : 0,
                 table_key.empty() ? nullptr : &on_table_[table_key]);
    }
    return;
  }
  if (const auto* index = std::get_if<CreateIndex>(&node)) {
    if (!index->index.empty()) {
      // An index is in its table's schema unless it names one.
      const std::string& schema =
          index->index.schema.empty() ? index->table.schema : index->index.schema;
      const std::string_view table_key = key_of(index->table, scratch_[0]);
      set_index(key_of(schema, index->index.name, scratch_[1]), index->table, generation_,
                on_table_[table_key]);
    }
    return;
  }
  if (const auto* drop = std::get_if<DropObject>(&node)) {
    if (drop->kind == ObjectKind::Table) {
      const std::string_view dropped = key_of(drop->name, scratch_[0]);
      tables_.erase(dropped);
      last_table_.valid = false; // it may point at the erased table
      // Its triggers and indexes go with it.
      if (auto on = on_table_.find(dropped); on != on_table_.end()) {
        on->second.objects.for_each([&](std::string_view key) {
          auto it = objects_.find(key);
          if (it != objects_.end() && it->second.table_key == dropped) {
            objects_.erase(it);
          }
        });
        on->second.indexes.for_each([&](std::string_view key) {
          auto it = indexes_.find(key);
          if (it != indexes_.end() && is_key_of(dropped, it->second.table)) {
            indexes_.erase(it);
          }
        });
        on_table_.erase(on);
      }
    } else {
      objects_.erase(object_key(drop->kind, drop->name, drop->table, key_buffer_));
      if (drop->kind == ObjectKind::Index) {
        indexes_.erase(key_of(drop->name, scratch_[0]));
      }
    }
    return;
  }
  if (const auto* rename = std::get_if<RenameObject>(&node)) {
    Name renamed = rename->object;
    renamed.name = rename->new_name;
    if (rename->kind == ObjectKind::Table) {
      auto it = tables_.find(key_of(rename->object, scratch_[0]));
      if (it != tables_.end()) {
        CatalogTable moved = std::move(it->second);
        tables_.erase(it);
        moved.name = renamed;
        tables_.insert_or_assign(key_of(renamed, scratch_[0]), std::move(moved));
        last_table_.valid = false; // the table moved
      }
      move_indexes(rename->object, renamed);
    } else if (auto index = rename->kind == ObjectKind::Index
                                ? indexes_.find(key_of(rename->object, scratch_[0]))
                                : indexes_.end();
               index != indexes_.end()) {
      // The index goes by its new name only; one already there keeps its place.
      CatalogIndex moved = std::move(index->second);
      indexes_.erase(index);
      const std::string_view key = key_of(renamed, scratch_[0]);
      on_table_[key_of(moved.table, scratch_[1])].indexes.add(key);
      indexes_.try_emplace(key, std::move(moved));
    } else if (auto it = objects_.find(object_key(rename->kind, rename->object, key_buffer_));
               it != objects_.end()) {
      CatalogObject moved = std::move(it->second);
      objects_.erase(it);
      if (moved.kind == ObjectKind::Trigger) {
        moved.name = renamed.name;
      }
      const std::string_view key = object_key(rename->kind, renamed, key_buffer_);
      if (!moved.table_key.empty()) {
        on_table_[moved.table_key].objects.add(key);
      }
      objects_.try_emplace(key, std::move(moved)); // an object already there keeps its place
    }
    return;
  }
  apply_alter(node);
}

void Catalog::apply_alter(const Node& node) {
  if (const auto* add = std::get_if<AddColumn>(&node)) {
    CatalogTable& t = touch(add->table);
    if (t.column(add->column.name) == nullptr) {
      add_catalog_column(t, add->column, generation_);
    }
    for (const auto& c : add->column.constraints) {
      add_constraint(t, c);
    }
  } else if (const auto* drop = std::get_if<DropColumn>(&node)) {
    CatalogTable& t = touch(drop->table);
    erase_columns(t, drop->column);
  } else if (const auto* rename = std::get_if<RenameColumn>(&node)) {
    CatalogTable& t = touch(rename->table);
    // Renaming onto an existing name leaves that column as it was (the server
    // rejects the statement); the renamed one is gone either way.
    if (CatalogColumn* c = t.column(rename->column); c != nullptr && c->name != rename->new_name) {
      if (t.column(rename->new_name) == nullptr) {
        c->name = rename->new_name;
        t.column_hashes[static_cast<size_t>(c - t.columns.data())] = name_hash(c->name);
      } else {
        erase_columns(t, rename->column);
      }
    }
  } else if (const auto* redefine = std::get_if<RedefineColumn>(&node)) {
    // MODIFY/CHANGE restates the whole column; it stays as new as it was.
    CatalogTable& t = touch(redefine->table);
    const CatalogColumn* old = t.column(redefine->column);
    const uint32_t created = old == nullptr ? 0 : old->created;
    erase_columns(t, redefine->column);
    if (CatalogColumn* existing = t.column(redefine->definition.name)) {
      assign_column(*existing, redefine->definition, created); // the same name: the same hash
    } else {
      add_catalog_column(t, redefine->definition, created);
    }
  } else if (const auto* type = std::get_if<AlterColumnType>(&node)) {
    if (CatalogColumn* c = touch(type->table).column(type->column)) {
      c->type = type->new_type;
    }
  } else if (const auto* set_default = std::get_if<SetDefault>(&node)) {
    if (CatalogColumn* c = touch(set_default->table).column(set_default->column)) {
      c->default_volatility = set_default->value.volatility;
      c->has_default = set_default->value.volatility != Volatility::Null;
    }
  } else if (const auto* drop_default = std::get_if<DropDefault>(&node)) {
    if (CatalogColumn* c = touch(drop_default->table).column(drop_default->column)) {
      c->default_volatility = Volatility::Null;
      c->has_default = false;
    }
  } else if (const auto* set_not_null = std::get_if<SetNotNull>(&node)) {
    if (CatalogColumn* c = touch(set_not_null->table).column(set_not_null->column)) {
      c->not_null = true;
    }
  } else if (const auto* drop_not_null = std::get_if<DropNotNull>(&node)) {
    if (CatalogColumn* c = touch(drop_not_null->table).column(drop_not_null->column)) {
      c->not_null = false;
    }
  } else if (const auto* added = std::get_if<AddConstraint>(&node)) {
    add_constraint(touch(added->table), added->constraint);
  } else if (const auto* validate = std::get_if<ValidateConstraint>(&node)) {
    for (auto& c : touch(validate->table).constraints) {
      if (c.name == validate->name) {
        c.validated = true;
      }
    }
  } else if (const auto* drop_constraint = std::get_if<DropConstraint>(&node)) {
    std::erase_if(touch(drop_constraint->table).constraints,
                  [&](const CatalogConstraint& c) { return c.name == drop_constraint->name; });
  }
}

} // namespace rollsafe::model
