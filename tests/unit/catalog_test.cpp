#include "model/catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace rollsafe::model {
namespace {

Name n(std::string table, std::string schema = {}) {
  return {std::move(schema), std::move(table), {}};
}

ColumnDef column(std::string name, std::string type) {
  ColumnDef c;
  c.name = std::move(name);
  c.type = std::move(type);
  return c;
}

CreateIndex index_on(Name index, Name table) {
  CreateIndex i;
  i.index = std::move(index);
  i.table = std::move(table);
  return i;
}

TEST(Catalog, TablesCreatedInTheReleaseAreNew) {
  Catalog c;
  EXPECT_FALSE(c.is_new_table(n("users")));
  CreateTable t;
  t.table = n("users");
  t.columns.push_back(column("id", "integer"));
  c.apply(t);
  EXPECT_TRUE(c.is_new_table(n("users")));
  EXPECT_TRUE(c.is_new_table(n("users", "public")));
  EXPECT_FALSE(c.is_new_table(n("users", "other")));
  EXPECT_TRUE(c.is_new_column(n("users"), "anything"));
}

TEST(Catalog, ColumnsAddedToExistingTablesAreNewButTheTableIsNot) {
  Catalog c;
  c.apply(AddColumn{n("orders"), column("note", "text"), false, {}});
  EXPECT_FALSE(c.is_new_table(n("orders")));
  EXPECT_TRUE(c.is_new_column(n("orders"), "note"));
  EXPECT_FALSE(c.is_new_column(n("orders"), "id"));
}

TEST(Catalog, ValidatedNotNullChecks) {
  Catalog c;
  Constraint check;
  check.kind = ConstraintKind::Check;
  check.name = "c";
  check.not_valid = true;
  check.not_null_column = "email";
  c.apply(AddConstraint{n("users"), check});
  EXPECT_FALSE(c.has_validated_not_null_check(n("users"), "email"));
  c.apply(ValidateConstraint{n("users"), "c"});
  EXPECT_TRUE(c.has_validated_not_null_check(n("users"), "email"));
  c.apply(DropConstraint{n("users"), "c", false});
  EXPECT_FALSE(c.has_validated_not_null_check(n("users"), "email"));
}

TEST(Catalog, RenamesAndDropsFollowTheObject) {
  Catalog c;
  CreateTable create;
  create.table = n("a");
  c.apply(create);
  c.apply(RenameObject{ObjectKind::Table, n("a"), "b"});
  EXPECT_FALSE(c.is_new_table(n("a")));
  EXPECT_TRUE(c.is_new_table(n("b")));
  DropObject drop;
  drop.kind = ObjectKind::Table;
  drop.name = n("b");
  c.apply(drop);
  EXPECT_FALSE(c.is_new_table(n("b")));
}

TEST(Catalog, IndexesRememberTheirTable) {
  Catalog c;
  c.apply(index_on(n("idx"), n("users")));
  ASSERT_NE(c.index_table(n("idx")), nullptr);
  EXPECT_EQ(c.index_table(n("idx"))->name, "users");
  EXPECT_TRUE(c.is_new_object(ObjectKind::Index, n("idx")));
}

} // namespace
} // namespace rollsafe::model

namespace rollsafe::model {
namespace {

TEST(Catalog, WhatAReleaseCreatedIsOldOnceItsPhaseIsOver) {
  Catalog c;
  c.enter_phase(Phase::Expand);
  CreateTable create;
  create.table = Name{{}, "shipments", {}};
  c.apply(create);
  c.apply(CreateObject{ObjectKind::View, Name{{}, "v", {}}, {}, false, false});
  c.enter_phase(Phase::Expand);
  EXPECT_TRUE(c.is_new_table(create.table));
  c.enter_phase(Phase::Contract);
  EXPECT_FALSE(c.is_new_table(create.table));
  EXPECT_FALSE(c.is_new_object(ObjectKind::View, Name{{}, "v", {}}));
  EXPECT_NE(c.table(create.table), nullptr); // still known, just not new
}

} // namespace
} // namespace rollsafe::model

namespace rollsafe::model {
namespace {

TEST(Catalog, ColumnsFollowRenamesAndDrops) {
  Catalog c;
  ColumnDef email;
  email.name = "email";
  email.type = "text";
  email.not_null = true;
  c.apply(AddColumn{Name{{}, "users", {}}, email, false, {}});
  c.apply(RenameColumn{Name{{}, "users", {}}, "email", "mail"});
  const CatalogTable* t = c.table(Name{{}, "users", {}});
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->column("email"), nullptr);
  ASSERT_NE(t->column("mail"), nullptr);
  EXPECT_EQ(t->column("mail")->name, "mail");
  EXPECT_TRUE(t->column("mail")->not_null);
  EXPECT_TRUE(c.is_new_column(Name{{}, "users", {}}, "mail"));
  c.apply(DropColumn{Name{{}, "users", {}}, "mail", false, false});
  EXPECT_EQ(c.table(Name{{}, "users", {}})->column("mail"), nullptr);
}

// Columns live in a plain list per table: the first of two same-named columns
// counts, a rename onto a taken name leaves the taken one as it was, and
// MODIFY/CHANGE keeps a column as new (or old) as it was.
TEST(Catalog, ColumnEdgeCasesKeepMapSemantics) {
  Catalog c;
  CreateTable t;
  t.table = n("users");
  t.columns.push_back(column("id", "integer"));
  t.columns.push_back(column("email", "text"));
  t.columns.push_back(column("id", "bigint")); // rejected by the server; the first counts
  t.columns.push_back(column("name", "text"));
  c.apply(t);
  const CatalogTable* users = c.table(n("users"));
  ASSERT_NE(users, nullptr);
  EXPECT_EQ(users->columns.size(), 3U);
  EXPECT_EQ(users->column("id")->type, "integer");

  c.apply(RenameColumn{n("users"), "email", "name"}); // onto a taken name
  users = c.table(n("users"));
  EXPECT_EQ(users->column("email"), nullptr);
  ASSERT_NE(users->column("name"), nullptr);
  EXPECT_EQ(users->column("name")->type, "text");
  EXPECT_EQ(users->columns.size(), 2U);
  c.apply(RenameColumn{n("users"), "id", "id"}); // onto itself: unchanged
  ASSERT_NE(c.table(n("users"))->column("id"), nullptr);

  c.enter_phase(Phase::Expand);
  c.enter_phase(Phase::Contract); // everything so far is old
  EXPECT_FALSE(c.is_new_column(n("users"), "id"));
  ColumnDef renamed = column("uid", "bigint");
  c.apply(RedefineColumn{n("users"), "id", renamed, {}, true}); // CHANGE id uid bigint
  users = c.table(n("users"));
  EXPECT_EQ(users->column("id"), nullptr);
  ASSERT_NE(users->column("uid"), nullptr);
  EXPECT_EQ(users->column("uid")->type, "bigint");
  EXPECT_FALSE(c.is_new_column(n("users"), "uid")); // as old as `id` was
  c.apply(AddColumn{n("users"), column("nick", "text"), false, {}});
  EXPECT_TRUE(c.is_new_column(n("users"), "nick"));
  c.apply(RedefineColumn{n("users"), "nick", column("nick", "varchar(20)"), {}, false});
  EXPECT_TRUE(c.is_new_column(n("users"), "nick")); // still new
  EXPECT_EQ(c.table(n("users"))->column("nick")->type, "varchar(20)");
  // CHANGE onto a taken name replaces that column's definition; one column remains.
  c.apply(RedefineColumn{n("users"), "nick", column("name", "citext"), {}, true});
  users = c.table(n("users"));
  EXPECT_EQ(users->column("nick"), nullptr);
  EXPECT_EQ(users->column("name")->type, "citext");
  EXPECT_EQ(std::count_if(users->columns.begin(), users->columns.end(),
                          [](const CatalogColumn& col) { return col.name == "name"; }),
            1);
}

// Objects on no table (views, types, functions) are not listed under any
// table; thousands of them stay cheap to create, and dropping a table leaves
// them alone.
TEST(Catalog, ObjectsOnNoTableSurviveTableDrops) {
  Catalog c;
  for (int i = 0; i < 5000; ++i) {
    CreateObject view;
    view.kind = ObjectKind::View;
    view.name = n("v" + std::to_string(i));
    c.apply(view);
  }
  CreateTable orders;
  orders.table = n("orders");
  orders.columns.push_back(column("id", "integer"));
  c.apply(orders);
  c.apply(DropObject{ObjectKind::Table, n("orders"), {}, false, false, false});
  EXPECT_TRUE(c.has_object(ObjectKind::View, n("v0")));
  EXPECT_TRUE(c.has_object(ObjectKind::View, n("v4999")));
  EXPECT_TRUE(c.is_new_object(ObjectKind::View, n("v17")));
}

// Lookups by a bare name use the name itself as the key; schema-qualified
// names build it. Either way, long names (past the small-string buffer and
// PostgreSQL's 63 bytes, as a hostile file may write them) find their entry.
TEST(Catalog, LongNamesAreFoundLikeShortOnes) {
  Catalog c;
  const std::string schema(150, 's');
  const std::string table(150, 't');
  CreateTable t;
  t.table = n(table, schema);
  t.columns.push_back(column(std::string(100, 'c'), "integer"));
  c.apply(t);
  ASSERT_NE(c.table(n(table, schema)), nullptr);
  EXPECT_EQ(c.table(n(table, "other")), nullptr);
  EXPECT_NE(c.table(n(table, schema))->column(std::string(100, 'c')), nullptr);
  CreateObject trigger;
  trigger.kind = ObjectKind::Trigger;
  trigger.name = n(std::string(120, 'g'), schema);
  trigger.table = n(table, schema);
  c.apply(trigger);
  EXPECT_TRUE(c.has_object(ObjectKind::Trigger, n(std::string(120, 'g')), n(table, schema)));
  EXPECT_EQ(c.triggers_on(n(table, schema)), std::vector<std::string>{std::string(120, 'g')});
  c.apply(DropObject{ObjectKind::Table, n(table, schema), {}, false, false, false});
  EXPECT_EQ(c.table(n(table, schema)), nullptr);
  EXPECT_TRUE(c.triggers_on(n(table, schema)).empty());
}

// `public` is the default schema: the same table, trigger and index either way.
TEST(Catalog, PublicSchemaIsImplied) {
  Catalog c;
  CreateTable t;
  t.table = n("orders", "public");
  t.columns.push_back(column("id", "integer"));
  c.apply(t);
  CreateObject trigger;
  trigger.kind = ObjectKind::Trigger;
  trigger.name = n("orders_sync");
  trigger.table = n("orders");
  c.apply(trigger);
  EXPECT_EQ(c.triggers_on(n("orders", "public")), std::vector<std::string>{"orders_sync"});
  EXPECT_TRUE(c.has_object(ObjectKind::Trigger, n("orders_sync"), n("orders", "public")));
  EXPECT_FALSE(c.has_object(ObjectKind::Trigger, n("orders_sync"), n("orders", "app")));
  CreateIndex index;
  index.index = n("orders_id_idx", "public");
  index.table = n("orders");
  c.apply(index);
  ASSERT_NE(c.index_table(n("orders_id_idx")), nullptr);
  EXPECT_EQ(c.index_table(n("orders_id_idx"))->name, "orders");
  c.apply(DropObject{ObjectKind::Index, n("orders_id_idx"), {}, false, false, false});
  EXPECT_EQ(c.index_table(n("orders_id_idx", "public")), nullptr);
}

// The last table() lookup, found or not, is remembered until apply() changes
// the catalog; the memo compares keys, so names spelt differently that share a
// key find the same table, and names that only look alike do not.
TEST(Catalog, LastTableLookupFollowsChanges) {
  Catalog c;
  EXPECT_EQ(c.table(n("users")), nullptr);
  EXPECT_FALSE(c.is_new_column(n("users"), "email")); // the same miss, asked again
  c.apply(AddColumn{n("users"), column("email", "text"), false, {}});
  const CatalogTable* users = c.table(n("users"));
  ASSERT_NE(users, nullptr);
  EXPECT_NE(users->column("email"), nullptr);
  EXPECT_EQ(c.table(n("users", "public")), users);
  EXPECT_EQ(c.table(n("users", "app")), nullptr);
  EXPECT_EQ(c.table(n("users")), users);

  CreateTable orders;
  orders.table = n("orders", "app");
  orders.columns.push_back(column("id", "integer"));
  c.apply(orders);
  const CatalogTable* app_orders = c.table(n("orders", "app"));
  ASSERT_NE(app_orders, nullptr);
  EXPECT_EQ(c.table(n("orders", "apq")), nullptr);  // same length, other schema
  EXPECT_EQ(c.table(n("ordert", "app")), nullptr);  // same length, other name
  EXPECT_EQ(c.table(n("p.orders", "ap")), nullptr); // other split, longer key
  EXPECT_EQ(c.table(n("orders")), nullptr);
  EXPECT_EQ(c.table(n("app.orders")), app_orders); // a bare name with the same key
  EXPECT_EQ(c.table(n("orders", "app")), app_orders);

  // Dropped by another spelling of its name while the memo holds it.
  ASSERT_NE(c.table(n("users")), nullptr);
  c.apply(DropObject{ObjectKind::Table, n("users", "public"), {}, false, false, false});
  EXPECT_EQ(c.table(n("users")), nullptr);
  EXPECT_FALSE(c.is_new_table(n("users")));

  // A copy has its own tables and its own memo.
  EXPECT_NE(c.table(n("orders", "app")), nullptr);
  Catalog copy = c;
  copy.apply(DropObject{ObjectKind::Table, n("orders", "app"), {}, false, false, false});
  EXPECT_EQ(copy.table(n("orders", "app")), nullptr);
  ASSERT_NE(c.table(n("orders", "app")), nullptr);
  EXPECT_EQ(c.table(n("orders", "app"))->name.schema, "app");
  EXPECT_TRUE(c.is_new_table(n("orders", "app")));
}

// DROP TABLE takes the indexes (its constraints' and CREATE INDEX's) and
// triggers listed under its key, and nothing listed under another table.
TEST(Catalog, DropTableTakesItsIndexesAndTriggers) {
  Catalog c;
  CreateTable orders;
  orders.table = n("orders", "app");
  orders.columns.push_back(column("id", "integer"));
  Constraint pk;
  pk.kind = ConstraintKind::PrimaryKey;
  pk.columns = {"id"};
  orders.constraints.push_back(pk);
  c.apply(orders);
  CreateTable items;
  items.table = n("items", "app");
  items.columns.push_back(column("id", "integer"));
  Constraint unique;
  unique.kind = ConstraintKind::Unique;
  unique.columns = {"id", "sku"};
  items.constraints.push_back(unique);
  c.apply(items);
  CreateIndex index;
  index.index = n("orders_created_idx");
  index.table = n("orders", "app");
  c.apply(index);
  CreateObject trigger;
  trigger.kind = ObjectKind::Trigger;
  trigger.name = n("orders_sync");
  trigger.table = n("orders", "app");
  c.apply(trigger);

  ASSERT_NE(c.index_table(n("orders_pkey", "app")), nullptr);
  EXPECT_EQ(c.index_table(n("orders_pkey", "app"))->name, "orders");
  EXPECT_EQ(c.index_table(n("orders_pkey")), nullptr); // in the table's schema
  EXPECT_TRUE(c.is_new_object(ObjectKind::Index, n("orders_pkey", "app")));
  ASSERT_NE(c.index_table(n("items_id_sku_key", "app")), nullptr);
  ASSERT_NE(c.index_table(n("orders_created_idx", "app")), nullptr);
  EXPECT_TRUE(c.has_object(ObjectKind::Index, n("orders_created_idx", "app")));
  EXPECT_EQ(c.triggers_on(n("orders", "app")), std::vector<std::string>{"orders_sync"});

  c.apply(DropObject{ObjectKind::Table, n("orders", "app"), {}, false, false, false});
  EXPECT_EQ(c.index_table(n("orders_pkey", "app")), nullptr);
  EXPECT_FALSE(c.has_object(ObjectKind::Index, n("orders_pkey", "app")));
  EXPECT_EQ(c.index_table(n("orders_created_idx", "app")), nullptr);
  EXPECT_FALSE(c.has_object(ObjectKind::Index, n("orders_created_idx", "app")));
  EXPECT_TRUE(c.triggers_on(n("orders", "app")).empty());
  EXPECT_FALSE(c.has_object(ObjectKind::Trigger, n("orders_sync"), n("orders", "app")));
  ASSERT_NE(c.index_table(n("items_id_sku_key", "app")), nullptr);
  EXPECT_TRUE(c.has_object(ObjectKind::Index, n("items_id_sku_key", "app")));
}

// A table created again (IF NOT EXISTS over an existing one, or a history
// that creates it twice) gets exactly the new definition: the old entry's
// columns are reused as storage only, none of their fields or names survive,
// and the first of two same-named new columns counts even where an old column
// of that name sat further along.
TEST(Catalog, TableCreatedAgainHasOnlyItsNewDefinition) {
  Catalog c;
  CreateTable first;
  first.table = n("orders");
  ColumnDef id = column("id", "integer");
  id.primary_key = true;
  first.columns.push_back(id);
  ColumnDef status = column("status_of_the_order_long_name", "timestamp without time zone");
  status.not_null = true;
  status.default_value = DefaultValue{Volatility::Stable, "now", {}};
  status.enum_values = {"a", "b"};
  first.columns.push_back(status);
  first.columns.push_back(column("note", "text"));
  first.columns.push_back(column("extra", "text"));
  Constraint check;
  check.kind = ConstraintKind::Check;
  check.name = "status_not_null";
  check.not_null_column = "status_of_the_order_long_name";
  first.constraints.push_back(check);
  c.apply(first);
  ASSERT_EQ(c.table(n("orders"))->columns.size(), 4U);
  EXPECT_TRUE(c.has_validated_not_null_check(n("orders"), "status_of_the_order_long_name"));

  c.enter_phase(Phase::Expand);
  c.enter_phase(Phase::Contract); // the first definition is old now
  CreateTable again;
  again.table = n("orders");
  again.if_not_exists = true;
  again.columns.push_back(column("note", "varchar(20)"));                   // was third
  again.columns.push_back(column("status_of_the_order_long_name", "uuid")); // was second
  again.columns.push_back(column("note", "bigint"));                        // a repeat: ignored
  Constraint unique;
  unique.kind = ConstraintKind::Unique;
  unique.columns = {"note"};
  again.columns[0].constraints.push_back(unique);
  c.apply(again);

  const CatalogTable* orders = c.table(n("orders"));
  ASSERT_NE(orders, nullptr);
  ASSERT_EQ(orders->columns.size(), 2U);
  EXPECT_EQ(orders->columns[0].name, "note");
  EXPECT_EQ(orders->columns[0].type, "varchar(20)");
  const CatalogColumn& second = orders->columns[1];
  EXPECT_EQ(second.name, "status_of_the_order_long_name");
  EXPECT_EQ(second.type, "uuid");
  EXPECT_FALSE(second.not_null);
  EXPECT_FALSE(second.has_default);
  EXPECT_EQ(second.default_volatility, Volatility::Null);
  EXPECT_TRUE(second.enum_values.empty());
  EXPECT_EQ(orders->column("id"), nullptr);
  EXPECT_EQ(orders->column("extra"), nullptr);
  EXPECT_TRUE(c.is_new_table(n("orders")));
  EXPECT_TRUE(c.is_new_column(n("orders"), "note"));
  // The constraints are the new definition's, in order.
  EXPECT_FALSE(c.has_validated_not_null_check(n("orders"), "status_of_the_order_long_name"));
  ASSERT_EQ(orders->constraints.size(), 1U);
  EXPECT_EQ(orders->constraints[0].kind, ConstraintKind::Unique);
  ASSERT_NE(c.index_table(n("orders_note_key")), nullptr);

  // Created a third time with more columns than the entry holds.
  CreateTable third;
  third.table = n("orders");
  for (const char* name : {"a", "b", "a", "c", "d"}) {
    third.columns.push_back(column(name, "text"));
  }
  third.columns[2].type = "integer"; // the repeated `a`
  c.apply(third);
  orders = c.table(n("orders"));
  ASSERT_EQ(orders->columns.size(), 4U);
  EXPECT_EQ(orders->columns[0].name, "a");
  EXPECT_EQ(orders->columns[0].type, "text");
  EXPECT_EQ(orders->columns[3].name, "d");
  EXPECT_TRUE(orders->constraints.empty());
}

// An index is one entry, listed under its table; ALTER INDEX ... RENAME moves
// it (the old name is gone, the new one keeps its table and its age), DROP
// TABLE follows an index renamed since, and leaves an index of the same name
// that now belongs to another table.
TEST(Catalog, DropTableTakesRenamedIndexesAndLeavesOthers) {
  Catalog c;
  c.apply(index_on(n("a_idx"), n("orders")));
  c.apply(RenameObject{ObjectKind::Index, n("a_idx"), "b_idx"});
  EXPECT_TRUE(c.has_object(ObjectKind::Index, n("b_idx")));
  EXPECT_TRUE(c.is_new_object(ObjectKind::Index, n("b_idx")));
  ASSERT_NE(c.index_table(n("b_idx")), nullptr);
  EXPECT_EQ(c.index_table(n("b_idx"))->name, "orders");
  EXPECT_EQ(c.index_table(n("a_idx")), nullptr);
  EXPECT_FALSE(c.has_object(ObjectKind::Index, n("a_idx")));
  EXPECT_FALSE(c.is_new_object(ObjectKind::Index, n("a_idx")));

  // Renamed onto a name another index has: that one keeps its place.
  c.apply(index_on(n("c_idx"), n("items")));
  c.apply(index_on(n("d_idx"), n("orders")));
  c.apply(RenameObject{ObjectKind::Index, n("d_idx"), "c_idx"});
  EXPECT_EQ(c.index_table(n("d_idx")), nullptr);
  ASSERT_NE(c.index_table(n("c_idx")), nullptr);
  EXPECT_EQ(c.index_table(n("c_idx"))->name, "items");

  // An index created by an old release is still old under its new name.
  c.enter_phase(Phase::Expand);
  c.apply(index_on(n("old_idx"), n("orders")));
  c.enter_phase(Phase::Contract);
  c.apply(RenameObject{ObjectKind::Index, n("old_idx"), "renamed_idx"});
  EXPECT_TRUE(c.has_object(ObjectKind::Index, n("renamed_idx")));
  EXPECT_FALSE(c.is_new_object(ObjectKind::Index, n("renamed_idx")));

  c.apply(index_on(n("moved_idx"), n("orders")));
  c.apply(DropObject{ObjectKind::Index, n("moved_idx"), {}, false, false, false});
  c.apply(index_on(n("moved_idx"), n("items")));               // the same name, now on items
  c.apply(index_on(n("kept_idx", "app"), n("orders", "app"))); // another table: app.orders

  c.apply(DropObject{ObjectKind::Table, n("orders"), {}, false, false, false});
  EXPECT_FALSE(c.has_object(ObjectKind::Index, n("b_idx")));
  EXPECT_FALSE(c.is_new_object(ObjectKind::Index, n("b_idx")));
  EXPECT_EQ(c.index_table(n("b_idx")), nullptr);
  EXPECT_FALSE(c.has_object(ObjectKind::Index, n("renamed_idx")));
  EXPECT_TRUE(c.has_object(ObjectKind::Index, n("c_idx"))); // on items
  ASSERT_NE(c.index_table(n("moved_idx")), nullptr);
  EXPECT_EQ(c.index_table(n("moved_idx"))->name, "items");
  EXPECT_TRUE(c.is_new_object(ObjectKind::Index, n("moved_idx")));
  EXPECT_TRUE(c.is_new_object(ObjectKind::Index, n("kept_idx", "app")));
  ASSERT_NE(c.index_table(n("kept_idx", "app")), nullptr);
}

// A table's indexes follow its rename: index_table() names the table as it is
// called now, and DROP TABLE of the new name takes them; an index that moved
// to another table before the rename stays where it is.
TEST(Catalog, IndexesFollowTheirTablesRename) {
  Catalog c;
  c.apply(index_on(n("orders_idx"), n("orders")));
  c.apply(index_on(n("items_idx"), n("orders")));
  c.apply(DropObject{ObjectKind::Index, n("items_idx"), {}, false, false, false});
  c.apply(index_on(n("items_idx"), n("items")));
  c.apply(RenameObject{ObjectKind::Table, n("orders"), "sales"});
  ASSERT_NE(c.index_table(n("orders_idx")), nullptr);
  EXPECT_EQ(c.index_table(n("orders_idx"))->name, "sales");
  ASSERT_NE(c.index_table(n("items_idx")), nullptr);
  EXPECT_EQ(c.index_table(n("items_idx"))->name, "items");

  c.apply(DropObject{ObjectKind::Table, n("orders"), {}, false, false, false});
  EXPECT_TRUE(c.has_object(ObjectKind::Index, n("orders_idx")));
  c.apply(DropObject{ObjectKind::Table, n("sales"), {}, false, false, false});
  EXPECT_FALSE(c.has_object(ObjectKind::Index, n("orders_idx")));
  EXPECT_TRUE(c.has_object(ObjectKind::Index, n("items_idx")));
}

// The per-table lists hold keys of every length (empty, inside and past the
// small-string buffer, long) and repeats; all of them are found again.
TEST(Catalog, ManyObjectsOnOneTableAreListedAndDropped) {
  Catalog c;
  std::vector<std::string> names;
  for (size_t length : {0, 1, 7, 15, 16, 31, 63, 64, 255, 256, 1000}) {
    names.emplace_back(length, 'g');
  }
  for (const std::string& name : names) {
    CreateObject trigger;
    trigger.kind = ObjectKind::Trigger;
    trigger.name = n(name);
    trigger.table = n("orders");
    c.apply(trigger);
    c.apply(trigger); // the last key again
    c.apply(index_on(n("i" + name), n("orders")));
  }
  CreateObject first;
  first.kind = ObjectKind::Trigger;
  first.name = n(names.front());
  first.table = n("orders");
  c.apply(first); // listed again, after others
  EXPECT_EQ(c.triggers_on(n("orders")), names);
  for (const std::string& name : names) {
    ASSERT_NE(c.index_table(n("i" + name)), nullptr) << name.size();
  }
  c.apply(DropObject{ObjectKind::Table, n("orders"), {}, false, false, false});
  EXPECT_TRUE(c.triggers_on(n("orders")).empty());
  for (const std::string& name : names) {
    EXPECT_FALSE(c.has_object(ObjectKind::Trigger, n(name), n("orders"))) << name.size();
    EXPECT_EQ(c.index_table(n("i" + name)), nullptr) << name.size();
    EXPECT_FALSE(c.has_object(ObjectKind::Index, n("i" + name))) << name.size();
  }
}

// column() finds a column through the table's name hashes, which every
// change to the columns keeps in step: each name that exists is found with its
// own type, and each that does not is not.
TEST(Catalog, ColumnLookupsFollowEveryChange) {
  Catalog c;
  const auto expect_columns = [&](const std::vector<std::pair<std::string, std::string>>& want,
                                  const std::vector<std::string>& gone) {
    const CatalogTable* t = c.table(n("wide"));
    ASSERT_NE(t, nullptr);
    ASSERT_EQ(t->columns.size(), want.size());
    ASSERT_EQ(t->column_hashes.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(t->columns[i].name, want[i].first);
      const CatalogColumn* found = t->column(want[i].first);
      ASSERT_NE(found, nullptr) << want[i].first;
      EXPECT_EQ(found, &t->columns[i]);
      EXPECT_EQ(found->type, want[i].second);
    }
    for (const std::string& name : gone) {
      EXPECT_EQ(t->column(name), nullptr) << name;
    }
  };
  std::vector<std::pair<std::string, std::string>> want;
  CreateTable wide;
  wide.table = n("wide");
  for (int i = 0; i < 12; ++i) {
    std::string name =
        i % 2 == 0 ? "c" + std::to_string(i) : "a_longer_column_name_" + std::to_string(i);
    wide.columns.push_back(column(name, "t" + std::to_string(i)));
    want.emplace_back(name, "t" + std::to_string(i));
  }
  // The same length and the same first and last eight bytes: the same hash.
  for (const char* name : {"abcdefgh_1_abcdefgh", "abcdefgh_2_abcdefgh"}) {
    wide.columns.push_back(column(name, name));
    want.emplace_back(name, name);
  }
  c.apply(wide);
  expect_columns(want, {"c1", "a_longer_column_name_0", "abcdefgh_3_abcdefgh", ""});

  c.apply(DropColumn{n("wide"), "c4", false, false});
  want.erase(want.begin() + 4);
  expect_columns(want, {"c4"});
  c.apply(DropColumn{n("wide"), "abcdefgh_1_abcdefgh", false, false});
  want.erase(want.begin() + 11);
  expect_columns(want, {"abcdefgh_1_abcdefgh"});
  c.apply(RenameColumn{n("wide"), "c6", "c4"});
  want[5].first = "c4";
  expect_columns(want, {"c6"});
  c.apply(RenameColumn{n("wide"), "c8", "a_longer_column_name_9"}); // onto a taken name
  want.erase(want.begin() + 7);
  expect_columns(want, {"c8"});
  c.apply(RedefineColumn{n("wide"), "c10", column("c99", "bigint"), {}, true});
  want.erase(want.begin() + 8);
  want.emplace_back("c99", "bigint");
  expect_columns(want, {"c10"});
  c.apply(RedefineColumn{n("wide"), "c2", column("c2", "text"), {}, false});
  want.erase(want.begin() + 2);
  want.emplace_back("c2", "text");
  expect_columns(want, {});
  c.apply(AddColumn{n("wide"), column("added", "uuid"), false, {}});
  want.emplace_back("added", "uuid");
  expect_columns(want, {});

  CreateTable again; // fewer columns, in another order, over the old entries
  again.table = n("wide");
  again.columns.push_back(column("added", "integer"));
  again.columns.push_back(column("c0", "integer"));
  c.apply(again);
  expect_columns({{"added", "integer"}, {"c0", "integer"}},
                 {"c2", "c99", "a_longer_column_name_1"});
}

TEST(Ident, QuotesOnlyWhatMustBeQuoted) {
  EXPECT_EQ(ident("users"), "users");
  EXPECT_EQ(ident("_tmp$1"), "_tmp$1");
  EXPECT_EQ(ident("Users"), "\"Users\"");
  EXPECT_EQ(ident("1st"), "\"1st\"");
  EXPECT_EQ(ident("user"), "\"user\""); // reserved
  EXPECT_EQ(ident("with"), "\"with\""); // the last reserved word
  EXPECT_EQ(ident("all"), "\"all\"");   // the first
  EXPECT_EQ(ident("users_"), "users_"); // not a reserved word, though it starts like one
  EXPECT_EQ(ident("_user"), "_user");
  EXPECT_EQ(ident("zone"), "zone");
  EXPECT_EQ(ident("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(ident(""), "\"\"");
  EXPECT_EQ(ident(std::string(40, 'x')), std::string(40, 'x'));
}

TEST(Ident, NamesAndColumnsForMessages) {
  EXPECT_EQ(n("users").display(), "users");
  EXPECT_EQ(n("users", "app").display(), "app.users");
  EXPECT_EQ(n("Users", "order").display(), "\"order\".\"Users\"");
  EXPECT_EQ(n("users", "app").column("Email"), "app.users.\"Email\"");
  EXPECT_EQ(n("users").column("email"), "users.email");
}

} // namespace
} // namespace rollsafe::model
