// History roots (docs/histories.md, "History roots"): which folders of a
// directory hold a history of their own, on the shapes real projects have, and
// how plan_inputs() turns the command line into histories.
#include "engine/workers.h"
#include "history/inputs.h"
#include "history/roots.h"
#include "source/discover.h"
#include "support/scratch_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace rollsafe {
namespace {

namespace fs = std::filesystem;

using Lines = std::vector<std::string>;

// A temporary directory holding the files named (empty unless given text).
class Tree : public ::testing::Test {
protected:
  void files(const Lines& paths) const {
    for (const std::string& p : paths) {
      dir_.write(p, "SELECT 1;\n");
    }
  }
  [[nodiscard]] std::string at(const std::string& rel) const {
    return rel.empty() ? dir_.path().string() : (dir_ / rel).string();
  }
  // The roots below `rel`, relative to the temporary directory, each with its
  // number of files.
  [[nodiscard]] Lines roots(const std::string& rel = "") const {
    Lines out;
    for (const HistoryRoot& r : history_roots(at(rel), discover({at(rel)}))) {
      const std::string name = fs::path(r.dir).lexically_relative(dir_.path()).generic_string();
      out.push_back(name + " " + std::to_string(r.files.size()));
    }
    return out;
  }

  const test::ScratchDir dir_{"roots"};
};

TEST_F(Tree, AFolderOfFilesIsOneHistory) {
  files({"atuin/20210425153745_create_history.sql", "atuin/20210425153757_create_users.sql"});
  EXPECT_EQ(roots("atuin"), (Lines{"atuin 2"}));
}

TEST_F(Tree, WordNamedFoldersAreSearchedEachOnItsOwn) {
  // The real corpus's shapes: river/main, cadence's two schemas with versioned
  // folders, diesel's folders (vaultwarden), and a flat folder.
  files({"river/main/001_create_river_migration.up.sql",
         "river/main/001_create_river_migration.down.sql",
         "cadence/cadence/versioned/v0.1/base.sql", "cadence/cadence/versioned/v0.2/x.sql",
         "cadence/visibility/versioned/v0.1/base.sql",
         "vaultwarden/2019-09-12-100000_create_tables/up.sql",
         "vaultwarden/2019-09-12-100000_create_tables/down.sql",
         "vaultwarden/2019-09-16-150000_fix_attachments/up.sql",
         "openfga/001_initialize_schema.sql"});
  EXPECT_EQ(roots(), (Lines{"cadence/cadence/versioned 2", "cadence/visibility/versioned 1",
                            "openfga 1", "river/main 2", "vaultwarden 3"}));
  EXPECT_EQ(roots("cadence"),
            (Lines{"cadence/cadence/versioned 2", "cadence/visibility/versioned 1"}));
}

TEST_F(Tree, MonorepoServicesAreHistoriesOfTheirOwn) {
  files({"services/a/migrations/001_init.sql", "services/a/migrations/002_more.sql",
         "services/b/db/migrate/20240101000000_init.sql", "services/c/README.md"});
  EXPECT_EQ(roots("services"), (Lines{"services/a/migrations 2", "services/b/db/migrate 1"}));
  // Rails' db/migrate/ is no phase folder: its history is planned as numbered.
  const PlannedInput p = plan_inputs({at("services")}, {});
  ASSERT_EQ(p.layouts.size(), 2U);
  EXPECT_EQ(p.layouts[1].layout, "numbered");
}

TEST_F(Tree, AServiceNamedWithADigitIsNoRelease) {
  // Releases make their folder one history only when they are most of its
  // folders: `auth2/` (phase folders) or `2fa/` (a version-like name) among
  // word-named services is a service.
  files({"services/auth2/expand/0001_a.sql", "services/billing/migrations/001_a.sql",
         "services/users/migrations/001_a.sql", "apps/2fa/migrations/001_a.sql",
         "apps/billing/migrations/001_a.sql", "apps/users/migrations/001_a.sql"});
  EXPECT_EQ(roots("services"), (Lines{"services/auth2 1", "services/billing/migrations 1",
                                      "services/users/migrations 1"}));
  EXPECT_EQ(roots("apps"), (Lines{"apps/2fa/migrations 1", "apps/billing/migrations 1",
                                  "apps/users/migrations 1"}));
  // Most folders releases, one word-named folder beside them: one history.
  files({"db/0001/expand/a.sql", "db/0002/contract/b.sql", "db/seeds/c.sql"});
  EXPECT_EQ(roots("db"), (Lines{"db 3"}));
}

TEST_F(Tree, ReleaseFoldersAreOneHistory) {
  // Numbered releases (samples/, the generated corpus's services) and releases
  // named with a letter and a number (the tree fixtures' r01/).
  files({"samples/01-initial-schema/expand/0001_x.sql", "samples/02-b/contract/0001_y.sql",
         "corpus/svc000_timer/releases/0001/expand/00001_a.sql",
         "corpus/svc000_timer/releases/0002/contract/00001_b.sql",
         "corpus/svc015_api_key/migrations/0001_c.sql", "t/r01/expand/0001_a.sql",
         "t/r02/contract/0001_b.sql", "t/r02/migrate/0001_c.sql"});
  EXPECT_EQ(roots("samples"), (Lines{"samples 2"}));
  EXPECT_EQ(roots("corpus"),
            (Lines{"corpus/svc000_timer/releases 2", "corpus/svc015_api_key/migrations 1"}));
  EXPECT_EQ(roots("t"), (Lines{"t 3"}));
}

TEST_F(Tree, PhaseFoldersWithoutADigitBelongToTheirService) {
  // `billing/` holds a migrate/ folder: a service, not a release.
  files({"services/billing/migrate/001_a.sql", "services/users/migrate/001_a.sql"});
  EXPECT_EQ(roots("services"), (Lines{"services/billing 1", "services/users 1"}));
}

TEST_F(Tree, LayoutFoldersMakeTheirParentTheRoot) {
  files({"app/sqitch/deploy/users.sql", "app/sqitch/revert/users.sql",
         "app/sqitch/verify/users.sql", "repos/expand_repo/001_a.sql",
         "repos/contract_repo/001_a.sql", "updown/up/001_a.sql", "updown/down/001_a.sql"});
  EXPECT_EQ(roots("app"), (Lines{"app/sqitch 3"}));
  EXPECT_EQ(roots("repos"), (Lines{"repos 2"}));
  EXPECT_EQ(roots("updown"), (Lines{"updown 2"}));
}

TEST_F(Tree, SqitchPlanMakesARoot) {
  files({"proj/changes/users.sql", "proj/changes/orders.sql"});
  dir_.write("proj/sqitch.plan", "%project=x\n");
  EXPECT_EQ(roots("proj"), (Lines{"proj 2"}));
}

TEST_F(Tree, FlywayWordNamedLocationsSplitUnlessTheLayoutIsForced) {
  files({"db/migration/common/V1__a.sql", "db/migration/pg/V2__b.sql"});
  EXPECT_EQ(roots("db"), (Lines{"db/migration/common 1", "db/migration/pg 1"}));
  HistoryOptions options;
  options.layout = "flyway";
  const PlannedInput forced = plan_inputs({at("db")}, options);
  EXPECT_EQ(forced.histories, 1U);
  ASSERT_EQ(forced.layouts.size(), 1U);
  EXPECT_EQ(forced.layouts[0].root, at("db"));
  EXPECT_EQ(forced.layouts[0].summary, "2 versioned, 0 repeatable");
}

TEST_F(Tree, AnEmptyDirectoryIsOneHistoryWithoutFiles) {
  fs::create_directories(dir_ / "empty/sub");
  EXPECT_EQ(roots("empty"), (Lines{"empty 0"}));
}

// The layouts' fixtures, the rules' fixture trees and the samples are one
// history each, planned from the directory itself, as before history roots.
TEST_F(Tree, EveryFixtureTreeIsOneHistory) {
  std::vector<fs::path> trees{fs::path(ROLLSAFE_SOURCE_DIR) / "samples"};
  for (const char* where : {"tests/fixtures/layouts", "tests/fixtures/trees"}) {
    for (const auto& e : fs::directory_iterator(fs::path(ROLLSAFE_SOURCE_DIR) / where)) {
      trees.push_back(e.path());
    }
  }
  for (const fs::path& tree : trees) {
    EXPECT_EQ(history_roots(tree.string(), discover({tree.string()})).size(), 1U) << tree;
    const PlannedInput p = plan_inputs({tree.string()}, {});
    ASSERT_EQ(p.layouts.size(), 1U) << tree;
    EXPECT_EQ(p.layouts[0].root, tree.string());
  }
}

// The histories plan_inputs() makes: one per root of each directory argument,
// the files named one by one as one more, last; units grouped by history.
TEST_F(Tree, EachArgumentHasItsOwnHistories) {
  files({"a/001_init.sql", "a/002_more.sql", "b/x/001_init.sql", "b/y/001_init.sql",
         "loose/r02/expand/1.sql", "loose/r02/contract/1.sql"});
  const PlannedInput p = plan_inputs(
      {at("a"), at("loose/r02/expand/1.sql"), at("b"), at("loose/r02/contract/1.sql")}, {});
  EXPECT_EQ(p.histories, 4U);
  ASSERT_EQ(p.layouts.size(), 3U);
  EXPECT_EQ(p.layouts[0].root, at("a"));
  EXPECT_EQ(p.layouts[1].root, at("b/x"));
  EXPECT_EQ(p.layouts[2].root, at("b/y"));
  Lines units;
  for (const SourceUnit& u : p.units) {
    units.push_back(std::to_string(u.info.history_index) + " " +
                    fs::path(u.path).lexically_relative(dir_.path()).generic_string());
  }
  EXPECT_EQ(units, (Lines{"0 a/001_init.sql", "0 a/002_more.sql", "1 b/x/001_init.sql",
                          "2 b/y/001_init.sql", "3 loose/r02/expand/1.sql",
                          "3 loose/r02/contract/1.sql"}));
  EXPECT_EQ(layout_line(p.layouts[1], p), "layout: numbered (1 files) in " + at("b/x"));
  // Walked and planned on other threads too (rollsafe lint -j): the same plan.
  Workers workers(2);
  const PlannedInput threaded =
      plan_inputs({at("a"), at("loose/r02/expand/1.sql"), at("b"), at("loose/r02/contract/1.sql")},
                  {}, &workers);
  EXPECT_EQ(threaded.histories, p.histories);
  ASSERT_EQ(threaded.layouts.size(), p.layouts.size());
  for (size_t k = 0; k < p.layouts.size(); ++k) {
    EXPECT_EQ(layout_line(threaded.layouts[k], threaded), layout_line(p.layouts[k], p));
  }
  Lines threaded_units;
  for (const SourceUnit& u : threaded.units) {
    threaded_units.push_back(std::to_string(u.info.history_index) + " " +
                             fs::path(u.path).lexically_relative(dir_.path()).generic_string());
  }
  EXPECT_EQ(threaded_units, units);
}

TEST_F(Tree, HistoryDirectoryPlansOnlyTheRootsOfTheNamedFiles) {
  files({"services/a/migrations/001_init.sql", "services/a/migrations/002_more.sql",
         "services/b/migrations/001_init.sql", "elsewhere/001_x.sql"});
  HistoryOptions options;
  options.history = at("services");
  const PlannedInput p =
      plan_inputs({at("services/a/migrations/002_more.sql"), at("elsewhere/001_x.sql")}, options);
  EXPECT_EQ(p.histories, 2U) << "services/b is left out; the file elsewhere is one of its own";
  ASSERT_EQ(p.layouts.size(), 1U);
  EXPECT_EQ(p.layouts[0].root, at("services/a/migrations"));
  EXPECT_EQ(p.layouts[0].history, 1U);
  EXPECT_EQ(layout_line(p.layouts[0], p), "layout: numbered (2 files) in " +
                                              at("services/a/migrations") +
                                              "; 1 replayed as history, 1 judged");
  ASSERT_EQ(p.units.size(), 3U);
  EXPECT_FALSE(p.units[2].info.history);
  EXPECT_EQ(p.units[2].info.layout, "files");
}

} // namespace
} // namespace rollsafe
