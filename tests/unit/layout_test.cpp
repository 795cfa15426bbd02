// Each tree under tests/fixtures/layouts/ is laid out the way its tool lays
// files out; plan_layout() must recognise it, order it as the tool applies it,
// and give each file its role, version and phase.
#include "engine/phase.h"
#include "source/discover.h"
#include "source/layout.h"

#include <gtest/gtest.h>

#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace rollsafe {
namespace {

const std::string kRoot = std::string(ROLLSAFE_SOURCE_DIR) + "/tests/fixtures/layouts/";

Plan plan(const std::string& tool, const std::optional<std::string>& forced = std::nullopt) {
  return plan_layout(kRoot + tool, discover({kRoot + tool}), forced);
}

// "name [role version]" per unit, paths relative to the tree.
std::vector<std::string> order(const Plan& p, const std::string& tool) {
  std::vector<std::string> out;
  for (const SourceUnit& u : p.units) {
    std::string line = u.path.substr(kRoot.size() + tool.size() + 1);
    if (!u.info.unit.empty()) {
      line += " (" + u.info.unit + ")";
    }
    line += " " + std::string(model::to_string(u.info.role)) + " " + u.info.version;
    out.push_back(line);
  }
  return out;
}

using Lines = std::vector<std::string>;

TEST(Layout, FlywayVersionedInVersionOrderThenRepeatablesAndUndo) {
  const Plan p = plan("flyway");
  EXPECT_EQ(p.layout, "flyway");
  EXPECT_EQ(p.summary, "4 versioned, 1 repeatable, 1 undo");
  EXPECT_EQ(order(p, "flyway"),
            (Lines{"V1__create_users.sql up 1", "V1.1__add_display_name.sql up 1.1",
                   "V2__create_orders.sql up 2", "V10__add_order_note.sql up 10",
                   "R__user_names_view.sql repeatable ", "U2__create_orders.sql down 2"}));
}

TEST(Layout, GolangMigrateUpAndDownInVersionOrder) {
  const Plan p = plan("golang-migrate");
  EXPECT_EQ(p.layout, "golang-migrate");
  EXPECT_EQ(p.summary, "3 up, 3 down");
  EXPECT_EQ(
      order(p, "golang-migrate"),
      (Lines{"000001_create_users.up.sql up 000001", "000001_create_users.down.sql down 000001",
             "000002_add_display_name.up.sql up 000002",
             "000002_add_display_name.down.sql down 000002", "000010_add_locale.up.sql up 000010",
             "000010_add_locale.down.sql down 000010"}));
  // The folder's name (`golang-migrate`) is not a phase: only a file name's tokens are.
  for (const SourceUnit& u : p.units) {
    EXPECT_FALSE(phase_from_path(u.path).has_value()) << u.path;
  }
}

// Diesel: one folder per migration, by version (dashes do not count: Diesel
// records 2019-09-12-100000 as 20190912100000), up.sql before down.sql in any
// case; a folder without down.sql; another file of a folder after them, with
// its name's role and no version; a file outside the folders last.
TEST(Layout, DieselFoldersInVersionOrderUpBeforeDown) {
  const Plan p = plan("diesel");
  EXPECT_EQ(p.layout, "diesel");
  EXPECT_EQ(p.summary, "5 up, 4 down, 2 other");
  EXPECT_EQ(
      order(p, "diesel"),
      (Lines{"00000000000000_diesel_initial_setup/up.sql up 00000000000000",
             "00000000000000_diesel_initial_setup/down.sql down 00000000000000",
             "2019-09-12-100000_create_users/up.sql up 20190912100000",
             "2019-09-12-100000_create_users/down.sql down 20190912100000",
             "2019-09-16-150000_add_email/up.sql up 20190916150000",
             "20191001120000_add_locale/Up.sql up 20191001120000",
             "20191001120000_add_locale/DOWN.sql down 20191001120000",
             "20191001120000_add_locale/backfill_locale.sql up ",
             "2019-10-02-090000_add_display_name/up.sql up 20191002090000",
             "2019-10-02-090000_add_display_name/down.sql down 20191002090000", "schema.sql up "}));
  // Each folder is a release of its own, its files together.
  EXPECT_EQ(p.units[0].info.release, p.units[1].info.release);
  EXPECT_NE(p.units[1].info.release, p.units[2].info.release);
  EXPECT_EQ(p.units[5].info.release, p.units[7].info.release);
  EXPECT_EQ(p.units[5].info.release, kRoot + "diesel/20191001120000_add_locale");
}

// Two folders with one version keep their files together, in folder-name
// order; versions compare as numbers, and a folder named by a number alone is
// a migration. The planner only looks at the names.
TEST(Layout, DieselVersionsCompareAsNumbers) {
  const std::vector<std::string> files{
      "m/10_b/up.sql",         "m/9_a/down.sql",      "m/9_a/up.sql", "m/0009_c/up.sql",
      "m/2024-01-01_d/up.sql", "m/20240101_c/up.sql", "m/11/UP.SQL"};
  const Plan p = plan_layout("m", files, "diesel");
  std::vector<std::string> names;
  for (const SourceUnit& u : p.units) {
    names.push_back(u.path.substr(2) + " " + u.info.version);
  }
  EXPECT_EQ(names,
            (Lines{"0009_c/up.sql 0009", "9_a/up.sql 9", "9_a/down.sql 9", "10_b/up.sql 10",
                   "11/UP.SQL 11", "2024-01-01_d/up.sql 20240101", "20240101_c/up.sql 20240101"}));
}

// Only up.sql and down.sql directly in version-named folders make a tree
// Diesel's; up.sql and down.sql elsewhere do not.
TEST(Layout, DieselNeedsUpAndDownInVersionFolders) {
  const auto detected = [](const std::vector<std::string>& files) {
    return plan_layout("db", files, std::nullopt).layout;
  };
  // Release folders with phases, even when their files are named up and down.
  EXPECT_EQ(detected({"db/0001/expand/up.sql", "db/0001/contract/down.sql", "db/0002/expand/up.sql",
                      "db/0002/contract/down.sql", "db/0003/expand/up.sql"}),
            "release-folders");
  // Folders whose names do not start with a version.
  for (const std::string folder : {"v1_init", "2024.01", "init", "1a_init", "-1_x"}) {
    EXPECT_EQ(detected({"db/" + folder + "/up.sql", "db/" + folder + "/down.sql",
                        "db/" + folder + "x/up.sql", "db/" + folder + "x/down.sql",
                        "db/" + folder + "y/up.sql"}),
              "plain")
        << folder;
  }
  // Files of a version folder that are not up.sql or down.sql.
  EXPECT_EQ(detected({"db/0001_a/V1__a.sql", "db/0002_b/V2__b.sql", "db/0003_c/V3__c.sql",
                      "db/0004_d/V4__d.sql", "db/0005_e/V5__e.sql"}),
            "flyway");
  EXPECT_EQ(detected({"db/2019-09-12-100000_a/schema.sql", "db/2019-09-13-100000_b/up_1.sql",
                      "db/2019-09-14-100000_c/down_1.sql", "db/2019-09-15-100000_d/x.sql",
                      "db/2019-09-16-100000_e/up.sql"}),
            "plain");
  // Only some of the files.
  EXPECT_EQ(detected({"db/2019-09-12-100000_a/up.sql", "db/2019-09-12-100000_a/down.sql",
                      "db/a.sql", "db/b.sql", "db/c.sql"}),
            "plain");
  // The other layouts' fixtures are not Diesel's.
  for (const std::string tool : {"flyway", "golang-migrate", "dbmate", "sqitch", "rails", "django",
                                 "alembic", "phase-repos", "release-folders"}) {
    EXPECT_NE(plan(tool).layout, "diesel") << tool;
  }
}

TEST(Layout, DbmateSplitsEachFileIntoUpAndDownSections) {
  const Plan p = plan("dbmate");
  EXPECT_EQ(p.layout, "dbmate");
  EXPECT_EQ(order(p, "dbmate"), (Lines{"20240101120000_create_users.sql (up) up 20240101120000",
                                       "20240101120000_create_users.sql (down) down 20240101120000",
                                       "20240201090000_add_display_name.sql (up) up 20240201090000",
                                       "20240201090000_add_display_name.sql (down) down "
                                       "20240201090000"}));
  // The sections blank each other out, keeping line numbers.
  std::string up = read_file(p.units[0].path);
  std::string down = up;
  apply_section(p.units[0], up);
  apply_section(p.units[1], down);
  EXPECT_NE(up.find("CREATE TABLE users"), std::string::npos);
  EXPECT_EQ(up.find("DROP TABLE"), std::string::npos);
  EXPECT_EQ(down.find("CREATE TABLE"), std::string::npos);
  EXPECT_NE(down.find("DROP TABLE users"), std::string::npos);
  EXPECT_EQ(up.size(), down.size());
  EXPECT_EQ(std::count(up.begin(), up.end(), '\n'), std::count(down.begin(), down.end(), '\n'));
}

TEST(Layout, SqitchFollowsThePlanNotTheNames) {
  const Plan p = plan("sqitch");
  EXPECT_EQ(p.layout, "sqitch");
  EXPECT_EQ(p.summary, "3 deploy, 3 revert, 3 verify");
  EXPECT_EQ(order(p, "sqitch"),
            (Lines{"deploy/users.sql up users", "revert/users.sql down users",
                   "verify/users.sql verify users", "deploy/orders.sql up orders",
                   "revert/orders.sql down orders", "verify/orders.sql verify orders",
                   "deploy/appschema.sql up appschema", "revert/appschema.sql down appschema",
                   "verify/appschema.sql verify appschema"}));
}

TEST(Layout, RailsTimestampsInNumericOrder) {
  const Plan p = plan("rails");
  EXPECT_EQ(p.layout, "numbered");
  EXPECT_EQ(p.summary, "3 files, timestamped");
  EXPECT_EQ(order(p, "rails"),
            (Lines{"db/migrate/20231231235959_create_accounts.sql up 20231231235959",
                   "db/migrate/20240101120000_create_users.sql up 20240101120000",
                   "db/migrate/20240115093000_add_display_name.sql up 20240115093000"}));
  for (const SourceUnit& u : p.units) {
    EXPECT_FALSE(u.info.layout_phase.has_value()) << "db/migrate is not the migrate phase";
  }
}

TEST(Layout, DjangoNumbersInNumericOrder) {
  const Plan p = plan("django");
  EXPECT_EQ(p.layout, "numbered");
  EXPECT_EQ(order(p, "django"), (Lines{"shop/migrations/0001_initial.sql up 0001",
                                       "shop/migrations/0002_user_display_name.sql up 0002",
                                       "shop/migrations/0010_user_locale.sql up 0010"}));
}

TEST(Layout, AlembicStreamSplitIntoRevisions) {
  const Plan p = plan("alembic");
  EXPECT_EQ(p.layout, "alembic");
  EXPECT_EQ(p.summary, "3 upgrade revisions");
  EXPECT_EQ(order(p, "alembic"),
            (Lines{"upgrade.sql (revision <base> -> 1a2b3c4d5e6f) up 1a2b3c4d5e6f",
                   "upgrade.sql (revision 1a2b3c4d5e6f -> 2b3c4d5e6f70) up 2b3c4d5e6f70",
                   "upgrade.sql (revision 2b3c4d5e6f70 -> 3c4d5e6f7081) up 3c4d5e6f7081"}));
  // Each revision is its own release, and the units tile the file.
  EXPECT_NE(p.units[0].info.release, p.units[1].info.release);
  EXPECT_EQ(p.units[0].begin, 0U);
  EXPECT_EQ(p.units[0].end, p.units[1].begin);
  EXPECT_EQ(p.units[1].end, p.units[2].begin);
  std::string second = read_file(p.units[1].path);
  apply_section(p.units[1], second);
  EXPECT_NE(second.find("ADD COLUMN display_name"), std::string::npos);
  EXPECT_EQ(second.find("CREATE TABLE users"), std::string::npos);
  EXPECT_EQ(second.find("TYPE text"), std::string::npos);
}

TEST(Layout, PhaseReposReleaseByReleaseInPhaseOrder) {
  const Plan p = plan("phase-repos");
  EXPECT_EQ(p.layout, "phase-repos");
  EXPECT_EQ(p.summary, "2 releases, 6 files");
  EXPECT_EQ(
      order(p, "phase-repos"),
      (Lines{"expand_repo/001_create_users.sql up 001", "data_migration_repo/001_none.sql up 001",
             "contract_repo/001_none.sql up 001", "expand_repo/002_add_email_normalized.sql up 002",
             "data_migration_repo/002_backfill_email_normalized.sql up 002",
             "contract_repo/002_drop_email.sql up 002"}));
  const std::vector<Phase> phases{Phase::Expand, Phase::Migrate, Phase::Contract,
                                  Phase::Expand, Phase::Migrate, Phase::Contract};
  for (size_t i = 0; i < p.units.size(); ++i) {
    ASSERT_TRUE(p.units[i].info.layout_phase.has_value());
    EXPECT_EQ(*p.units[i].info.layout_phase, phases[i]) << p.units[i].path;
  }
  EXPECT_EQ(p.units[0].info.release, p.units[2].info.release);
  EXPECT_NE(p.units[0].info.release, p.units[3].info.release);
}

TEST(Layout, ReleaseFoldersInReleaseThenPhaseOrder) {
  const Plan p = plan("release-folders");
  EXPECT_EQ(p.layout, "release-folders");
  EXPECT_EQ(p.summary, "3 releases, 6 files");
  EXPECT_EQ(order(p, "release-folders"),
            (Lines{"2024.01/expand/0001_create_users.sql up 0001",
                   "2024.01/contract/0001_none.sql up 0001",
                   "2024.02/expand/0001_add_email_normalized.sql up 0001",
                   "2024.02/migrate/0001_backfill.sql up 0001",
                   "2024.02/contract/0001_drop_email.sql up 0001",
                   "2024.10/expand/0001_add_locale.sql up 0001"}));
  EXPECT_EQ(*p.units[3].info.layout_phase, Phase::Migrate);
}

TEST(Layout, OverriddenByName) {
  const Plan p = plan("golang-migrate", "numbered");
  EXPECT_EQ(p.layout, "numbered");
  EXPECT_EQ(p.units.size(), 6U);
  EXPECT_THROW((void)plan("flyway", "liquibase"), InputError);
}

// Numbered files are ordered by their leading digits as a number (leading
// zeros do not count; no digits first, however long the number), then up
// before down, then by name. The planner only looks at the names.
TEST(Layout, NumberedOrderComparesTheLeadingDigitsAsNumbers) {
  const std::vector<std::string> files{
      "db/10_b.sql", "db/9_a.sql", "db/123456789012345678901_big.sql", "db/0009_c.sql",
      "db/00_zero.sql", "db/000_zero.sql", "db/notes.sql", "db/9_a.down.sql",
      "db/99999999999999999999_big.sql",
      // 19 digits compare as values, 20 and more as text: both by length first.
      "db/9999999999999999999_max.sql", "db/10000000000000000000_x.sql",
      "db/1000000000000000000_min.sql", "db/09999999999999999999_max.sql"};
  const Plan p = plan_layout("db", files, "golang-migrate");
  std::vector<std::string> names;
  for (const SourceUnit& u : p.units) {
    names.push_back(u.path.substr(3));
  }
  EXPECT_EQ(names, (Lines{"notes.sql", "000_zero.sql", "00_zero.sql", "0009_c.sql", "9_a.sql",
                          "9_a.down.sql", "10_b.sql", "1000000000000000000_min.sql",
                          "09999999999999999999_max.sql", "9999999999999999999_max.sql",
                          "10000000000000000000_x.sql", "99999999999999999999_big.sql",
                          "123456789012345678901_big.sql"}));
  EXPECT_EQ(p.units[5].info.role, model::FileRole::Down);
  EXPECT_EQ(p.units[3].info.version, "0009");
}

// The planner records that it looked at the path for a phase, found or not,
// so the linter does not look again.
TEST(Layout, UnitsRecordThePhaseTheirPathGives) {
  const SourceUnit none = single_file_unit("db/migrate/0001_x.sql");
  EXPECT_TRUE(none.info.layout_phase_known);
  EXPECT_FALSE(none.info.layout_phase.has_value());
  const SourceUnit some = single_file_unit("r1/contract/0001_x.sql");
  EXPECT_TRUE(some.info.layout_phase_known);
  EXPECT_EQ(some.info.layout_phase, Phase::Contract);
  EXPECT_EQ(some.info.layout_phase, phase_from_path("r1/contract/0001_x.sql")->phase);
}

// What a path's folders say is worked out once per folder; every unit must
// still get what release_key() and phase_from_path() say of its whole path,
// and its role from its name and the folders below the root only, whatever
// the order of the files (folders interleaved, the same folder again later).
TEST(Layout, UnitsAgreeWithTheWholePathWhateverTheFolderOrder) {
  const std::vector<std::string> files{"proj/r1/expand/0001_a.sql",
                                       "proj/db/migrate/0003_b.sql",
                                       "proj/r1/expand/0002_contract.sql",
                                       "proj/down/0004_c.sql",
                                       "proj/r2/contract/sub/0005_d.sql",
                                       "proj/x/0006_e_rollback.sql",
                                       "proj/expand_repo/0007_f.sql",
                                       "proj/0008_g.sql",
                                       "proj/db/migrate",
                                       "proj/r1/expand/0009_h.SQL",
                                       "proj/down/0010_i.sql",
                                       "proj/db/migrate/0011_migrate.sql",
                                       "proj/r1/migrate/0012_j.sql",
                                       "proj/undo/deeper/0013_k.sql"};
  const std::set<std::string> down{"proj/down/0004_c.sql", "proj/x/0006_e_rollback.sql",
                                   "proj/down/0010_i.sql", "proj/undo/deeper/0013_k.sql"};
  for (const std::string layout :
       {"numbered", "release-folders", "plain", "flyway", "phase-repos"}) {
    const Plan p = plan_layout("proj", files, layout);
    ASSERT_EQ(p.units.size(), files.size()) << layout;
    for (const SourceUnit& u : p.units) {
      EXPECT_EQ(u.info.release, release_key(u.path)) << layout << " " << u.path;
      const auto phase = phase_from_path(u.path);
      EXPECT_EQ(u.info.layout_phase, phase ? std::optional<Phase>(phase->phase) : std::nullopt)
          << layout << " " << u.path;
      EXPECT_TRUE(u.info.layout_phase_known);
      EXPECT_EQ(u.info.role == model::FileRole::Down, down.contains(u.path))
          << layout << " " << u.path;
    }
  }
  // Folders above the root say nothing of the role.
  const Plan above = plan_layout("down/proj", {"down/proj/0001_a.sql", "down/proj/b/0002.sql"},
                                 std::string("numbered"));
  for (const SourceUnit& u : above.units) {
    EXPECT_EQ(u.info.role, model::FileRole::Up) << u.path;
  }
}

TEST(Layout, SingleFilesTakeTheirRoleFromTheirName) {
  EXPECT_EQ(single_file_unit("m/2019-09-12-100000_a/down.sql").info.role, model::FileRole::Down);
  EXPECT_EQ(single_file_unit("m/2019-09-12-100000_a/DOWN.SQL").info.role, model::FileRole::Down);
  EXPECT_EQ(single_file_unit("m/2019-09-12-100000_a/up.sql").info.role, model::FileRole::Up);
  EXPECT_EQ(single_file_unit("m/init/down.sql").info.role, model::FileRole::Up);
  EXPECT_EQ(single_file_unit("db/0001_x.down.sql").info.role, model::FileRole::Down);
  EXPECT_EQ(single_file_unit("db/U3__x.sql").info.role, model::FileRole::Down);
  EXPECT_EQ(single_file_unit("revert/users.sql").info.role, model::FileRole::Down);
  EXPECT_EQ(single_file_unit("db/V3__x.sql").info.role, model::FileRole::Up);
}

TEST(Layout, PsqlMetaCommandsBlanked) {
  std::string dump = "\\restrict abc\nCREATE TABLE t (a int);\n\\unrestrict abc\n";
  blank_psql_meta_commands(dump);
  EXPECT_EQ(dump.find('\\'), std::string::npos);
  EXPECT_NE(dump.find("CREATE TABLE t"), std::string::npos);
  EXPECT_EQ(dump.size(), 54U);
}

// The layouts' file-name patterns are matched by hand for speed; std::regex,
// with the patterns they replaced, is the reference here.
TEST(Layout, NamePatternsMatchTheirRegexes) {
  const std::regex flyway(R"(^([VUR])([0-9][0-9._]*)?__.*\.sql$)", std::regex::icase);
  const std::regex up_down(R"(^([0-9]+)_.*\.(up|down)\.sql$)", std::regex::icase);
  const std::regex numbered(R"(^[0-9]+[_-].*\.sql$)", std::regex::icase);
  const std::vector<std::string> names{
      "",
      "V",
      "V__.sql",
      "V__x.sql",
      "v1__init.sql",
      "V1_2__desc.SQL",
      "V1__2__x.sql",
      "V1.2.3__a_b.sql",
      "V1___x.sql",
      "V1__",
      "V1__.sq",
      "V1_.sql",
      "R__views.sql",
      "u7__undo.sql",
      "U__x.Sql",
      "X1__y.sql",
      "V1__a\nb.sql",
      "V1__a\rb.sql",
      "V1\n__a.sql",
      "V.1__x.sql",
      "V1__x.sqlx",
      "V1__x.sql.sql",
      "V1__x.sql\n",
      "V1._.__x.sql",
      "1_init.up.sql",
      "1_init.down.sql",
      "1_.up.sql",
      "1.up.sql",
      "_init.up.sql",
      "0001_a.UP.SQL",
      "12_x.Down.Sql",
      "1_x.up.sqlx",
      "1_x\n.up.sql",
      "1__x.down.sql",
      "1-x.up.sql",
      "001-add.sql",
      "001_add.sql",
      "1_.sql",
      "1-.sql",
      "1.sql",
      "a1_x.sql",
      "20240101120000_create_users.sql",
      "1_x.SQL",
      "1_x.sq",
      "1_x\r.sql",
      "12345",
      "1_x.s\nql",
  };
  for (const std::string& name : names) {
    std::smatch m;
    const bool want = std::regex_match(name, m, flyway);
    const auto got = match_flyway_name(name);
    ASSERT_EQ(got.has_value(), want) << name;
    if (want) {
      EXPECT_EQ(got->kind, m[1].str()[0]) << name;
      EXPECT_EQ(std::string(got->version), m[2].str()) << name;
    }
    EXPECT_EQ(match_up_down_name(name), std::regex_match(name, up_down)) << name;
    EXPECT_EQ(match_numbered_name(name), std::regex_match(name, numbered)) << name;
  }
}

} // namespace
} // namespace rollsafe
