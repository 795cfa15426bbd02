#include "engine/directives.h"
#include "engine/phase.h"
#include "source/discover.h"

#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

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

// Diesel's up.sql and down.sql are named by their folder.
TEST(Phase, TheFolderNamesAnUpOrDownFile) {
  const auto up = phase_from_path("migrations/2024-01-01-000000_contract_users/up.sql");
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->phase, Phase::Contract);
  EXPECT_EQ(up->source, "name token 'contract'");
  EXPECT_EQ(phase_from_path("m/20240101_data_migration_x/DOWN.SQL")->phase, Phase::Migrate);
  // Any other file of the folder has a name of its own.
  EXPECT_FALSE(phase_from_path("m/2024-01-01-000000_contract_users/seed.sql").has_value());
  // Only the folder holding the file: the ones above name projects.
  EXPECT_FALSE(phase_from_path("contract-service/2024-01-01-000000_x/up.sql").has_value());
}

// phase_from_path() and phase_folder() compare in place, ignoring case; the
// version that lower-cased every segment into a string is the reference.
namespace reference {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

constexpr std::array<std::pair<std::string_view, Phase>, 8> kWords{{
    {"expand", Phase::Expand},
    {"expand_repo", Phase::Expand},
    {"migrate", Phase::Migrate},
    {"data_migration", Phase::Migrate},
    {"data-migration", Phase::Migrate},
    {"data_migration_repo", Phase::Migrate},
    {"contract", Phase::Contract},
    {"contract_repo", Phase::Contract},
}};

std::optional<Phase> of_token(std::string_view token) {
  for (const auto& [word, phase] : kWords) {
    if (word == token) {
      return phase;
    }
  }
  return std::nullopt;
}

std::optional<std::pair<std::string_view, Phase>> in_name(std::string_view name) {
  std::optional<std::pair<std::string_view, Phase>> found;
  for (const auto& [word, phase] : kWords) {
    for (size_t at = name.find(word); at != std::string_view::npos; at = name.find(word, at + 1)) {
      const size_t after = at + word.size();
      const bool left = at == 0 || std::isalnum(static_cast<unsigned char>(name[at - 1])) == 0;
      const bool right =
          after >= name.size() || std::isalnum(static_cast<unsigned char>(name[after])) == 0;
      if (left && right && (!found || word.size() > found->first.size())) {
        found = std::make_pair(word, phase);
      }
    }
  }
  return found;
}

bool role_only(const std::string& segment) {
  return segment == "up.sql" || segment == "down.sql";
}

std::optional<PhaseDecision> from_path(std::string_view path) {
  std::optional<PhaseDecision> found;
  // The segments that name the migration: the last, and the folder before it
  // when the last is only a role.
  std::vector<std::string> segments;
  for (size_t at = 0;;) {
    const size_t slash = path.find('/', at);
    segments.push_back(
        lower(path.substr(at, slash == std::string_view::npos ? slash : slash - at)));
    if (slash == std::string_view::npos) {
      break;
    }
    at = slash + 1;
  }
  size_t first_name = segments.size() - 1;
  if (first_name > 0 && role_only(segments.back())) {
    --first_name;
  }
  size_t index = 0;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    const std::string segment = lower(path.substr(start, end - start));
    const bool rails = segment == "migrate" && start >= 3 &&
                       lower(path.substr(start - 3, 3)) == "db/" &&
                       (start == 3 || path[start - 4] == '/');
    if (rails) {
      // not a phase
    } else if (auto p = of_token(segment)) {
      found = PhaseDecision{*p, "path segment '" + segment + "'"};
    } else if (auto token = index >= first_name ? in_name(segment) : std::nullopt) {
      found = PhaseDecision{token->second, "name token '" + std::string(token->first) + "'"};
    }
    start = end + 1;
    ++index;
  }
  return found;
}

} // namespace reference

TEST(Phase, MatchersAgreeWithTheLowerCasingReference) {
  const std::vector<std::string> paths{"",
                                       "/",
                                       "x.sql",
                                       "expand",
                                       "EXPAND",
                                       "Expand/",
                                       "a/Expand/x.sql",
                                       "a/EXPAND_REPO/1_x.sql",
                                       "db/migrate/1_x.sql",
                                       "DB/Migrate/1_x.sql",
                                       "app/db/migrate/1.sql",
                                       "xdb/migrate/1.sql",
                                       "db/migrate",
                                       "migrate/x.sql",
                                       "/db/migrate/x.sql",
                                       "r/Data-Migration/x.sql",
                                       "r/data_migration/x.sql",
                                       "0001_Expand_Users.sql",
                                       "0001_expanded.sql",
                                       "a/0002_CONTRACT.sql",
                                       "a/b/0003-data_migration_repo-x.sql",
                                       "a/b/expand-contract.sql",
                                       "a/b/0004_expand_and_contract_users.sql",
                                       "expand/contract/x.sql",
                                       "contract/expand.sql",
                                       "golang-migrate/0001_x.sql",
                                       "expand-tools/x.sql",
                                       "a//expand//x.sql",
                                       "a/expand/",
                                       "contract_repo",
                                       "z/ContractS/x.sql",
                                       "z/0001_contract2.sql",
                                       "z/contract.sql.bak",
                                       "r/MiGrAtE/x_migrate.sql",
                                       "\xC3\x89xpand/x.sql",
                                       "a/0001_expand_expand_repo.sql",
                                       "a/0001_EXPAND_REPO_contract_repo.sql",
                                       "a/data-migration_repo.sql",
                                       "a/expandexpand.sql",
                                       "a/expand9.sql",
                                       "a/9expand.sql",
                                       "a/x.expand",
                                       "a/\xC3\xA9\x65xpand\xC3\xA9.sql",
                                       "a/_contract_",
                                       "a/migrate-data_migration.sql",
                                       "a/contrac",
                                       "a/e",
                                       "a/" + std::string(300, 'x') + "_expand.sql",
                                       "a/\xC9XPAND/x.sql",
                                       "m/1_contract_x/up.sql",
                                       "m/1_Contract_x/Down.Sql",
                                       "m/1_contract_x/seed.sql",
                                       "contract_x/up.sql",
                                       "expand/1_contract_x/up.sql",
                                       "m/1_migrate_x/expand.sql",
                                       "x_expand/up.sql/up.sql",
                                       "up.sql",
                                       "a/up.sql/"};
  for (const std::string& path : paths) {
    const auto got = phase_from_path(path);
    const auto want = reference::from_path(path);
    ASSERT_EQ(got.has_value(), want.has_value()) << path;
    if (got) {
      EXPECT_EQ(got->phase, want->phase) << path;
      EXPECT_EQ(got->source, want->source) << path;
    }
    for (const std::string_view segment : split(path, '/')) {
      EXPECT_EQ(phase_folder(segment), reference::of_token(reference::lower(segment))) << segment;
    }
  }
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
