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
  EXPECT_EQ(phase_from_path("db/migrate/0004_users.sql")->phase, Phase::Migrate);
}

TEST(Phase, WordsInsideOtherWordsDoNotCount) {
  EXPECT_FALSE(phase_from_path("db/migrations/0001_expanded_view.sql").has_value());
  EXPECT_FALSE(phase_from_path("db/contractors/0001_x.sql").has_value());
}

TEST(Phase, TheInnermostMatchWins) {
  EXPECT_EQ(phase_from_path("expand/contract/x.sql")->phase, Phase::Contract);
}

TEST(Phase, Directives) {
  EXPECT_EQ(phase_from_directive("-- rollsafe: phase=contract"), Phase::Contract);
  EXPECT_EQ(phase_from_directive("/* rollsafe: phase = migrate */"), Phase::Migrate);
  EXPECT_FALSE(phase_from_directive("-- phase=contract").has_value());
  EXPECT_FALSE(phase_from_directive("-- rollsafe: phase=later").has_value());
}

} // namespace
} // namespace rollsafe
