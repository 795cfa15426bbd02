#include "rules/support/bookkeeping.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace rollsafe {

namespace {

// Lower case: the comparison folds the name first.
constexpr auto kBookkeepingTables = std::to_array<std::string_view>({
    "alembic_version",             // Alembic
    "schema_migrations",           // Rails, Ecto, golang-migrate, dbmate
    "ar_internal_metadata",        // Rails
    "schema_version",              // Flyway before 5, tern
    "flyway_schema_history",       // Flyway
    "goose_db_version",            // goose
    "knex_migrations",             // Knex
    "knex_migrations_lock",        // Knex
    "django_migrations",           // Django
    "__diesel_schema_migrations",  // Diesel
    "_sqlx_migrations",            // SQLx
    "gorp_migrations",             // sql-migrate
    "databasechangelog",           // Liquibase
    "databasechangeloglock",       // Liquibase
    "sequelizemeta",               // Sequelize ("SequelizeMeta")
    "__efmigrationshistory",       // Entity Framework ("__EFMigrationsHistory")
    "schema_lock",                 // lock tables of in-house runners
    "_prisma_migrations",          // Prisma
    "pgmigrations",                // node-pg-migrate
    "atlas_schema_revisions",      // Atlas
    "__drizzle_migrations",        // Drizzle
    "mikro_orm_migrations",        // MikroORM
    "phinxlog",                    // Phinx
    "doctrine_migration_versions", // Doctrine Migrations
    "schemaversions",              // DbUp ("SchemaVersions")
    "migrate_version",             // sqlalchemy-migrate
    "refinery_schema_history",     // Refinery
    "play_evolutions",             // Play evolutions
    "play_evolutions_lock",        // Play evolutions
    "_yoyo_migration",             // yoyo-migrations
    "_yoyo_log",                   // yoyo-migrations
    "_yoyo_version",               // yoyo-migrations
    "yoyo_lock",                   // yoyo-migrations
});

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

} // namespace

bool is_migration_bookkeeping(const model::Name& table) {
  const std::string name = lower(table.name);
  return std::ranges::find(kBookkeepingTables, name) != kBookkeepingTables.end();
}

} // namespace rollsafe
