#include "engine/directives.h"
#include "engine/phase.h"

#include <gtest/gtest.h>

namespace rollsafe {
namespace {

TEST(Phase, FromPathSegments) {
  EXPECT_EQ(phase_from_path("db/2024.03/contract/0001_x.sql")->phase, Phase::Contract);
  EXPECT_EQ(phase_from_path("db/data_migration_repo/0001_x.sql")->phase, Phase::Migrate);
  EXPECT_EQ(phase_from_path("db/expand_repo/0001_x.sql")->phase, Phase::Expand);
  EXPECT_EQ(phase_from_path("db/0003_data-migration.sql")->phase, Phase::Migrate);
  EXPECT_EQ(phase_from_path("db/0004_contract_users.sql")->phase, Phase::Contract);
  EXPECT_EQ(phase_from_path("r4/migrate/0004_users.sql")->phase, Phase::Migrate);
}

TEST(Phase, RailsDbMigrateIsNotAPhase) {
  EXPECT_FALSE(phase_from_path("db/migrate/20240101120000_add_users.sql").has_value());
  EXPECT_FALSE(phase_from_path("app/db/migrate/20240101120000_add_users.sql").has_value());
  EXPECT_EQ(phase_from_path("release-3/migrate/0001.sql")->phase, Phase::Migrate);
}

TEST(Phase, WordsInsideOtherWordsDoNotCount) {
  EXPECT_FALSE(phase_from_path("db/migrations/0001_expanded_view.sql").has_value());
  EXPECT_FALSE(phase_from_path("db/contractors/0001_x.sql").has_value());
}

TEST(Phase, TheInnermostMatchWins) {
  EXPECT_EQ(phase_from_path("expand/contract/x.sql")->phase, Phase::Contract);
}

TEST(Directives, Phase) {
  const auto phase = [](std::string_view comment) {
    auto d = parse_directive(comment, {});
    return d && d->kind == Directive::Kind::Phase ? std::optional<Phase>(d->phase) : std::nullopt;
  };
  EXPECT_EQ(phase("-- rollsafe: phase=contract"), Phase::Contract);
  EXPECT_EQ(phase("/* rollsafe: phase = migrate */"), Phase::Migrate);
  EXPECT_FALSE(parse_directive("-- phase=contract", {}).has_value());
  EXPECT_FALSE(parse_directive("-- see the rollsafe: docs", {}).has_value());
  ASSERT_TRUE(parse_directive("-- rollsafe: phase=later", {}).has_value());
  EXPECT_EQ(parse_directive("-- rollsafe: phase=later", {})->kind, Directive::Kind::Invalid);
}

TEST(Directives, Suppressions) {
  auto d = parse_directive(
      R"(-- rollsafe: ignore[drop-column, add-foreign-key] reason="column unused since 2.3")", {});
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->kind, Directive::Kind::Ignore);
  EXPECT_EQ(d->rules, (std::vector<std::string>{"drop-column", "add-foreign-key"}));
  EXPECT_EQ(d->reason, "column unused since 2.3");
  d = parse_directive("/* rollsafe: ignore-file[lock-timeout-missing] */", {});
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->kind, Directive::Kind::IgnoreFile);
  EXPECT_FALSE(d->reason.has_value());
  for (const char* bad : {"-- rollsafe: ignore drop-column", "-- rollsafe: ignore[]",
                          "-- rollsafe: ignore[a b]", "-- rollsafe: ignore[a] reason=unquoted",
                          "-- rollsafe: ignore[a] trailing", "-- rollsafe: skip[a]"}) {
    d = parse_directive(bad, {});
    ASSERT_TRUE(d.has_value()) << bad;
    EXPECT_EQ(d->kind, Directive::Kind::Invalid) << bad;
    EXPECT_FALSE(d->error.empty()) << bad;
  }
}

} // namespace
} // namespace rollsafe
