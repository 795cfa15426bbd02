// Runs every annotated fixture under tests/fixtures/rules/. A line on which a
// diagnostic must start ends with `-- expect: rule-a, rule-b`; every diagnostic
// must be annotated and every annotation matched (like clang-tidy's
// CHECK-MESSAGES). A line `-- rollsafe-test: pg-version=10, assume-in-transaction`
// sets lint options (`reasons-optional`: suppressions need no reason;
// `mysql-version=8.0.12` the MySQL/MariaDB server; `off=rule-id` turns a rule
// off, for the advice rules that would otherwise fire on every line). The file name picks the
// dialect: `<rule-id>[.<variant>].mysql.sql` is linted as MySQL,
// `….mariadb.sql` as MariaDB, anything else as PostgreSQL. A line
// `-- rollsafe-test: next-file` starts the next file of the same release. Ambient
// configuration plays no part.
#include "support/lint_helpers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace rollsafe::test {
namespace {

namespace fs = std::filesystem;

// Fixtures of rules (tests/fixtures/rules/) and of the engine's own findings
// about directives and suppressions (tests/fixtures/engine/), as "folder/file".
std::vector<std::string> fixtures() {
  std::vector<std::string> out;
  for (const char* folder : {"rules", "engine"}) {
    for (const auto& e :
         fs::directory_iterator(fs::path(ROLLSAFE_SOURCE_DIR) / "tests/fixtures" / folder)) {
      if (e.path().extension() == ".sql") {
        out.push_back(std::string(folder) + "/" + e.path().filename().string());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

using Expectations = std::multimap<uint32_t, std::string>; // line -> rule

Expectations expectations(const std::string& text, FileSettings& settings, bool& reasons_optional) {
  LintOptions& options = settings.options;
  Expectations out;
  std::istringstream in(text);
  std::string line;
  uint32_t n = 0;
  static const std::regex expect(R"(--\s*expect:\s*([a-z0-9, -]+)\s*$)");
  static const std::regex option(R"(--\s*rollsafe-test:\s*(.*)$)");
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (std::regex_search(line, m, expect)) {
      std::istringstream ids(m[1].str());
      std::string id;
      while (std::getline(ids, id, ',')) {
        id.erase(0, id.find_first_not_of(' '));
        id.erase(id.find_last_not_of(' ') + 1);
        if (!id.empty()) {
          out.emplace(n, id);
        }
      }
    }
    if (std::regex_search(line, m, option)) {
      const std::string opts = m[1].str();
      std::smatch v;
      if (std::regex_search(opts, v, std::regex(R"(pg-version=(\d+))"))) {
        options.pg_version = std::stoi(v[1].str());
      }
      if (std::regex_search(opts, v, std::regex(R"(mysql-version=([0-9.]+))"))) {
        const std::optional<int> version = parse_server_version(v[1].str());
        EXPECT_TRUE(version.has_value()) << "bad mysql-version in " << line;
        options.mysql_version = version.value_or(options.mysql_version);
      }
      if (opts.find("assume-in-transaction") != std::string::npos) {
        options.assume_in_transaction = true;
      }
      if (opts.find("reasons-optional") != std::string::npos) {
        reasons_optional = true;
      }
      static const std::regex off(R"(\boff=([a-z0-9-]+))");
      for (auto it = std::sregex_iterator(opts.begin(), opts.end(), off);
           it != std::sregex_iterator(); ++it) {
        settings.levels[(*it)[1].str()] = RuleLevel::Off;
      }
    }
  }
  return out;
}

// Crosses each diagnostic off `expected`; the ones not expected go to `unexpected`.
void match(const std::vector<Diagnostic>& diagnostics, Expectations& expected,
           const std::string& where, std::vector<std::string>& unexpected) {
  for (const Diagnostic& d : diagnostics) {
    auto range = expected.equal_range(d.start.line);
    auto it =
        std::find_if(range.first, range.second, [&](const auto& e) { return e.second == d.rule; });
    if (it == range.second) {
      unexpected.push_back(where + ":" + std::to_string(d.start.line) + ":" +
                           std::to_string(d.start.column) + ": " + std::string(d.rule) + ": " +
                           std::string(d.message));
    } else {
      expected.erase(it);
    }
  }
}

// A line `-- rollsafe-test: next-file` starts the next file of the same release
// (for rules that compare with what an earlier phase created). Each file is the
// whole text with the other files' lines blanked, so line numbers stay the
// fixture's; each file may start with its own `-- rollsafe: phase=` directive.
std::vector<ReleaseFile> release_files(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  std::vector<size_t> starts{0};
  while (std::getline(in, line)) {
    if (line.starts_with("-- rollsafe-test: next-file")) {
      starts.push_back(lines.size());
    }
    lines.push_back(line);
  }
  starts.push_back(lines.size());
  std::vector<ReleaseFile> files;
  for (size_t f = 0; f + 1 < starts.size(); ++f) {
    std::string sql;
    for (size_t i = 0; i < lines.size(); ++i) {
      sql += (i >= starts[f] && i < starts[f + 1] ? lines[i] : std::string()) + "\n";
    }
    files.push_back({std::nullopt, std::move(sql)});
  }
  return files;
}

class FixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureTest, DiagnosticsMatchAnnotations) {
  const std::string path = std::string(ROLLSAFE_SOURCE_DIR) + "/tests/fixtures/" + GetParam();
  const std::string text = read_text(path);
  ASSERT_FALSE(text.empty()) << path;
  FileSettings settings;
  if (GetParam().ends_with(".mysql.sql") || GetParam().ends_with(".mariadb.sql")) {
    settings.options = mysql_options(GetParam().ends_with(".mariadb.sql"));
  }
  bool reasons_optional = false;
  // A fixture without annotations asserts that nothing at all fires.
  Expectations expected = expectations(text, settings, reasons_optional);
  settings.require_reasons = !reasons_optional;
  // A neutral name: the phase comes from the fixture's directive, not its file name.
  const FileReport report = lint_release(release_files(text), settings, "fixture.sql");

  std::vector<std::string> unexpected;
  match(report.diagnostics, expected, GetParam(), unexpected);
  for (const auto& u : unexpected) {
    ADD_FAILURE() << "unexpected diagnostic " << u;
  }
  for (const auto& [line, rule] : expected) {
    ADD_FAILURE() << "expected " << rule << " on " << GetParam() << ":" << line << ", got none";
  }
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(info.param.find('/') + 1);
  name = (info.param.starts_with("engine/") ? "engine_" : "") + name.substr(0, name.size() - 4);
  for (auto& c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      c = '_';
    }
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Rules, FixtureTest, ::testing::ValuesIn(fixtures()), test_name);

// Fixture trees for repository-level rules: tests/fixtures/trees/<rule-id>[.variant]/
// is a migration directory linted as a whole (layout detected, one catalog,
// files holding `rollsafe-test: history` replayed but not reported). Every
// file's annotations must match the diagnostics reported for it, as above.
std::vector<std::string> fixture_trees() {
  std::vector<std::string> out;
  const fs::path root = fs::path(ROLLSAFE_SOURCE_DIR) / "tests/fixtures/trees";
  if (fs::is_directory(root)) {
    for (const auto& e : fs::directory_iterator(root)) {
      if (e.is_directory()) {
        out.push_back(e.path().filename().string());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

class TreeFixtureTest : public ::testing::TestWithParam<std::string> {};

TEST_P(TreeFixtureTest, DiagnosticsMatchAnnotations) {
  const fs::path root = fs::path(ROLLSAFE_SOURCE_DIR) / "tests/fixtures/trees" / GetParam();
  // Expected findings of every file in the tree, by path.
  std::map<std::string, Expectations> expected;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() == ".sql") {
      FileSettings ignored;
      bool reasons_optional = false;
      expected[e.path().lexically_normal().generic_string()] =
          expectations(read_text(e.path().string()), ignored, reasons_optional);
    }
  }
  const std::vector<FileReport> reports = lint_tree(root.string());
  ASSERT_FALSE(reports.empty()) << "nothing was judged in " << root;
  std::vector<std::string> unexpected;
  for (const FileReport& report : reports) {
    EXPECT_FALSE(report.failed) << report.path;
    Expectations& mine = expected[fs::path(report.path).lexically_normal().generic_string()];
    match(report.diagnostics, mine, report.path, unexpected);
  }
  for (const auto& u : unexpected) {
    ADD_FAILURE() << "unexpected diagnostic " << u;
  }
  for (const auto& [path, left] : expected) {
    for (const auto& [line, rule] : left) {
      ADD_FAILURE() << "expected " << rule << " on " << path << ":" << line << ", got none";
    }
  }
}

std::string tree_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (auto& c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      c = '_';
    }
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Trees, TreeFixtureTest, ::testing::ValuesIn(fixture_trees()), tree_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(TreeFixtureTest);

} // namespace
} // namespace rollsafe::test
