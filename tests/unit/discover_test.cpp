#include "engine/phase.h"
#include "engine/workers.h"
#include "source/discover.h"
#include "support/scratch_dir.h"

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
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

// Names that differ in digit runs, leading zeros and bytes beside digits: the
// natural order's hard cases, compared in pairs and walked on disk (as .sql).
constexpr std::array kTrickyStems{"1",
                                  "01",
                                  "001",
                                  "10",
                                  "2",
                                  "a",
                                  "a1",
                                  "a01",
                                  "a10",
                                  "a2b",
                                  "a2c",
                                  "a02b",
                                  "ab",
                                  "20190100000001000000_x",
                                  "20190100000001000000_x.up",
                                  "20190100000001000000_x.down",
                                  "20190100000002000000_a",
                                  "2019010000000100000_z",
                                  "V1.2__a",
                                  "V1.10__a",
                                  "V1.02__a",
                                  "V1_2__a",
                                  "0009_a",
                                  "0010_a",
                                  "9_a",
                                  "x9",
                                  "x09",
                                  "x9y",
                                  "x09y",
                                  "x9Y",
                                  "x.",
                                  "x:",
                                  "\xC3\xA9",
                                  "\xC3\xA9\x31"};

// compare_natural() as it was before it skipped the bytes both names start
// with: the reference for path_less on single names.
int reference_natural(std::string_view a, std::string_view b) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto strip = [](std::string_view d) {
    const size_t nz = d.find_first_not_of('0');
    return nz == std::string_view::npos ? std::string_view() : d.substr(nz);
  };
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (digit(a[i]) && digit(b[j])) {
      size_t ei = i;
      size_t ej = j;
      while (ei < a.size() && digit(a[ei])) {
        ++ei;
      }
      while (ej < b.size() && digit(b[ej])) {
        ++ej;
      }
      const std::string_view na = strip(a.substr(i, ei - i));
      const std::string_view nb = strip(b.substr(j, ej - j));
      if (na.size() != nb.size()) {
        return na.size() < nb.size() ? -1 : 1;
      }
      if (const int c = na.compare(nb); c != 0) {
        return c;
      }
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] != b[j]) {
      return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
    }
    ++i;
    ++j;
  }
  if (i < a.size() || j < b.size()) {
    return i < a.size() ? 1 : -1;
  }
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

TEST(PathOrder, NaturalOrderMatchesTheReferenceForEveryPair) {
  std::vector<std::string> names{""};
  for (const char* stem : kTrickyStems) {
    names.emplace_back(stem);
    names.push_back(std::string(stem) + ".sql");
  }
  for (const std::string& a : names) {
    for (const std::string& b : names) {
      EXPECT_EQ(path_less(a, b), reference_natural(a, b) < 0) << a << " < " << b;
    }
  }
}

TEST(ReleaseKey, GroupsPhasesOfOneRelease) {
  EXPECT_EQ(release_key("db/r1/expand/0001.sql"), release_key("db/r1/contract/0002.sql"));
  EXPECT_NE(release_key("db/r1/expand/0001.sql"), release_key("db/r2/expand/0001.sql"));
  EXPECT_EQ(release_key("db/expand_repo/003_a.sql"), release_key("db/contract_repo/003_b.sql"));
  EXPECT_NE(release_key("db/expand_repo/003_a.sql"), release_key("db/expand_repo/004_a.sql"));
  EXPECT_NE(release_key("db/0001.sql"), release_key("db/0002.sql"));
}

TEST(Discover, WalksDirectoriesInOrderAndOnlySql) {
  const test::ScratchDir root("discover-test");
  fs::create_directories(root / "r1/expand");
  fs::create_directories(root / "r1/contract");
  for (const char* f : {"r1/expand/V10__b.sql", "r1/expand/V2__a.sql", "r1/contract/V1__c.sql",
                        "r1/expand/notes.txt"}) {
    std::ofstream(root / f) << "SELECT 1;";
  }
  const auto files = discover({root.path().string()});
  ASSERT_EQ(files.size(), 3U);
  EXPECT_TRUE(files[0].ends_with("expand/V2__a.sql"));
  EXPECT_TRUE(files[1].ends_with("expand/V10__b.sql"));
  EXPECT_TRUE(files[2].ends_with("contract/V1__c.sql"));
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

// What discover() did before its own tree walk, the reference for it:
// std::filesystem's recursive walk (links to folders not followed), each .sql
// regular file's path made lexically normal, all sorted with path_less.
std::vector<std::string> reference_discover(const fs::path& root) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    std::string ext = entry.path().extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".sql" && entry.is_regular_file()) {
      found.push_back(entry.path().lexically_normal().generic_string());
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const std::string& a, const std::string& b) { return path_less(a, b); });
  return found;
}

// discover() appends the names it finds to the directory normalised once; what
// lexically_normal() makes of each file's whole path is the reference, for
// every way of spelling the directory.
TEST(Discover, PathsAreThoseLexicallyNormalWouldGive) {
  const test::ScratchDir scratch("discover-normal");
  const fs::path& base = scratch.path();
  fs::create_directories(base / "m/sub/deep");
  for (const char* f : {"m/a.sql", "m/B.SQL", "m/.sql", "m/x..sql", "m/sub/c.Sql",
                        "m/sub/deep/d.sql", "m/sub/notes.txt", "m/sub/e.sqlx"}) {
    std::ofstream(base / f) << "SELECT 1;";
  }
  const test::WorkingDirectory in_base(base);
  const std::string abs = (base / "m").string();
  for (const std::string& root :
       {std::string("m"), std::string("m/"), std::string("m//"), std::string("./m"),
        std::string("./m/./"), std::string("m/sub/.."), std::string("m/sub/../"),
        std::string("../") + base.filename().string() + "/m", abs, abs + "/",
        std::string("/") + abs, std::string("m/sub")}) {
    const std::vector<std::string> expected = reference_discover(root);
    EXPECT_EQ(discover({root}), expected) << root;
  }
  fs::current_path(base / "m");
  EXPECT_EQ(discover({"."}),
            (std::vector<std::string>{"B.SQL", "a.sql", "sub/c.Sql", "sub/deep/d.sql", "x..sql"}));
  EXPECT_EQ(discover({"./"}), discover({"."}));
}

// The tree walk sorts each folder's entries instead of every path found: the
// order is the same. Phase folders beside other names, numbers, empty folders,
// a folder named like a file, links to files and to folders.
TEST(Discover, OrderIsThatOfSortingEveryPath) {
  const test::ScratchDir scratch("discover-order");
  const fs::path& base = scratch.path();
  for (const char* f :
       {"t/0010_b.sql", "t/0009_a.sql", "t/V2__x.sql", "t/V10__y.sql", "t/r10/expand/1.sql",
        "t/r10/contract/1.sql", "t/r10/migrate/2.sql", "t/r9/contract/10.sql", "t/r9/expand/9.sql",
        "t/r9/expand/09.sql", "t/r9/expand/x/1.sql", "t/a.sql/inner.sql", "t/expand_repo/3_a.sql",
        "t/data_migration_repo/3_b.sql", "t/contract_repo/3_c.sql", "t/Zeta/1.sql", "t/alpha/1.sql",
        "t/alpha/README.md"}) {
    fs::create_directories((base / f).parent_path());
    std::ofstream(base / f) << "SELECT 1;";
  }
  // Names that differ in digit runs, leading zeros and bytes beside digits.
  fs::create_directories(base / "t/names");
  for (const char* name : kTrickyStems) {
    std::ofstream(base / "t/names" / (std::string(name) + ".sql")) << "SELECT 1;";
  }
  fs::create_directories(base / "t/empty/deeper");
  fs::create_symlink("0009_a.sql", base / "t/link.sql");
  fs::create_directory_symlink("alpha", base / "t/linked_folder.sql");
  fs::create_directory_symlink("r9", base / "t/r11");
  Workers one(1);
  Workers three(3);
  for (const fs::path& root : {base / "t", base / "t/r9", base / "t/empty", base / "t/names"}) {
    const std::vector<std::string> expected = reference_discover(root);
    EXPECT_EQ(discover({root.string()}), expected) << root;
    // Folders walked on other threads too: the same answer.
    EXPECT_EQ(discover({root.string()}, nullptr, &one), expected) << root;
    EXPECT_EQ(discover({root.string()}, nullptr, &three), expected) << root;
  }
}

// The message of a walk that meets several problems: the first in the order
// a walk going into each folder where it meets it would meet them, with or
// without other threads walking folders. Also the folder split below a folder
// that holds only one (`top/` here).
TEST(Discover, TheFirstProblemIsTheSameOnEveryThreadCount) {
  const test::ScratchDir scratch("discover-problems");
  const fs::path& base = scratch.path();
  const fs::path top = base / "top";
  for (const char* f : {"a/1.sql", "b/1.sql", "c/1.sql", "d/1.sql", "e/x/1.sql"}) {
    fs::create_directories((top / f).parent_path());
    std::ofstream(top / f) << "SELECT 1;";
  }
  const auto message = [&](Workers* workers) {
    try {
      (void)discover({base.string()}, nullptr, workers);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no problem");
  };
  Workers two(2);
  EXPECT_EQ(message(&two), "no problem");
  // A FIFO in d/, a link loop in b/: b/ is met first.
  ASSERT_EQ(::mkfifo((top / "d/2.sql").c_str(), 0600), 0);
  fs::create_symlink("loop.sql", top / "b/loop.sql");
  const std::string first = message(nullptr);
  EXPECT_NE(first.find("b/loop.sql"), std::string::npos) << first;
  EXPECT_EQ(message(&two), first);
  // Once b/ is fine, d/'s FIFO is the first.
  fs::remove(top / "b/loop.sql");
  const std::string second = message(nullptr);
  EXPECT_NE(second.find("d/2.sql': not a regular file"), std::string::npos) << second;
  EXPECT_EQ(message(&two), second);
  // A problem beside the folders, listed after d/ or before it: d/ still
  // comes first if the folder lists it first, whatever the thread count.
  ASSERT_EQ(::mkfifo((top / "z.sql").c_str(), 0600), 0);
  EXPECT_EQ(message(&two), message(nullptr));
}

// The folders noted for the configuration lookup: every folder walked, as an
// absolute normal path, except those holding a name the lookup probes for.
TEST(Discover, NotesTheFoldersWithoutConfigurationNames) {
  const test::ScratchDir scratch("discover-plain");
  const fs::path base = fs::weakly_canonical(scratch.path());
  for (const char* f : {"m/a.sql", "m/plain/b.sql", "m/conf/c.sql", "m/conf/rollsafe.toml",
                        "m/hidden/.ROLLSAFE.TOML", "m/repo/.git/HEAD", "m/empty/x.txt"}) {
    fs::create_directories((base / f).parent_path());
    std::ofstream(base / f) << "x";
  }
  std::vector<std::string> plain;
  const std::vector<std::string> files = discover({(base / "m/").string()}, &plain);
  EXPECT_EQ(files.size(), 3U);
  std::sort(plain.begin(), plain.end());
  const std::string m = (base / "m").string();
  EXPECT_EQ(plain, (std::vector<std::string>{m, m + "/empty", m + "/plain", m + "/repo/.git"}));
  // Folders walked on other threads are noted too.
  Workers two(2);
  std::vector<std::string> threaded;
  EXPECT_EQ(discover({(base / "m/").string()}, &threaded, &two), files);
  std::sort(threaded.begin(), threaded.end());
  EXPECT_EQ(threaded, plain);
  // A relative root is noted from the working directory.
  const test::WorkingDirectory in_plain(base / "m/plain");
  std::vector<std::string> relative;
  (void)discover({"../plain/."}, &relative);
  EXPECT_EQ(relative, (std::vector<std::string>{m + "/plain"}));
}

// The walk keeps the folders that hold files, and a file read within its
// folder reads as by its path; past kMaxKept folders, and for a path whose
// folder was not kept, the path is opened as before.
TEST(Discover, KeepsFoldersToReadTheirFilesWithin) {
  const test::ScratchDir scratch("discover-folders");
  const fs::path& base = scratch.path();
  const size_t folders = FolderHandles::kMaxKept + 20;
  for (size_t k = 0; k < folders; ++k) {
    const fs::path dir = base / "m" / ("f" + std::to_string(k));
    fs::create_directories(dir);
    std::ofstream(dir / "001_x.sql") << "SELECT " << k << ";";
  }
  fs::create_directories(base / "m/empty");
  std::ofstream(base / "m/empty/README.md") << "no SQL here";
  for (Workers* workers : {static_cast<Workers*>(nullptr), &process_workers(2)}) {
    FolderHandles kept;
    const std::vector<std::string> files =
        discover({(base / "m").string()}, nullptr, workers, &kept);
    ASSERT_EQ(files.size(), folders);
    size_t within = 0;
    for (const std::string& f : files) {
      within += kept.folder_of(f) >= 0 ? 1 : 0;
      EXPECT_EQ(read_file(f, &kept), read_file(f)) << f;
    }
    EXPECT_EQ(kept.capacity(), FolderHandles::kMaxKept); // the tests' limit is far higher
    EXPECT_EQ(within, kept.capacity());
    EXPECT_EQ(kept.folder_of((base / "m/empty/README.md").string()), -1);
    EXPECT_EQ(kept.folder_of("elsewhere/001_x.sql"), -1);
    // A folder's descriptor names that folder: a file beside the found ones reads too.
    const auto in_kept = std::find_if(files.begin(), files.end(),
                                      [&](const std::string& f) { return kept.folder_of(f) >= 0; });
    ASSERT_NE(in_kept, files.end());
    const std::string beside = in_kept->substr(0, in_kept->rfind('/') + 1) + "002_y.sql";
    std::ofstream(beside) << "SELECT 2;";
    ASSERT_GE(kept.folder_of(beside), 0);
    EXPECT_EQ(read_file(beside, &kept), "SELECT 2;");
    fs::remove(beside);
    EXPECT_THROW((void)read_file(beside, &kept), InputError);
  }
}

// A low file descriptor limit leaves room for the files: a quarter of it at most.
TEST(Discover, KeepsFewerFoldersUnderALowDescriptorLimit) {
  struct rlimit saved {};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  struct rlimit low = saved;
  low.rlim_cur = 64;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  const FolderHandles kept;
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &saved), 0);
  EXPECT_EQ(kept.capacity(), 16U);
}

TEST(ReadFile, RegularFilesAndFilesThatReportNoSize) {
  const test::ScratchDir dir("read-file");
  std::string text(100000, 'x');
  text += "\nSELECT 1;\n";
  const fs::path f = dir.write("file.sql", text);
  EXPECT_EQ(read_file(f.string()), text);
  std::ofstream(f, std::ios::binary | std::ios::trunc).flush();
  EXPECT_EQ(read_file(f.string()), "");
  // /proc reports size 0 for files with text: read to the end regardless.
  const std::string status = read_file("/proc/self/status");
  EXPECT_NE(status.find("\nPid:"), std::string::npos);
  EXPECT_TRUE(status.ends_with('\n'));
}

// The first read() takes a file below 64 KiB whole; larger files, and a file
// of exactly that size, are read on to their end. Every size comes back whole.
TEST(ReadFile, SizesAroundTheFirstReadComeBackWhole) {
  const test::ScratchDir dir("read-sizes");
  for (const size_t size : {size_t{1}, size_t{4095}, size_t{65535}, size_t{65536}, size_t{65537},
                            size_t{131072}, size_t{300001}}) {
    std::string text(size, 'x');
    for (size_t k = 0; k < size; k += 97) {
      text[k] = static_cast<char>('a' + k % 26); // a shifted copy would not compare equal
    }
    const fs::path f = dir.write("sizes.sql", text);
    EXPECT_EQ(read_file(f.string()), text) << size;
  }
}

// A path that is not a regular file when it is read (discover() looked at it
// earlier, and it may have changed since): an InputError, never a wait for a
// writer or an empty text.
TEST(ReadFile, AFifoOrADirectoryIsNotRead) {
  const test::ScratchDir scratch("read-odd");
  const fs::path& dir = scratch.path();
  const fs::path fifo = dir / "pipe.sql";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const fs::path& odd : {fifo, dir}) {
    try {
      (void)read_file(odd.string());
      ADD_FAILURE() << odd << " was read";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
    }
  }
}

TEST(Discover, MissingPathIsAnInputError) {
  EXPECT_THROW((void)discover({"/nonexistent/rollsafe"}), InputError);
}

} // namespace
} // namespace rollsafe
