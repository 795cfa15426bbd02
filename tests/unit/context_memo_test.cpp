// Context::memo and Context::shared_file_state (src/engine/context.h): a value
// several rules derive from the same statement is computed once per statement
// and item, never served for another one.
#include "engine/context.h"
#include "engine/rule.h"
#include "model/catalog.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rollsafe::test {
namespace {

int g_kind_calls = 0;
int g_items_calls = 0;

// Two derivations with the same value type: each has its own slot.
std::string statement_kind(Context& ctx) {
  ++g_kind_calls;
  return ctx.statement().kind;
}
std::string kind_and_items(Context& ctx) {
  ++g_items_calls;
  return ctx.statement().kind + std::to_string(ctx.statement().items.size());
}
// A derivation that asks for another one while it computes.
std::string nested(Context& ctx) {
  return ctx.memo<statement_kind>() + "!";
}

constexpr RuleInfo kInfoA{
    .id = "memo-a", .summary = "a", .rationale = "", .example = "", .safe = ""};
constexpr RuleInfo kInfoB{
    .id = "memo-b", .summary = "b", .rationale = "", .example = "", .safe = ""};

struct Fixture : ::testing::Test {
  LintOptions options;
  model::Catalog catalog;
  FileReport out;
  Context ctx{options, Phase::Expand, catalog, out};
  Rule a{kInfoA};
  Rule b{kInfoB};

  static model::Statement statement(std::string kind, size_t items) {
    model::Statement s;
    s.kind = std::move(kind);
    s.items.resize(items);
    return s;
  }
  void SetUp() override {
    g_kind_calls = 0;
    g_items_calls = 0;
  }
};

TEST_F(Fixture, ComputedOncePerStatementForEveryRule) {
  model::Statement s = statement("ALTER TABLE", 2);
  ctx.begin_statement();
  ctx.set_current(&a, &s, nullptr);
  EXPECT_EQ(ctx.memo<statement_kind>(), "ALTER TABLE");
  ctx.set_current(&b, &s, nullptr);
  EXPECT_EQ(ctx.memo<statement_kind>(), "ALTER TABLE");
  EXPECT_EQ(g_kind_calls, 1);
  // Another function is another slot, even with the same value type.
  EXPECT_EQ(ctx.memo<kind_and_items>(), "ALTER TABLE2");
  EXPECT_EQ(g_items_calls, 1);
  EXPECT_EQ(ctx.memo<statement_kind>(), "ALTER TABLE");
  EXPECT_EQ(g_kind_calls, 1);
}

TEST_F(Fixture, RecomputedForTheNextStatementAtTheSameAddress) {
  // The frontend hands every statement over from the same local object: its
  // address says nothing, begin_statement() does.
  model::Statement s = statement("ALTER TABLE", 1);
  ctx.begin_statement();
  ctx.set_current(&a, &s, nullptr);
  EXPECT_EQ(ctx.memo<statement_kind>(), "ALTER TABLE");
  s = statement("CREATE INDEX", 1);
  ctx.begin_statement();
  ctx.set_current(&a, &s, nullptr);
  EXPECT_EQ(ctx.memo<statement_kind>(), "CREATE INDEX");
  EXPECT_EQ(g_kind_calls, 2);
}

TEST_F(Fixture, RecomputedForAnotherItem) {
  model::Statement s = statement("ALTER TABLE", 2);
  ctx.begin_statement();
  ctx.set_current(&a, &s, &s.items.front());
  (void)ctx.memo<statement_kind>();
  ctx.set_current(&b, &s, &s.items.front());
  (void)ctx.memo<statement_kind>();
  EXPECT_EQ(g_kind_calls, 1);
  ctx.set_current(&a, &s, &s.items[1]);
  (void)ctx.memo<statement_kind>();
  EXPECT_EQ(g_kind_calls, 2);
  ctx.set_current(&a, &s, nullptr); // the statement as a whole is not an item
  (void)ctx.memo<statement_kind>();
  EXPECT_EQ(g_kind_calls, 3);
}

TEST_F(Fixture, AMemoMayAskForAnother) {
  model::Statement s = statement("DROP TABLE", 1);
  ctx.begin_statement();
  ctx.set_current(&a, &s, nullptr);
  const std::string& first = ctx.memo<nested>();
  EXPECT_EQ(first, "DROP TABLE!");
  EXPECT_EQ(ctx.memo<statement_kind>(), "DROP TABLE");
  EXPECT_EQ(g_kind_calls, 1);
  EXPECT_EQ(&ctx.memo<nested>(), &first); // the same object, not a copy
}

TEST_F(Fixture, SharedFileStateBelongsToNoRule) {
  ctx.set_current(&a, nullptr, nullptr);
  ctx.shared_file_state<int>() = 7;
  ctx.file_state<int>() = 1;
  ctx.set_current(&b, nullptr, nullptr);
  EXPECT_EQ(ctx.shared_file_state<int>(), 7);
  EXPECT_EQ(ctx.file_state<int>(), 0); // b's own state is its own
  ctx.set_current(&a, nullptr, nullptr);
  EXPECT_EQ(ctx.file_state<int>(), 1);
}

} // namespace
} // namespace rollsafe::test
