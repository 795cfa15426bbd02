// rollsafe.toml: parsing, validation with positions, discovery, and the
// settings each file ends up with.
#include "config/config.h"
#include "engine/run.h"
#include "support/lint_helpers.h"
#include "support/scratch_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <string_view>

namespace rollsafe {
namespace {

namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
protected:
  void SetUp() override { fs::create_directories(root_ / ".git"); }
  fs::path write(const std::string& name, const std::string& text) {
    return root_.write(name, text);
  }
  std::string error_of(const std::string& toml) {
    const fs::path p = write("rollsafe.toml", toml);
    try {
      (void)load_config(p);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  }
  const test::ScratchDir root_{"config"};
};

TEST_F(ConfigTest, ReadsEveryKey) {
  const fs::path p = write("rollsafe.toml", R"(
dialect = "postgres"
pg-version = 12
default-phase = "contract"
assume-in-transaction = true
require-suppression-reasons = false
exclude = ["db/legacy/**"]

[phases]
"db/**/data/*.sql" = "migrate"

[rules]
lock-timeout-missing = "off"
drop-index-blocking = "error"

[[overrides]]
files = ["db/seeds/**"]
rules = { dml-in-expand = "off" }
)");
  const Config c = load_config(p);
  EXPECT_EQ(c.pg_version.value, 12);
  EXPECT_EQ(c.pg_version.source, p.string() + ":3:14");
  EXPECT_EQ(*c.default_phase.value, Phase::Contract);
  EXPECT_TRUE(c.assume_in_transaction.value);
  EXPECT_FALSE(c.require_reasons.value);
  ASSERT_EQ(c.exclude.size(), 1U);
  ASSERT_EQ(c.phases.size(), 1U);
  EXPECT_EQ(c.phases[0].second, Phase::Migrate);
  EXPECT_EQ(c.rules.at("lock-timeout-missing").value, RuleLevel::Off);
  EXPECT_EQ(c.rules.at("drop-index-blocking").value, RuleLevel::Error);
  ASSERT_EQ(c.overrides.size(), 1U);
  EXPECT_EQ(c.overrides[0].rules.at("dml-in-expand"), RuleLevel::Off);
}

// toml++ 3.3 (Debian 12) marks most non-ASCII code points "unreachable" in its
// whitespace classifier (U+00A1-U+0499, U+2C5F-U+3057, U+FB26-U+FEFE but a few);
// the parser asks it about every character. The fuzzer found it (its input is
// under tests/fuzz-regressions/fuzz_config/). Such characters in comments and
// strings read as themselves, and one where a key belongs is a positioned error.
TEST_F(ConfigTest, NonAsciiTextInCommentsStringsAndKeys) {
  const fs::path p =
      write("rollsafe.toml", "# Migrations de l\xc3\xa9quipe \xd0\x94 \xe2\xb8\x80 \xef\xac\xb0\n"
                             "default-phase = \"contract\"\n"
                             "exclude = [\"caf\xc3\xa9/**\", \"\xd0\x94\xef\xac\xb0/**\"]\n");
  const Config c = load_config(p);
  EXPECT_EQ(*c.default_phase.value, Phase::Contract);
  ASSERT_EQ(c.exclude.size(), 2U);
  EXPECT_EQ(c.exclude[0], "caf\xc3\xa9/**");
  EXPECT_EQ(c.exclude[1], "\xd0\x94\xef\xac\xb0/**");
  EXPECT_NE(error_of("pg-version = 14\n\xcd\x89 = 1\n").find("rollsafe.toml:2:1: "),
            std::string::npos);
}

// A table header whose name starts with neither a key character nor a quote broke
// a precondition of toml++ 3.3's parser: builds with assertions on (the sanitizer
// and fuzzing builds) aborted. It is a positioned error like any other; the
// fuzzer's input is under tests/fuzz-regressions/fuzz_config/.
TEST_F(ConfigTest, TableHeaderWithoutAName) {
  struct Case {
    const char* text;
    const char* at; // where the error is reported
  };
  for (const auto& [text, at] : {Case{"[[ # a note\n", "rollsafe.toml:1:4: "},
                                 Case{"pg-version = 15\n[[=\n", "rollsafe.toml:2:3: "},
                                 Case{"[[[a]]]\n", "rollsafe.toml:"}}) {
    const std::string error = error_of(text);
    EXPECT_NE(error.find(at), std::string::npos) << text << ": " << error;
    EXPECT_NE(error.find("expected bare key starting character or string delimiter"),
              std::string::npos)
        << text << ": " << error;
  }
}

TEST_F(ConfigTest, ErrorsNameTheFileLineColumnAndWhatIsAllowed) {
  const std::string unknown_key = error_of("pg-versoin = 15\n");
  EXPECT_NE(unknown_key.find("rollsafe.toml:1:"), std::string::npos) << unknown_key;
  EXPECT_NE(unknown_key.find("unknown key 'pg-versoin'"), std::string::npos) << unknown_key;
  EXPECT_NE(unknown_key.find("allowed: dialect, pg-version"), std::string::npos) << unknown_key;

  const std::string unknown_rule = error_of("[rules]\ndrop-colum = \"off\"\n");
  EXPECT_NE(unknown_rule.find("rollsafe.toml:2:"), std::string::npos) << unknown_rule;
  EXPECT_NE(unknown_rule.find("unknown rule 'drop-colum'"), std::string::npos) << unknown_rule;

  const std::string bad_level = error_of("[rules]\ndrop-column = \"fatal\"\n");
  EXPECT_NE(bad_level.find("allowed: error, warning, off"), std::string::npos) << bad_level;

  EXPECT_NE(error_of("pg-version = \"15\"\n").find("must be a PostgreSQL major version"),
            std::string::npos);
  EXPECT_NE(error_of("default-phase = \"later\"\n").find("allowed: expand, migrate, contract"),
            std::string::npos);
  const std::string syntax = error_of("pg-version = = 15\n");
  EXPECT_NE(syntax.find("rollsafe.toml:1:"), std::string::npos) << syntax;
  EXPECT_NE(error_of("[[overrides]]\nrules = {}\n").find("needs 'files'"), std::string::npos);
  EXPECT_NE(
      error_of("[[overrides]]\nfiles = [\"a\"]\nphase = \"x\"\n").find("allowed: files, rules"),
      std::string::npos);
}

TEST_F(ConfigTest, FoundByWalkingUpToTheRepositoryRoot) {
  write("rollsafe.toml", "pg-version = 11\n");
  write("services/billing/.rollsafe.toml", "pg-version = 14\n");
  ConfigResolver resolver({});
  EXPECT_EQ(resolver.settings_for((root_ / "db/0001.sql").string()).options.pg_version, 11);
  EXPECT_EQ(
      resolver.settings_for((root_ / "services/billing/db/0001.sql").string()).options.pg_version,
      14);
  // Nothing above the repository root is read.
  fs::create_directories(root_ / "nested/.git");
  EXPECT_EQ(resolver.settings_for((root_ / "nested/db/0001.sql").string()).options.pg_version, 15);
}

// Folders discovery listed without configuration names are not probed: the
// answers are those of probing every folder, for relative paths as well.
TEST_F(ConfigTest, FoldersKnownWithoutConfigurationGiveTheSameAnswers) {
  write("rollsafe.toml", "pg-version = 11\n");
  write("db/a/0001.sql", "SELECT 1;");
  write("db/b/.rollsafe.toml", "pg-version = 14\n");
  write("db/b/c/0001.sql", "SELECT 1;");
  const std::string root = fs::weakly_canonical(root_.path()).string();
  ConfigResolver probing({});
  ConfigResolver told({});
  told.without_configuration({root + "/db", root + "/db/a", root + "/db/b/c"});
  {
    const test::WorkingDirectory in_db(root_ / "db");
    for (const std::string& f :
         {root + "/db/a/0001.sql", root + "/db/b/c/0001.sql", std::string("a/0001.sql"),
          std::string("b/c/0001.sql"), std::string("./b/c/../c/0001.sql")}) {
      const FileSettings expected = probing.settings_for(f);
      const FileSettings got = told.settings_for(f);
      EXPECT_EQ(got.options.pg_version, expected.options.pg_version) << f;
      EXPECT_EQ(told.config_for(f)->file, probing.config_for(f)->file) << f;
    }
    EXPECT_EQ(told.settings_for("a/0001.sql").options.pg_version, 11);
    EXPECT_EQ(told.settings_for("b/c/0001.sql").options.pg_version, 14);
  }
  // The note is trusted, not checked: told that db/b has no configuration, the
  // lookup goes past its .rollsafe.toml.
  ConfigResolver misinformed({});
  misinformed.without_configuration({root + "/db/b"});
  EXPECT_EQ(misinformed.settings_for(root + "/db/b/0002.sql").options.pg_version, 11);
}

// A folder written without `.`, `..` or `//` is joined to the working
// directory as it is; the others go through lexically_normal(). Either way the
// same configuration is found.
TEST_F(ConfigTest, EverySpellingOfAFolderFindsItsConfiguration) {
  const fs::path top = write("rollsafe.toml", "pg-version = 11\n");
  const fs::path inner = write("db/b/.rollsafe.toml", "pg-version = 14\n");
  fs::create_directories(root_ / "db/b/c");
  const std::string root = fs::weakly_canonical(root_.path()).string();
  const test::WorkingDirectory in_db(root_ / "db");
  const std::vector<std::pair<std::string, fs::path>> cases{
      {"0001.sql", top},
      {"b/0001.sql", inner},
      {"b/c/0001.sql", inner},
      {"./b/c/0001.sql", inner},
      {"b//c/0001.sql", inner},
      {"b/c/../../0001.sql", top},
      {"b/../b/c/0001.sql", inner},
      {"../0001.sql", top},
      {root + "/db/b/c/0001.sql", inner},
      {root + "/db/0001.sql", top},
      {root + "/db/b/c/../../0001.sql", top},
  };
  ConfigResolver resolver({});
  for (const auto& [path, file] : cases) {
    EXPECT_EQ(fs::weakly_canonical(resolver.config_for(path)->file), fs::weakly_canonical(file))
        << path;
    EXPECT_EQ(resolver.settings_for(path).options.pg_version, file == top ? 11 : 14) << path;
  }
}

TEST_F(ConfigTest, CommandLineWins) {
  write("rollsafe.toml", "pg-version = 11\ndefault-phase = \"contract\"\n");
  CommandLineSettings cli;
  cli.pg_version = 16;
  cli.phase = Phase::Migrate;
  ConfigResolver resolver(cli);
  const FileSettings s = resolver.settings_for((root_ / "0001.sql").string());
  EXPECT_EQ(s.options.pg_version, 16);
  EXPECT_EQ(s.options.phase, Phase::Migrate);
}

TEST_F(ConfigTest, GlobsPickPhasesOverridesAndExclusions) {
  write("rollsafe.toml", R"(
exclude = ["db/legacy/**"]
[phases]
"db/**/post/*.sql" = "contract"
[rules]
drop-column = "warning"
[[overrides]]
files = "db/seeds/**"
rules = { drop-column = "off" }
)");
  ConfigResolver resolver({});
  EXPECT_TRUE(resolver.settings_for((root_ / "db/legacy/a/0001.sql").string()).excluded);
  const FileSettings post = resolver.settings_for((root_ / "db/v2/post/0001.sql").string());
  EXPECT_EQ(post.mapped_phase, Phase::Contract);
  EXPECT_EQ(post.levels.at("drop-column"), RuleLevel::Warning);
  EXPECT_EQ(resolver.settings_for((root_ / "db/seeds/x/1.sql").string()).levels.at("drop-column"),
            RuleLevel::Off);
}

// Files under one configuration without globs share one settings object (what
// the run resolves once per folder); with globs, each file has its own.
TEST_F(ConfigTest, SharedSettingsOnlyWhenNoGlobDecides) {
  write("rollsafe.toml", "pg-version = 11\ndefault-phase = \"migrate\"\n[rules]\n"
                         "drop-column = \"warning\"\n");
  write("globbed/rollsafe.toml", "exclude = [\"old/**\"]\n");
  fs::create_directories(root_ / "nested/.git");
  ConfigResolver resolver({});
  const std::string a = (root_ / "db/a/0001.sql").string();
  const std::string b = (root_ / "db/b/0002.sql").string();
  const FileSettings* shared = resolver.shared_settings_for(a);
  ASSERT_NE(shared, nullptr);
  EXPECT_EQ(resolver.shared_settings_for(b), shared);
  EXPECT_EQ(shared->options.pg_version, 11);
  EXPECT_EQ(shared->mapped_phase, Phase::Migrate);
  EXPECT_EQ(shared->mapped_phase_source, "default-phase in " + (root_ / "rollsafe.toml").string());
  EXPECT_EQ(shared->levels.at("drop-column"), RuleLevel::Warning);
  const FileSettings copy = resolver.settings_for(b);
  EXPECT_EQ(copy.options.pg_version, shared->options.pg_version);
  EXPECT_EQ(copy.mapped_phase_source, shared->mapped_phase_source);
  EXPECT_EQ(copy.levels, shared->levels);
  // No configuration file at all: the defaults, shared too, and not those above.
  const FileSettings* none = resolver.shared_settings_for((root_ / "nested/0001.sql").string());
  ASSERT_NE(none, nullptr);
  EXPECT_NE(none, shared);
  EXPECT_EQ(none->options.pg_version, 15);
  EXPECT_FALSE(none->mapped_phase.has_value());
  EXPECT_EQ(resolver.shared_settings_for((root_ / "nested/x/0002.sql").string()), none);
  // A configuration with globs: per file.
  const std::string old = (root_ / "globbed/old/0001.sql").string();
  EXPECT_EQ(resolver.shared_settings_for(old), nullptr);
  EXPECT_TRUE(resolver.settings_for(old).excluded);
  EXPECT_FALSE(resolver.settings_for((root_ / "globbed/new/0001.sql").string()).excluded);
}

// A run over many files in folders under different configurations, folders
// interleaved, more files than the run prepares ahead: each file gets its own
// folder's settings, excluded files are left out, reports come in input order,
// and one thread or several (more than the cores) give the same.
TEST_F(ConfigTest, RunGivesEachFileItsFoldersSettingsInOrder) {
  write("rollsafe.toml", "[rules]\ndrop-column = \"off\"\n");
  write("b/rollsafe.toml", "exclude = [\"old/**\"]\n");
  std::vector<std::string> files;
  for (int i = 0; i < 40; ++i) {
    for (const std::string folder : {"a", "b/new", "b/old"}) {
      const std::string name = folder + "/" + std::to_string(1000 + i) + "_x.sql";
      write(name, "ALTER TABLE t DROP COLUMN c;\n");
      files.push_back((root_ / name).string());
    }
  }
  std::vector<std::string> first;
  for (const unsigned jobs : {1U, 2U, 3U, 8U}) {
    RunInput input;
    input.files = files;
    input.jobs = jobs;
    ConfigResolver configs({});
    std::vector<std::string> seen;
    const RunResult result = run_lint(input, configs, [&](FileReport&& f) {
      size_t drops = 0;
      for (const Diagnostic& d : f.diagnostics) {
        drops += d.rule == "drop-column" ? 1 : 0;
      }
      seen.push_back(f.path + " " + std::to_string(drops));
    });
    EXPECT_EQ(result.excluded, 40U) << jobs;
    ASSERT_EQ(seen.size(), 80U) << jobs;
    for (size_t k = 0; k < seen.size(); ++k) {
      const std::string& file = files[(k / 2 * 3) + (k % 2)];
      const bool in_a = k % 2 == 0;
      EXPECT_EQ(seen[k], file + (in_a ? " 0" : " 1")) << jobs;
    }
    if (first.empty()) {
      first = seen;
    }
    EXPECT_EQ(seen, first) << jobs;
  }
}

TEST_F(ConfigTest, RuleLevelsChangeWhatIsReported) {
  FileSettings s;
  s.levels["drop-column"] = RuleLevel::Warning;
  s.levels["lock-timeout-missing"] = RuleLevel::Off;
  const FileReport r = test::lint_text("ALTER TABLE users DROP COLUMN email;", s);
  ASSERT_EQ(r.diagnostics.size(), 1U);
  EXPECT_EQ(r.diagnostics[0].rule, "drop-column");
  EXPECT_EQ(r.diagnostics[0].severity, Severity::Warning);
}

TEST(Glob, Matching) {
  EXPECT_TRUE(glob_match("*.sql", "a.sql"));
  EXPECT_FALSE(glob_match("*.sql", "db/a.sql"));
  EXPECT_TRUE(glob_match("db/**/*.sql", "db/a.sql"));
  EXPECT_TRUE(glob_match("db/**/*.sql", "db/x/y/a.sql"));
  EXPECT_TRUE(glob_match("**/contract/*", "r1/contract/0001.sql"));
  EXPECT_TRUE(glob_match("db/legacy/**", "db/legacy/a/b.sql"));
  EXPECT_FALSE(glob_match("db/legacy/**", "db/legacy2/a.sql"));
  EXPECT_TRUE(glob_match("V?__*.sql", "V1__init.sql"));
  EXPECT_TRUE(glob_match("[ab].sql", "b.sql"));
  EXPECT_FALSE(glob_match("[ab].sql", "c.sql"));
}

// The backtracking matcher glob_match() replaced, kept as its specification.
bool reference_glob_match(std::string_view glob, std::string_view path) {
  if (glob.empty()) {
    return path.empty();
  }
  if (glob.starts_with("**")) {
    const std::string_view rest = glob.substr(2);
    if (rest.starts_with("/") && reference_glob_match(rest.substr(1), path)) {
      return true;
    }
    for (size_t i = 0; i <= path.size(); ++i) {
      if (reference_glob_match(rest, path.substr(i))) {
        return true;
      }
    }
    return false;
  }
  if (glob[0] == '*') {
    for (size_t i = 0; i <= path.size(); ++i) {
      if (reference_glob_match(glob.substr(1), path.substr(i))) {
        return true;
      }
      if (i < path.size() && path[i] == '/') {
        return false;
      }
    }
    return false;
  }
  if (path.empty()) {
    return false;
  }
  if (glob[0] == '?') {
    return path[0] != '/' && reference_glob_match(glob.substr(1), path.substr(1));
  }
  if (glob[0] == '[') {
    const size_t close = glob.find(']', 1);
    if (close != std::string_view::npos) {
      return glob.substr(1, close - 1).find(path[0]) != std::string_view::npos &&
             reference_glob_match(glob.substr(close + 1), path.substr(1));
    }
  }
  return glob[0] == path[0] && reference_glob_match(glob.substr(1), path.substr(1));
}

// Random short globs over every construct against random short paths: the
// table matcher answers what the backtracking one did.
TEST(Glob, MatchesTheBacktrackingReference) {
  std::mt19937 random(20261122);
  constexpr std::string_view kGlobBytes = "ab/*?[]";
  constexpr std::string_view kPathBytes = "ab/";
  const auto pick = [&](std::string_view bytes, size_t max_length) {
    std::string out(random() % (max_length + 1), ' ');
    for (char& c : out) {
      c = bytes[random() % bytes.size()];
    }
    return out;
  };
  size_t matched = 0;
  for (int i = 0; i < 100000; ++i) {
    const std::string glob = pick(kGlobBytes, 8);
    const std::string path = pick(kPathBytes, 8);
    const bool expected = reference_glob_match(glob, path);
    ASSERT_EQ(glob_match(glob, path), expected) << "glob '" << glob << "', path '" << path << "'";
    matched += expected ? 1 : 0;
  }
  EXPECT_GT(matched, 1000U); // both answers are well represented
}

// A run of stars took the backtracking matcher exponential time (fuzz_config
// found one in an `exclude` list); the table takes the product of the lengths.
TEST(Glob, LongRunsOfStarsAreCheap) {
  EXPECT_FALSE(glob_match(std::string(200, '*') + "b/legacy/**", std::string(300, 'a')));
  EXPECT_TRUE(glob_match("d" + std::string(150, '*') + "b/legacy/**", "dab/legacy/x/y.sql"));
}

} // namespace
} // namespace rollsafe
