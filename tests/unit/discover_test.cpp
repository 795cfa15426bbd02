#include "engine/phase.h"
#include "source/discover.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
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

// release_key() scans the path in place; the split-and-join version it
// replaced is the reference.
std::string reference_release_key(std::string_view path) {
  const auto parts = split(path, '/');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!phase_folder(parts[i])) {
      continue;
    }
    std::string key;
    for (size_t k = 0; k < i; ++k) {
      key += parts[k];
      key += '/';
    }
    if (parts[i].ends_with("_repo")) {
      const std::string_view file = parts.back();
      size_t digits = 0;
      while (digits < file.size() && std::isdigit(static_cast<unsigned char>(file[digits])) != 0) {
        ++digits;
      }
      key += "#";
      key += digits > 0 ? file.substr(0, digits) : file;
    }
    return key;
  }
  return std::string(path);
}

TEST(ReleaseKey, MatchesTheSplittingReference) {
  for (const char* path : {"",
                           "x.sql",
                           "/x.sql",
                           "expand",
                           "expand/",
                           "expand/x.sql",
                           "/expand/x.sql",
                           "db//expand/x.sql",
                           "a/b/EXPAND/x.sql",
                           "a/Expand_Repo/007_x.sql",
                           "a/expand_repo/x.sql",
                           "a/expand_repo/12",
                           "a/contract_repo/b/0003_y.sql",
                           "r1/migrate/expand/x.sql",
                           "db/migrate/1_x.sql",
                           "a/data-migration/x.sql",
                           "a/contract.sql",
                           "a/expanded/x.sql",
                           "data_migration_repo//5_a.sql",
                           "x/expand"}) {
    EXPECT_EQ(release_key(path), reference_release_key(path)) << path;
  }
}

// discover() appends the names it finds to the directory normalised once; what
// lexically_normal() makes of each file's whole path is the reference, for
// every way of spelling the directory.
TEST(Discover, PathsAreThoseLexicallyNormalWouldGive) {
  const fs::path base = fs::temp_directory_path() / "rollsafe-discover-normal";
  fs::remove_all(base);
  fs::create_directories(base / "m/sub/deep");
  for (const char* f : {"m/a.sql", "m/B.SQL", "m/.sql", "m/x..sql", "m/sub/c.Sql",
                        "m/sub/deep/d.sql", "m/sub/notes.txt", "m/sub/e.sqlx"}) {
    std::ofstream(base / f) << "SELECT 1;";
  }
  const fs::path cwd = fs::current_path();
  fs::current_path(base);
  const std::string abs = (base / "m").string();
  for (const std::string& root :
       {std::string("m"), std::string("m/"), std::string("m//"), std::string("./m"),
        std::string("./m/./"), std::string("m/sub/.."), std::string("m/sub/../"),
        std::string("../") + base.filename().string() + "/m", abs, abs + "/",
        std::string("/") + abs, std::string("m/sub")}) {
    std::vector<std::string> expected;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      std::string ext = entry.path().extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (ext == ".sql" && entry.is_regular_file()) {
        expected.push_back(entry.path().lexically_normal().generic_string());
      }
    }
    std::stable_sort(expected.begin(), expected.end(),
                     [](const std::string& a, const std::string& b) { return path_less(a, b); });
    EXPECT_EQ(discover({root}), expected) << root;
  }
  fs::current_path(base / "m");
  EXPECT_EQ(discover({"."}),
            (std::vector<std::string>{"B.SQL", "a.sql", "sub/c.Sql", "sub/deep/d.sql", "x..sql"}));
  EXPECT_EQ(discover({"./"}), discover({"."}));
  fs::current_path(cwd);
  fs::remove_all(base);
}

TEST(ReadFile, RegularFilesAndFilesThatReportNoSize) {
  const fs::path f =
      fs::temp_directory_path() / ("rollsafe-read-file-" + std::to_string(::getpid()) + ".sql");
  std::string text(100000, 'x');
  text += "\nSELECT 1;\n";
  std::ofstream(f, std::ios::binary) << text;
  EXPECT_EQ(read_file(f.string()), text);
  std::ofstream(f, std::ios::binary | std::ios::trunc).flush();
  EXPECT_EQ(read_file(f.string()), "");
  fs::remove(f);
  // /proc reports size 0 for files with text: read to the end regardless.
  const std::string status = read_file("/proc/self/status");
  EXPECT_NE(status.find("\nPid:"), std::string::npos);
  EXPECT_TRUE(status.ends_with('\n'));
}

TEST(Discover, MissingPathIsAnInputError) {
  EXPECT_THROW((void)discover({"/nonexistent/rollsafe"}), InputError);
}

} // namespace
} // namespace rollsafe
