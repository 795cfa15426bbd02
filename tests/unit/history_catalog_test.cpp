// The catalog replayed across a whole history: every kind of statement it
// replays, from SQL through the PostgreSQL frontend, and "new" scoped to a
// release's phase (Catalog::enter).
#include "model/catalog.h"
#include "support/lint_helpers.h"

#include <gtest/gtest.h>

#include <string>

namespace rollsafe::model {
namespace {

Name n(std::string table, std::string schema = {}) {
  return {std::move(schema), std::move(table), {}};
}

// Replays `sql` as one file of `release` in `phase`.
void replay(Catalog& c, const std::string& sql, const std::string& release = "r1",
            Phase phase = Phase::Expand) {
  const test::Parsed parsed = test::parse_postgres(sql);
  ASSERT_TRUE(parsed.errors.empty()) << parsed.errors.front();
  c.enter(release, phase);
  for (const Statement& s : parsed.statements) {
    for (const Item& item : s.items) {
      c.apply(item.node);
    }
  }
}

Catalog with_users() {
  Catalog c;
  replay(c,
         "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, "
         "status text DEFAULT 'new', CONSTRAINT users_email_key UNIQUE (email));",
         "r0");
  return c;
}

TEST(HistoryCatalog, CreateTableKeepsTypesNullabilityDefaultsAndConstraints) {
  const Catalog c = with_users();
  const CatalogTable* t = c.table(n("users"));
  ASSERT_NE(t, nullptr);
  ASSERT_NE(t->column("email"), nullptr);
  EXPECT_EQ(t->column("email")->type, "text");
  EXPECT_TRUE(t->column("email")->not_null);
  EXPECT_FALSE(t->column("email")->has_default);
  EXPECT_TRUE(t->column("status")->has_default);
  EXPECT_TRUE(t->column("id")->not_null); // PRIMARY KEY
  EXPECT_EQ(t->constraints.size(), 2U);
  EXPECT_TRUE(c.has_object(ObjectKind::Index, n("users_pkey")));
  EXPECT_TRUE(c.has_object(ObjectKind::Index, n("users_email_key")));
}

TEST(HistoryCatalog, NewOnlyWithinTheReleaseAndPhaseThatCreatedIt) {
  Catalog c;
  replay(c, "CREATE TABLE a (id int);", "r1", Phase::Expand);
  EXPECT_TRUE(c.is_new_table(n("a")));
  c.enter("r1", Phase::Expand); // the next file of the same phase
  EXPECT_TRUE(c.is_new_table(n("a")));
  c.enter("r1", Phase::Contract); // the release moved on: it has served traffic
  EXPECT_FALSE(c.is_new_table(n("a")));
  EXPECT_NE(c.table(n("a")), nullptr); // but it still exists
  replay(c, "CREATE TABLE b (id int);", "r2", Phase::Expand);
  EXPECT_TRUE(c.is_new_table(n("b")));
  c.enter("r3", Phase::Expand); // another release, same phase
  EXPECT_FALSE(c.is_new_table(n("b")));
}

TEST(HistoryCatalog, AddDropAndRenameColumns) {
  Catalog c = with_users();
  replay(c, "ALTER TABLE users ADD COLUMN locale text DEFAULT 'en' NOT NULL;");
  EXPECT_TRUE(c.table(n("users"))->column("locale")->not_null);
  EXPECT_TRUE(c.is_new_column(n("users"), "locale"));
  EXPECT_FALSE(c.is_new_column(n("users"), "email"));
  replay(c, "ALTER TABLE users RENAME COLUMN locale TO language;", "r2");
  EXPECT_EQ(c.table(n("users"))->column("locale"), nullptr);
  ASSERT_NE(c.table(n("users"))->column("language"), nullptr);
  EXPECT_EQ(c.table(n("users"))->column("language")->type, "text");
  replay(c, "ALTER TABLE users DROP COLUMN language;", "r3");
  EXPECT_EQ(c.table(n("users"))->column("language"), nullptr);
}

TEST(HistoryCatalog, TypeDefaultAndNullability) {
  Catalog c = with_users();
  replay(c, "ALTER TABLE users ALTER COLUMN status TYPE varchar(20);");
  EXPECT_EQ(c.table(n("users"))->column("status")->type, "varchar(20)");
  replay(c, "ALTER TABLE users ALTER COLUMN status DROP DEFAULT;");
  EXPECT_FALSE(c.table(n("users"))->column("status")->has_default);
  replay(c, "ALTER TABLE users ALTER COLUMN status SET DEFAULT 'active';");
  EXPECT_TRUE(c.table(n("users"))->column("status")->has_default);
  replay(c, "ALTER TABLE users ALTER COLUMN status SET NOT NULL;");
  EXPECT_TRUE(c.table(n("users"))->column("status")->not_null);
  replay(c, "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;");
  EXPECT_FALSE(c.table(n("users"))->column("email")->not_null);
}

TEST(HistoryCatalog, AddValidateAndDropConstraints) {
  Catalog c = with_users();
  replay(c, "ALTER TABLE users ADD CONSTRAINT status_nn CHECK (status IS NOT NULL) NOT VALID;");
  EXPECT_FALSE(c.has_validated_not_null_check(n("users"), "status"));
  replay(c, "ALTER TABLE users VALIDATE CONSTRAINT status_nn;");
  EXPECT_TRUE(c.has_validated_not_null_check(n("users"), "status"));
  replay(c, "ALTER TABLE users DROP CONSTRAINT status_nn;");
  EXPECT_FALSE(c.has_validated_not_null_check(n("users"), "status"));
  EXPECT_EQ(c.table(n("users"))->constraints.size(), 2U);
}

TEST(HistoryCatalog, IndexesCreatedAndDropped) {
  Catalog c = with_users();
  replay(c, "CREATE INDEX CONCURRENTLY users_status_idx ON users (status);");
  ASSERT_NE(c.index_table(n("users_status_idx")), nullptr);
  EXPECT_EQ(c.index_table(n("users_status_idx"))->name, "users");
  EXPECT_TRUE(c.has_object(ObjectKind::Index, n("users_status_idx")));
  replay(c, "DROP INDEX CONCURRENTLY users_status_idx;", "r2");
  EXPECT_FALSE(c.has_object(ObjectKind::Index, n("users_status_idx")));
}

TEST(HistoryCatalog, ViewsFunctionsAndTriggers) {
  Catalog c = with_users();
  replay(c, "CREATE VIEW active AS SELECT * FROM users;\n"
            "CREATE FUNCTION users_sync() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN "
            "NEW; END$$;\n"
            "CREATE TRIGGER users_sync BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION "
            "users_sync();");
  EXPECT_TRUE(c.has_object(ObjectKind::View, n("active")));
  EXPECT_TRUE(c.is_new_object(ObjectKind::View, n("active")));
  EXPECT_TRUE(c.has_object(ObjectKind::Function, n("users_sync")));
  EXPECT_TRUE(c.has_object(ObjectKind::Trigger, n("users_sync"), n("users")));
  EXPECT_EQ(c.triggers_on(n("users")), std::vector<std::string>{"users_sync"});
  c.enter("r2", Phase::Expand);
  EXPECT_FALSE(c.is_new_object(ObjectKind::View, n("active")));
  EXPECT_TRUE(c.has_object(ObjectKind::View, n("active")));
  replay(c, "DROP TRIGGER users_sync ON users;\nDROP VIEW active;", "r2", Phase::Contract);
  EXPECT_TRUE(c.triggers_on(n("users")).empty());
  EXPECT_FALSE(c.has_object(ObjectKind::View, n("active")));
}

TEST(HistoryCatalog, RenameTableKeepsColumns) {
  Catalog c = with_users();
  replay(c, "ALTER TABLE users RENAME TO accounts;");
  EXPECT_EQ(c.table(n("users")), nullptr);
  ASSERT_NE(c.table(n("accounts")), nullptr);
  EXPECT_EQ(c.table(n("accounts"))->column("email")->type, "text");
}

TEST(HistoryCatalog, DropTableTakesItsTriggersAndIndexes) {
  Catalog c = with_users();
  replay(c, "CREATE INDEX users_status_idx ON users (status);\n"
            "CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION f();");
  replay(c, "DROP TABLE users;", "r2", Phase::Contract);
  EXPECT_EQ(c.table(n("users")), nullptr);
  EXPECT_TRUE(c.triggers_on(n("users")).empty());
  EXPECT_EQ(c.index_table(n("users_status_idx")), nullptr);
}

// DROP TABLE finds what hangs on the table through an index kept per table,
// whose entries may be stale: an index re-created on another table and
// renamed, the table spelt with its public schema.
TEST(HistoryCatalog, DropTableTakesOnlyWhatStillHangsOnIt) {
  Catalog c = with_users();
  replay(c, "CREATE TABLE orders (id int);\n"
            "CREATE INDEX shared_idx ON users (status);\n"
            "DROP INDEX shared_idx;\n"
            "CREATE INDEX shared_idx ON orders (id);\n"
            "CREATE TRIGGER t1 BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION f();\n"
            "ALTER INDEX shared_idx RENAME TO shared_idx2;\n"
            "ALTER INDEX shared_idx2 RENAME TO shared_idx;\n"
            "CREATE TRIGGER o1 BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION f();");
  EXPECT_EQ(c.triggers_on(n("users")), std::vector<std::string>{"t1"});
  replay(c, "DROP TABLE public.users;", "r2", Phase::Contract);
  EXPECT_EQ(c.table(n("users")), nullptr);
  EXPECT_TRUE(c.triggers_on(n("users")).empty());
  EXPECT_EQ(c.index_table(n("users_pkey")), nullptr);
  ASSERT_NE(c.index_table(n("shared_idx")), nullptr);
  EXPECT_EQ(c.index_table(n("shared_idx"))->name, "orders");
  EXPECT_TRUE(c.has_object(ObjectKind::Index, n("shared_idx")));
  EXPECT_EQ(c.triggers_on(n("orders")), std::vector<std::string>{"o1"});
  replay(c, "CREATE TABLE users (id int);", "r3");
  EXPECT_TRUE(c.triggers_on(n("users")).empty());
}

TEST(HistoryCatalog, SchemaQualifiedNamesAndThePublicSchema) {
  Catalog c;
  replay(c, "CREATE TABLE public.users (id int);\nCREATE TABLE billing.invoices (id int);");
  EXPECT_NE(c.table(n("users")), nullptr);
  EXPECT_NE(c.table(n("invoices", "billing")), nullptr);
  EXPECT_EQ(c.table(n("invoices")), nullptr);
}

} // namespace
} // namespace rollsafe::model
