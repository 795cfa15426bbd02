// How findings are built: the rules' text joining.
#include "common/concat.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace rollsafe {
namespace {

TEST(Concat, JoinsEveryKindOfPieceInOrder) {
  const std::string owned = "table";
  const std::string_view view = "column";
  const char* c_string = "index";
  EXPECT_EQ(concat("a ", owned, ' ', view, std::string(), c_string, "", '.'),
            "a table columnindex.");
  EXPECT_EQ(concat(), "");
  EXPECT_EQ(concat(std::string(40, 'x'), std::string(40, 'y')),
            std::string(40, 'x') + std::string(40, 'y'));
}

TEST(Concat, AppendAllKeepsWhatIsThereAndGrowsOnce) {
  std::string out = "adding ";
  append_all(out, "CHECK", ' ', std::string("price_positive"), std::string_view(" to "), "t");
  EXPECT_EQ(out, "adding CHECK price_positive to t");
  std::string big;
  append_all(big, std::string(100, 'a'), "b", std::string(100, 'c'));
  EXPECT_EQ(big, std::string(100, 'a') + "b" + std::string(100, 'c'));
  EXPECT_GE(big.capacity(), 201U);
}

} // namespace
} // namespace rollsafe
