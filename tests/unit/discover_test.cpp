#include "source/discover.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

namespace rollsafe {
namespace {

namespace fs = std::filesystem;

TEST(PathOrder, NaturalVersionOrder) {
  EXPECT_TRUE(path_less("V2__x.sql", "V10__y.sql"));
  EXPECT_TRUE(path_less("0009_a.sql", "0010_b.sql"));
  EXPECT_FALSE(path_less("0010_b.sql", "0009_a.sql"));
  EXPECT_TRUE(path_less("20240101_a.sql", "20240102_a.sql"));
}

TEST(PathOrder, PhaseDirectoriesInPhaseOrder) {
  EXPECT_TRUE(path_less("r1/expand/9.sql", "r1/migrate/1.sql"));
  EXPECT_TRUE(path_less("r1/migrate/9.sql", "r1/contract/1.sql"));
  EXPECT_TRUE(path_less("r1/contract/9.sql", "r2/expand/1.sql"));
  EXPECT_TRUE(path_less("expand_repo/1.sql", "data_migration_repo/1.sql"));
}

TEST(ReleaseKey, GroupsPhasesOfOneRelease) {
  EXPECT_EQ(release_key("db/r1/expand/0001.sql"), release_key("db/r1/contract/0002.sql"));
  EXPECT_NE(release_key("db/r1/expand/0001.sql"), release_key("db/r2/expand/0001.sql"));
  EXPECT_EQ(release_key("db/expand_repo/003_a.sql"), release_key("db/contract_repo/003_b.sql"));
  EXPECT_NE(release_key("db/expand_repo/003_a.sql"), release_key("db/expand_repo/004_a.sql"));
  EXPECT_NE(release_key("db/0001.sql"), release_key("db/0002.sql"));
}

TEST(Discover, WalksDirectoriesInOrderAndOnlySql) {
  const fs::path root = fs::temp_directory_path() / "rollsafe-discover-test";
  fs::remove_all(root);
  fs::create_directories(root / "r1/expand");
  fs::create_directories(root / "r1/contract");
  for (const char* f : {"r1/expand/V10__b.sql", "r1/expand/V2__a.sql", "r1/contract/V1__c.sql",
                        "r1/expand/notes.txt"}) {
    std::ofstream(root / f) << "SELECT 1;";
  }
  const auto files = discover({root.string()});
  ASSERT_EQ(files.size(), 3U);
  EXPECT_TRUE(files[0].ends_with("expand/V2__a.sql"));
  EXPECT_TRUE(files[1].ends_with("expand/V10__b.sql"));
  EXPECT_TRUE(files[2].ends_with("contract/V1__c.sql"));
  fs::remove_all(root);
}

TEST(Discover, MissingPathIsAnInputError) {
  EXPECT_THROW((void)discover({"/nonexistent/rollsafe"}), InputError);
}

} // namespace
} // namespace rollsafe
