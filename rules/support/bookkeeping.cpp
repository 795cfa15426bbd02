#include "rules/support/bookkeeping.h"

#include "common/ascii.h"

#include <algorithm>
#include <array>
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

} // namespace

bool is_migration_bookkeeping(const model::Name& table) {
  // Compared folded in place: most tables are none of these, and copying each
  // name to lower case cost more than the comparisons.
  return std::ranges::any_of(kBookkeepingTables,
                             [&](std::string_view t) { return iequals_ascii(table.name, t); });
}

} // namespace rollsafe
