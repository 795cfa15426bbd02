// Rendered output is compared with golden files that CI only reads. To change
// them on purpose: scripts/update-golden.sh, then review the diff.
#include "cli/run_binary.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>

namespace rollsafe::test {
namespace {

namespace fs = std::filesystem;

struct Golden {
  std::string input;
  std::string args;
  std::string expected;
  // The output names files from the repository root (SARIF, GitHub, GitLab):
  // it holds only in a git checkout, and SARIF's absolute root URI and tool
  // version are replaced as scripts/update-golden.sh replaces them.
  bool from_root = false;
};

// What differs between checkouts and releases.
std::string normalize(std::string out) {
  out = std::regex_replace(out, std::regex(R"("file://[^"]*/")"), R"("file:///REPOSITORY/")");
  return std::regex_replace(out, std::regex(R"(("name": "rollsafe",\s*"version": ")[^"]*")"),
                            "$1VERSION\"");
}

void PrintTo(const Golden& g, std::ostream* os) {
  *os << g.args << ' ' << g.input;
}

class GoldenTest : public ::testing::TestWithParam<Golden> {};

TEST_P(GoldenTest, OutputMatches) {
  const fs::path dir = fs::path(ROLLSAFE_SOURCE_DIR) / "tests/golden";
  const std::string expected = slurp(dir / GetParam().expected);
  ASSERT_FALSE(expected.empty()) << "missing golden file " << GetParam().expected;
  if (GetParam().from_root && !fs::exists(fs::path(ROLLSAFE_SOURCE_DIR) / ".git")) {
    GTEST_SKIP() << "not a git checkout: paths from the repository root differ";
  }
  const CliRun r = run_rollsafe(GetParam().args + " " + GetParam().input, nullptr, dir.string());
  EXPECT_EQ(GetParam().from_root ? normalize(r.out) : r.out, expected)
      << "rollsafe " << GetParam().args << " " << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Output, GoldenTest,
    ::testing::Values(Golden{"mixed.sql", "lint --color never", "mixed.text"},
                      Golden{"mixed.sql", "lint --format json", "mixed.json"},
                      Golden{"syntax.sql", "lint --color never", "syntax.text"},
                      Golden{"mixed.sql", "lint --color never --quiet", "mixed.quiet"},
                      Golden{"mixed.sql", "lint --format sarif", "mixed.sarif", true},
                      Golden{"mixed.sql", "lint --format github", "mixed.github", true},
                      Golden{"mixed.sql", "lint --format gitlab", "mixed.gitlab", true},
                      Golden{"mixed.sql", "lint --format junit", "mixed.junit"},
                      Golden{"mixed.sql", "lint --format compact", "mixed.compact"}),
    [](const auto& param_info) {
      std::string name = param_info.param.expected;
      for (auto& c : name) {
        c = std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
      }
      return name;
    });

} // namespace
} // namespace rollsafe::test
