// Every rule is documented, and its documentation is true: the unsafe example
// fires the rule, each phase of the safe sequence leaves it quiet, and a fixture
// exists that shows both.
#include "engine/registry.h"
#include "support/lint_helpers.h"
#include "support/scratch_dir.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rollsafe::test {
namespace {

std::vector<std::string> rule_ids() {
  std::vector<std::string> out;
  for (const Rule* r : Registry::instance().rules()) {
    out.emplace_back(r->info().id);
  }
  return out;
}

bool fires(const FileReport& report, std::string_view id) {
  return std::any_of(report.diagnostics.begin(), report.diagnostics.end(),
                     [&](const Diagnostic& d) { return d.rule == id; });
}

Phase first_phase(PhaseSet set) {
  for (const Phase p : {Phase::Expand, Phase::Migrate, Phase::Contract}) {
    if (set.contains(p)) {
      return p;
    }
  }
  return Phase::Expand;
}

// Splits the safe sequence at `-- expand` / `-- migrate` / `-- contract` lines.
std::vector<std::pair<Phase, std::string>> phases_of(std::string_view safe) {
  std::vector<std::pair<Phase, std::string>> parts;
  std::istringstream in{std::string(safe)};
  std::string line;
  static const std::regex marker(R"(^--\s*(expand|migrate|contract)\b.*$)");
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, marker)) {
      const std::string p = m[1].str();
      parts.emplace_back(
          p == "expand" ? Phase::Expand : (p == "migrate" ? Phase::Migrate : Phase::Contract), "");
      continue;
    }
    if (parts.empty()) {
      parts.emplace_back(Phase::Expand, "");
    }
    parts.back().second += line + "\n";
  }
  return parts;
}

// A repository-level rule documents trees (`-- file: PATH` lines): the example
// tree fires it, the safe tree does not, and tests/fixtures/trees/<id>/ exists.
void check_tree_docs(const RuleInfo& info) {
  namespace fs = std::filesystem;
  const ScratchDir dir("docs");
  const auto lint_example = [&](std::string_view text, const std::string& name) {
    EXPECT_TRUE(write_tree(std::string(text), (dir / name).string()));
    return lint_tree((dir / name).string());
  };
  const auto any_fires = [&](const std::vector<FileReport>& reports) {
    return std::any_of(reports.begin(), reports.end(),
                       [&](const FileReport& r) { return fires(r, info.id); });
  };
  const auto no_syntax_errors = [](const std::vector<FileReport>& reports, const char* what) {
    for (const FileReport& r : reports) {
      for (const Diagnostic& d : r.diagnostics) {
        EXPECT_NE(d.rule, "syntax-error") << what << ": " << d.message;
      }
    }
  };
  const auto bad = lint_example(info.example, "example");
  EXPECT_TRUE(any_fires(bad)) << "the unsafe example tree does not fire " << info.id;
  no_syntax_errors(bad, "example");
  const auto good = lint_example(info.safe, "safe");
  EXPECT_FALSE(any_fires(good)) << info.id << " fires on its own safe tree";
  no_syntax_errors(good, "safe tree");
  EXPECT_TRUE(fs::is_directory(fs::path(ROLLSAFE_SOURCE_DIR) / "tests/fixtures/trees" /
                               std::string(info.id)))
      << "missing fixture tree tests/fixtures/trees/" << info.id;
}

// Lints the unsafe example in the rule's first phase (it must fire) and each
// phase of the safe sequence (it must stay quiet), in the dialect of `options`.
void check_example(const RuleInfo& info, std::string_view example, std::string_view safe,
                   LintOptions options) {
  SCOPED_TRACE(std::string(to_string(options.dialect)) + " example of " + std::string(info.id));
  ASSERT_FALSE(example.empty());
  ASSERT_FALSE(safe.empty());
  // An example in several phases (`-- expand` ... `-- contract`) is one release
  // whose later files see what the earlier ones created; else it is one file in
  // the rule's first phase.
  std::vector<ReleaseFile> files;
  for (auto& [phase, sql] : phases_of(example)) {
    files.push_back({phase, std::move(sql)});
  }
  static const std::regex marker(R"((^|\n)--\s*(expand|migrate|contract)\b)");
  if (!std::regex_search(std::string(example), marker)) {
    files = {{first_phase(info.phases), std::string(example)}};
  }
  FileSettings settings;
  settings.options = options;
  const FileReport bad = lint_release(files, settings, "example.sql");
  EXPECT_TRUE(fires(bad, info.id)) << "the unsafe example does not fire " << info.id;
  for (const Diagnostic& d : bad.diagnostics) {
    EXPECT_NE(d.rule, "syntax-error") << "example: " << d.message;
  }

  // The safe sequence is one release too: each phase sees what earlier ones did.
  const auto parts = phases_of(safe);
  ASSERT_FALSE(parts.empty());
  std::vector<ReleaseFile> safe_files;
  safe_files.reserve(parts.size());
  for (const auto& [phase, sql] : parts) {
    safe_files.push_back({phase, sql});
  }
  const FileReport good = lint_release(safe_files, settings, "safe.sql");
  for (const Diagnostic& d : good.diagnostics) {
    EXPECT_NE(d.rule, info.id) << info.id << " fires on its own safe sequence: " << d.message
                               << "\n"
                               << safe;
    EXPECT_NE(d.rule, "syntax-error") << "safe sequence: " << d.message;
  }
}

// A fixture that proves the rule fires and stays quiet on look-alikes:
// `<id>.sql` for PostgreSQL, `<id>.mysql.sql` (or `.mariadb.sql`) for MySQL.
void check_fixture(const RuleInfo& info, Dialect dialect) {
  const std::string base =
      std::string(ROLLSAFE_SOURCE_DIR) + "/tests/fixtures/rules/" + std::string(info.id);
  std::string fixture = base + (dialect == Dialect::MySQL ? ".mysql.sql" : ".sql");
  if (dialect == Dialect::MySQL && !std::filesystem::exists(fixture)) {
    fixture = base + ".mariadb.sql";
  }
  const std::string text = read_text(fixture);
  ASSERT_FALSE(text.empty()) << "missing fixture " << fixture;
  EXPECT_TRUE(
      std::regex_search(text, std::regex("expect:[a-z0-9, -]*\\b" + std::string(info.id) + "\\b")))
      << fixture << " never expects " << info.id;
  size_t quiet = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line.compare(first, 2, "--") == 0 ||
        line.find("expect:") != std::string::npos ||
        line.find("lock_timeout") != std::string::npos ||
        line.find("lock_wait_timeout") != std::string::npos) {
      continue;
    }
    ++quiet;
  }
  EXPECT_GE(quiet, 1U) << fixture << " has no look-alike safe statement that must stay quiet";
}

// Checks one rule's documentation. Registered per rule from main(): the registry
// is complete only once static initialisation is over. `example` and `safe`
// are PostgreSQL for rules that cover it, else MySQL; `mysql_example` and
// `mysql_safe` are MySQL.
void check_rule_docs(const std::string& id) {
  const Rule* rule = Registry::instance().find(id);
  ASSERT_NE(rule, nullptr);
  const RuleInfo& info = rule->info();
  EXPECT_TRUE(std::regex_match(std::string(info.id), std::regex("[a-z]+(-[a-z0-9]+)*")))
      << info.id << " is not kebab-case";
  EXPECT_FALSE(info.summary.empty());
  EXPECT_EQ(info.summary.find('\n'), std::string_view::npos) << "summary must be one line";
  EXPECT_GE(info.rationale.size(), 80U)
      << "rationale must say what breaks, for whom, in which phase";
  EXPECT_NE(info.phases.bits, 0);
  EXPECT_NE(info.dialects.bits, 0);
  ASSERT_FALSE(info.example.empty());
  ASSERT_FALSE(info.safe.empty());

  // Repository-level rules judge trees of files, whatever their dialect.
  if (std::string(info.example).find("-- file:") != std::string::npos) {
    check_tree_docs(info);
    return;
  }

  const bool postgres = info.dialects.contains(Dialect::Postgres);
  const bool mysql = info.dialects.contains(Dialect::MySQL);
  EXPECT_EQ(info.mysql_example.empty(), info.mysql_safe.empty())
      << "mysql_example and mysql_safe come as a pair";
  if (!info.mysql_example.empty()) {
    EXPECT_TRUE(mysql && postgres) << "mysql_example is for rules of both dialects; a "
                                      "MySQL-only rule writes its SQL in example and safe";
  }
  if (postgres) {
    check_example(info, info.example, info.safe, LintOptions{});
    check_fixture(info, Dialect::Postgres);
  }
  if (mysql) {
    check_fixture(info, Dialect::MySQL);
    const bool own = !info.mysql_example.empty();
    if (own || !postgres) {
      check_example(info, own ? info.mysql_example : info.example,
                    own ? info.mysql_safe : info.safe, mysql_options());
    }
  }
}

class RuleDocs : public ::testing::Test {
public:
  explicit RuleDocs(std::string id) : id_(std::move(id)) {}
  void TestBody() override { check_rule_docs(id_); }

private:
  std::string id_;
};

TEST(Registry, IdsAreUnique) {
  auto ids = rule_ids();
  const size_t n = ids.size();
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  EXPECT_EQ(ids.size(), n);
  EXPECT_GE(n, 1U);
}

// The registry reads each rule's subscriptions from its class at compile time;
// dynamic_cast, which it used before, is the reference: each table holds every
// rule that is an On<> of its kind, as that On<>, and nothing else.
template <class NodeT>
void expect_subscribers(std::span<const Handler> handlers, const char* what) {
  std::vector<std::pair<const Rule*, const void*>> want;
  for (const Rule* r : Registry::instance().rules()) {
    if (const auto* target = dynamic_cast<const On<NodeT>*>(r)) {
      want.emplace_back(r, target);
    }
  }
  std::vector<std::pair<const Rule*, const void*>> got;
  for (const Handler& h : handlers) {
    got.emplace_back(h.rule, h.target);
  }
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, want) << what;
}

TEST(Registry, SubscriptionsAreWhatDynamicCastFinds) {
  const Registry& registry = Registry::instance();
  expect_subscribers<model::Statement>(registry.statement_handlers(), "statements");
  expect_subscribers<FileEnd>(registry.file_end_handlers(), "file ends");
  size_t total = 0;
  [&]<size_t... I>(std::index_sequence<I...> /*unused*/) {
    ((expect_subscribers<std::variant_alternative_t<I, model::Node>>(registry.handlers(I),
                                                                     "a node kind"),
      total += registry.handlers(I).size()),
     ...);
  }
  (std::make_index_sequence<std::variant_size_v<model::Node>>{});
  EXPECT_GT(total, 0U);
}

} // namespace
} // namespace rollsafe::test

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (const std::string& id : rollsafe::test::rule_ids()) {
    std::string name = id;
    std::replace(name.begin(), name.end(), '-', '_');
    ::testing::RegisterTest(
        "RuleDocs", name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
        [id]() -> ::testing::Test* { return new rollsafe::test::RuleDocs(id); });
  }
  return RUN_ALL_TESTS();
}
