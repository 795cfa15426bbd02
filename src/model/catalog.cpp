#include "model/catalog.h"

#include <algorithm>
#include <utility>

namespace rollsafe::model {

std::string catalog_key(const Name& name) {
  if (name.schema.empty() || name.schema == "public") {
    return name.name;
  }
  return name.schema + "." + name.name;
}

namespace {
// map.find(catalog_key(name)), without building the key when it is the bare
// name (no schema, or `public`): almost every lookup.
template <class Map> auto find_key(Map& map, const Name& name) {
  if (name.schema.empty() || name.schema == "public") {
    return map.find(std::string_view(name.name));
  }
  return map.find(catalog_key(name));
}

// map[catalog_key(name)], building the key only for a new entry or a
// schema-qualified name.
template <class Map> typename Map::mapped_type& keys_on(Map& map, const Name& name) {
  if (auto it = find_key(map, name); it != map.end()) {
    return it->second;
  }
  return map[catalog_key(name)];
}

// Lists `key` in objects_on_ or indexes_on_. Readers check each key against
// its entry, so a key listed again (the object created again) costs nothing
// but a slot; only the common repeat, the last key again, is skipped.
void list_key(std::vector<std::string>& keys, const std::string& key) {
  if (keys.empty() || keys.back() != key) {
    keys.push_back(key);
  }
}

std::string object_key(ObjectKind kind, const Name& name) {
  return std::string(to_string(kind)) + "|" + catalog_key(name);
}

// Triggers are named per table: `trigger|orders/orders_sync`.
std::string object_key(ObjectKind kind, const Name& name, const Name& table) {
  if (kind != ObjectKind::Trigger || table.empty()) {
    return object_key(kind, name);
  }
  return std::string(to_string(kind)) + "|" + catalog_key(table) + "/" + name.name;
}

// The index PostgreSQL builds for a PRIMARY KEY or UNIQUE constraint: the
// constraint's name, or the default <table>_pkey / <table>_<columns>_key.
std::string constraint_index_name(const Name& table, const Constraint& c) {
  if (!c.name.empty()) {
    return c.name;
  }
  if (c.kind == ConstraintKind::PrimaryKey) {
    return table.name + "_pkey";
  }
  std::string name = table.name;
  for (const auto& col : c.columns) {
    name += "_" + col;
  }
  return name + "_key";
}

CatalogConstraint to_catalog(const Constraint& c) {
  return {c.name, c.kind, !c.not_valid, c.not_null_column};
}

CatalogColumn to_catalog(const ColumnDef& c, uint32_t created) {
  return {c.name,
          c.type,
          c.not_null || c.primary_key || c.identity,
          c.default_value ? c.default_value->volatility : Volatility::Null,
          c.has_default(),
          created,
          c.enum_values};
}
} // namespace

const CatalogColumn* CatalogTable::column(std::string_view column_name) const {
  for (const CatalogColumn& c : columns) {
    if (c.name == column_name) {
      return &c;
    }
  }
  return nullptr;
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

CatalogTable& Catalog::touch(const Name& name) {
  if (auto it = find_key(tables_, name); it != tables_.end()) {
    return it->second;
  }
  CatalogTable& t = tables_[catalog_key(name)];
  t.name = name;
  return t;
}

const CatalogTable* Catalog::table(const Name& name) const {
  auto it = find_key(tables_, name);
  return it == tables_.end() ? nullptr : &it->second;
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
  auto it = objects_.find(object_key(kind, name));
  return it != objects_.end() && current(it->second.created);
}

bool Catalog::has_object(ObjectKind kind, const Name& name, const Name& table_name) const {
  if (kind == ObjectKind::Table) {
    return table(name) != nullptr;
  }
  if (kind == ObjectKind::Index && index_table(name) != nullptr) {
    return true;
  }
  return objects_.contains(object_key(kind, name, table_name));
}

std::vector<std::string> Catalog::triggers_on(const Name& table_name) const {
  std::vector<std::string> out;
  const std::string key = catalog_key(table_name);
  auto on = objects_on_.find(key);
  if (on == objects_on_.end()) {
    return out;
  }
  for (const std::string& k : on->second) {
    auto it = objects_.find(k);
    if (it != objects_.end() && it->second.kind == ObjectKind::Trigger &&
        it->second.table_key == key) {
      out.push_back(it->second.name);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void Catalog::set_object(const std::string& key, CatalogObject object) {
  if (!object.table_key.empty()) { // views, types, functions: on no table
    list_key(objects_on_[object.table_key], key);
  }
  objects_.insert_or_assign(key, std::move(object));
}

void Catalog::set_index(const std::string& key, const Name& table) {
  indexes_[key] = table;
  list_key(keys_on(indexes_on_, table), key);
}

const Name* Catalog::index_table(const Name& index) const {
  auto it = find_key(indexes_, index);
  return it == indexes_.end() ? nullptr : &it->second;
}

void Catalog::add_constraint(CatalogTable& table, const Constraint& c) {
  table.constraints.push_back(to_catalog(c));
  if ((c.kind == ConstraintKind::PrimaryKey || c.kind == ConstraintKind::Unique) &&
      c.using_index.empty()) {
    Name index{table.name.schema, constraint_index_name(table.name, c), {}};
    set_index(catalog_key(index), table.name);
    set_object(object_key(ObjectKind::Index, index),
               {ObjectKind::Index, index.name, catalog_key(table.name), table.created});
  }
}

void Catalog::apply(const Node& node) {
  if (const auto* create = std::get_if<CreateTable>(&node)) {
    CatalogTable& t = touch(create->table);
    t = CatalogTable{
        create->table, generation_, !create->as_select && !create->columns.empty(), {}, {}};
    definitions_ += t.defined && !create->temporary ? 1 : 0;
    t.columns.reserve(create->columns.size());
    for (const auto& col : create->columns) {
      if (t.column(col.name) == nullptr) { // the first of two same-named columns counts
        t.columns.push_back(to_catalog(col, generation_));
      }
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
    const std::string key = object_key(obj->kind, obj->name, obj->table);
    if (is_new || !objects_.contains(key)) {
      set_object(key, {obj->kind, obj->name.name,
                       obj->table.empty() ? std::string() : catalog_key(obj->table),
                       is_new ? generation_ : 0});
    }
    return;
  }
  if (const auto* index = std::get_if<CreateIndex>(&node)) {
    if (!index->index.empty()) {
      Name key = index->index;
      if (key.schema.empty()) {
        key.schema = index->table.schema;
      }
      set_index(catalog_key(key), index->table);
      set_object(object_key(ObjectKind::Index, key),
                 {ObjectKind::Index, key.name, catalog_key(index->table), generation_});
    }
    return;
  }
  if (const auto* drop = std::get_if<DropObject>(&node)) {
    if (drop->kind == ObjectKind::Table) {
      const std::string dropped = catalog_key(drop->name);
      tables_.erase(dropped);
      // Its triggers and indexes go with it.
      if (auto on = objects_on_.find(dropped); on != objects_on_.end()) {
        for (const std::string& key : on->second) {
          auto it = objects_.find(key);
          if (it != objects_.end() && it->second.table_key == dropped) {
            objects_.erase(it);
          }
        }
        objects_on_.erase(on);
      }
      if (auto on = indexes_on_.find(dropped); on != indexes_on_.end()) {
        for (const std::string& key : on->second) {
          auto it = indexes_.find(key);
          if (it != indexes_.end() && catalog_key(it->second) == dropped) {
            indexes_.erase(it);
          }
        }
        indexes_on_.erase(on);
      }
    } else {
      objects_.erase(object_key(drop->kind, drop->name, drop->table));
      if (drop->kind == ObjectKind::Index) {
        indexes_.erase(catalog_key(drop->name));
      }
    }
    return;
  }
  if (const auto* rename = std::get_if<RenameObject>(&node)) {
    Name renamed = rename->object;
    renamed.name = rename->new_name;
    if (rename->kind == ObjectKind::Table) {
      auto it = tables_.find(catalog_key(rename->object));
      if (it != tables_.end()) {
        CatalogTable moved = std::move(it->second);
        tables_.erase(it);
        moved.name = renamed;
        tables_[catalog_key(renamed)] = std::move(moved);
      }
    } else if (auto it = objects_.find(object_key(rename->kind, rename->object));
               it != objects_.end()) {
      CatalogObject moved = std::move(it->second);
      objects_.erase(it);
      moved.name = renamed.name;
      const std::string key = object_key(rename->kind, renamed);
      if (!moved.table_key.empty()) {
        list_key(objects_on_[moved.table_key], key);
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
      t.columns.push_back(to_catalog(add->column, generation_));
    }
    for (const auto& c : add->column.constraints) {
      add_constraint(t, c);
    }
  } else if (const auto* drop = std::get_if<DropColumn>(&node)) {
    CatalogTable& t = touch(drop->table);
    std::erase_if(t.columns, [&](const CatalogColumn& c) { return c.name == drop->column; });
  } else if (const auto* rename = std::get_if<RenameColumn>(&node)) {
    CatalogTable& t = touch(rename->table);
    // Renaming onto an existing name leaves that column as it was (the server
    // rejects the statement); the renamed one is gone either way.
    if (CatalogColumn* c = t.column(rename->column); c != nullptr && c->name != rename->new_name) {
      if (t.column(rename->new_name) == nullptr) {
        c->name = rename->new_name;
      } else {
        std::erase_if(t.columns,
                      [&](const CatalogColumn& col) { return col.name == rename->column; });
      }
    }
  } else if (const auto* redefine = std::get_if<RedefineColumn>(&node)) {
    // MODIFY/CHANGE restates the whole column; it stays as new as it was.
    CatalogTable& t = touch(redefine->table);
    const CatalogColumn* old = t.column(redefine->column);
    const uint32_t created = old == nullptr ? 0 : old->created;
    std::erase_if(t.columns, [&](const CatalogColumn& c) { return c.name == redefine->column; });
    if (CatalogColumn* existing = t.column(redefine->definition.name)) {
      *existing = to_catalog(redefine->definition, created);
    } else {
      t.columns.push_back(to_catalog(redefine->definition, created));
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
