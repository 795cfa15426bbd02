// Rendered output is compared with golden files that CI only reads. To change
// them on purpose: scripts/update-golden.sh, then review the diff.
#include "cli/run_binary.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace rollsafe::test {
namespace {

namespace fs = std::filesystem;

struct Golden {
  std::string input;
  std::string args;
  std::string expected;
};

void PrintTo(const Golden& g, std::ostream* os) {
  *os << g.args << ' ' << g.input;
}

class GoldenTest : public ::testing::TestWithParam<Golden> {};

TEST_P(GoldenTest, OutputMatches) {
  const fs::path dir = fs::path(ROLLSAFE_SOURCE_DIR) / "tests/golden";
  const std::string expected = slurp(dir / GetParam().expected);
  ASSERT_FALSE(expected.empty()) << "missing golden file " << GetParam().expected;
  const CliRun r = run_rollsafe(GetParam().args + " " + GetParam().input, nullptr, dir.string());
  EXPECT_EQ(r.out, expected) << "rollsafe " << GetParam().args << " " << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Output, GoldenTest,
    ::testing::Values(Golden{"mixed.sql", "lint --color never", "mixed.text"},
                      Golden{"mixed.sql", "lint --format json", "mixed.json"},
                      Golden{"syntax.sql", "lint --color never", "syntax.text"},
                      Golden{"mixed.sql", "lint --color never --quiet", "mixed.quiet"}),
    [](const auto& param_info) {
      std::string name = param_info.param.expected;
      for (auto& c : name) {
        c = std::isalnum(static_cast<unsigned char>(c)) != 0 ? c : '_';
      }
      return name;
    });

} // namespace
} // namespace rollsafe::test
