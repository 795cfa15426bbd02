// The report formats for CI systems and editors: SARIF (validated with the real
// SARIF validator when it is installed), GitHub workflow commands, GitLab Code
// Quality, JUnit XML and the compact one-line format; and --output.
#include "cli/run_binary.h"
#include "report/ci_formats.h"
#include "support/scratch_dir.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe::test {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// ---------------------------------------------------------------------------
// A small XML well-formedness checker: elements nest and match, attributes are
// quoted and unique, `<` and `&` appear only as markup and entity references,
// one root element, UTF-8 throughout. Enough to catch escaping mistakes.

class XmlChecker {
public:
  explicit XmlChecker(std::string_view text) : s_(text) {}

  // Empty when well-formed; else what is wrong and where.
  std::string check() {
    if (!valid_utf8()) {
      return "not UTF-8";
    }
    if (s_.starts_with("<?xml")) {
      const auto end = s_.find("?>");
      if (end == std::string_view::npos) {
        return "unterminated XML declaration";
      }
      i_ = end + 2;
    }
    skip_space();
    if (!element()) {
      return error_ + " at byte " + std::to_string(i_);
    }
    skip_space();
    if (i_ != s_.size()) {
      return "content after the root element at byte " + std::to_string(i_);
    }
    return {};
  }

private:
  bool valid_utf8() const {
    for (size_t i = 0; i < s_.size();) {
      const auto c = static_cast<unsigned char>(s_[i]);
      size_t n = 0;
      if (c < 0x80) {
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          return false;
        }
        n = 1;
      } else if ((c & 0xE0U) == 0xC0U && c >= 0xC2) {
        n = 2;
      } else if ((c & 0xF0U) == 0xE0U) {
        n = 3;
      } else if ((c & 0xF8U) == 0xF0U && c <= 0xF4) {
        n = 4;
      } else {
        return false;
      }
      if (i + n > s_.size()) {
        return false;
      }
      for (size_t k = 1; k < n; ++k) {
        if ((static_cast<unsigned char>(s_[i + k]) & 0xC0U) != 0x80U) {
          return false;
        }
      }
      i += n;
    }
    return true;
  }
  void skip_space() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\t' || s_[i_] == '\r')) {
      ++i_;
    }
  }
  static bool name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':' ||
           c == '.';
  }
  std::string name() {
    const size_t start = i_;
    while (i_ < s_.size() && name_char(s_[i_])) {
      ++i_;
    }
    return std::string(s_.substr(start, i_ - start));
  }
  bool fail(std::string what) {
    error_ = std::move(what);
    return false;
  }
  bool reference() { // at '&'
    const auto end = s_.find(';', i_);
    if (end == std::string_view::npos || end - i_ > 10) {
      return fail("bare '&'");
    }
    const std::string_view ref = s_.substr(i_ + 1, end - i_ - 1);
    const bool numeric =
        ref.size() > 1 && ref[0] == '#' &&
        ref.find_first_not_of(ref[1] == 'x' ? "0123456789abcdefABCDEF" : "0123456789",
                              ref[1] == 'x' ? 2 : 1) == std::string_view::npos;
    if (!numeric && ref != "amp" && ref != "lt" && ref != "gt" && ref != "quot" && ref != "apos") {
      return fail("unknown entity &" + std::string(ref) + ";");
    }
    i_ = end + 1;
    return true;
  }
  bool element() {
    if (i_ >= s_.size() || s_[i_] != '<') {
      return fail("expected '<'");
    }
    ++i_;
    const std::string tag = name();
    if (tag.empty()) {
      return fail("element without a name");
    }
    std::vector<std::string> attributes;
    for (;;) {
      skip_space();
      if (i_ >= s_.size()) {
        return fail("unterminated start tag");
      }
      if (s_.substr(i_, 2) == "/>") {
        i_ += 2;
        return true;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      const std::string attribute = name();
      if (attribute.empty()) {
        return fail("bad attribute in <" + tag + ">");
      }
      for (const auto& a : attributes) {
        if (a == attribute) {
          return fail("duplicate attribute " + attribute);
        }
      }
      attributes.push_back(attribute);
      skip_space();
      if (i_ + 1 >= s_.size() || s_[i_] != '=' || (s_[i_ + 1] != '"' && s_[i_ + 1] != '\'')) {
        return fail("attribute " + attribute + " not quoted");
      }
      const char quote = s_[i_ + 1];
      i_ += 2;
      while (i_ < s_.size() && s_[i_] != quote) {
        if (s_[i_] == '<') {
          return fail("'<' in attribute " + attribute);
        }
        if (s_[i_] == '&') {
          if (!reference()) {
            return false;
          }
          continue;
        }
        ++i_;
      }
      ++i_;
    }
    for (;;) { // content
      if (i_ >= s_.size()) {
        return fail("<" + tag + "> not closed");
      }
      if (s_.substr(i_, 2) == "</") {
        i_ += 2;
        if (name() != tag || i_ >= s_.size() || s_[i_] != '>') {
          return fail("</...> does not close <" + tag + ">");
        }
        ++i_;
        return true;
      }
      if (s_[i_] == '<') {
        if (!element()) {
          return false;
        }
      } else if (s_[i_] == '&') {
        if (!reference()) {
          return false;
        }
      } else if (s_[i_] == '>' && i_ >= 2 && s_.substr(i_ - 2, 2) == "]]") {
        return fail("']]>' in text");
      } else {
        ++i_;
      }
    }
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string error_;
};

std::string xml_problem(std::string_view xml) {
  return XmlChecker(xml).check();
}

TEST(XmlChecker, CatchesEscapingMistakes) {
  EXPECT_EQ(xml_problem("<a x=\"1\"><b>t &amp; &#10;</b><c/></a>"), "");
  EXPECT_NE(xml_problem("<a>1 < 2</a>"), "");
  EXPECT_NE(xml_problem("<a>R&D</a>"), "");
  EXPECT_NE(xml_problem("<a x=\"say \"hi\"\"/>"), "");
  EXPECT_NE(xml_problem("<a><b></a></b>"), "");
  EXPECT_NE(xml_problem("<a>\x01</a>"), "");
  EXPECT_NE(xml_problem("<a>\xff</a>"), "");
}

// ---------------------------------------------------------------------------
// Reporters, fed by hand.

// The texts of the findings these tests make: they last for the whole run, as a
// report's store lasts as long as its report.
TextStore& test_texts() {
  static TextStore texts;
  return texts;
}

Diagnostic diag(std::string_view rule, Severity severity, Position start, Position end,
                std::string_view message, std::string_view help, std::string_view source_line) {
  Diagnostic d;
  d.rule = rule;
  d.severity = severity;
  d.start = start;
  d.end = end;
  d.message = test_texts().add(message);
  d.help = test_texts().add(help);
  d.source_line = test_texts().add(source_line);
  return d;
}

FileReport file(std::string path, std::vector<Diagnostic> diagnostics) {
  FileReport f;
  f.path = std::move(path);
  f.dialect = "postgres";
  f.statements = 3;
  f.diagnostics = std::move(diagnostics);
  return f;
}

// Every character the formats must escape somewhere.
const std::string kNasty = "50% off, a:b <c> & \"d\" 'e'\nsecond\rline";

SourceRoot root_at(const fs::path& root) {
  return SourceRoot{root, root};
}

template <class Write> std::string render(Write write) {
  std::ostringstream out;
  write(out);
  return out.str();
}

TEST(GithubFormat, EscapesMessagesAndProperties) {
  const std::vector<FileReport> files = {
      file("db/a,b:c%.sql", {diag("drop-column", Severity::Error, {2, 5}, {2, 9}, kNasty,
                                  "do: x, y", "ALTER TABLE t DROP COLUMN c;")})};
  const std::string out = render([&](std::ostream& o) {
    for (const FileReport& f : files) {
      write_github(o, f, root_at("/repo"));
    }
  });
  EXPECT_EQ(out, "::error file=db/a%2Cb%3Ac%25.sql,line=2,col=5,endLine=2,endColumn=8,"
                 "title=rollsafe drop-column::50%25 off, a:b <c> & \"d\" 'e'%0Asecond%0Dline"
                 "%0Ahelp: do: x, y\n");
}

TEST(GithubFormat, WarningsAndMultiLineFindings) {
  const std::vector<FileReport> files = {
      file("a.sql", {diag("dml-in-expand", Severity::Warning, {3, 1}, {5, 4}, "m", "", "UPDATE t"),
                     // Ends at the start of the next line: one line, to its end.
                     diag("drop-table", Severity::Error, {7, 3}, {8, 1}, "n", "", "  DROP x")})};
  const std::string out = render([&](std::ostream& o) {
    for (const FileReport& f : files) {
      write_github(o, f, root_at("/r"));
    }
  });
  EXPECT_EQ(out, "::warning file=a.sql,line=3,endLine=5,title=rollsafe dml-in-expand::m\n"
                 "::error file=a.sql,line=7,col=3,endLine=7,endColumn=8,title=rollsafe "
                 "drop-table::n\n");
}

TEST(GithubFormat, UnreadableFileIsAnError) {
  FileReport f = file("gone.sql", {});
  f.failed = true;
  const std::string out =
      render([&](std::ostream& o) { write_github(o, f, root_at(fs::current_path())); });
  EXPECT_EQ(out, "::error file=gone.sql,title=rollsafe::gone.sql could not be read or linted\n");
}

TEST(CompactFormat, OneLinePerFinding) {
  const std::vector<FileReport> files = {
      file("db/x.sql", {diag("drop-column", Severity::Error, {10, 19}, {10, 44}, "a\nb\r\nc",
                             "help is not shown", "src"),
                        diag("dml-in-expand", Severity::Warning, {12, 1}, {12, 5}, "w", "", "s")}),
      file("db/clean.sql", {})};
  EXPECT_EQ(render([&](std::ostream& o) {
              for (const FileReport& f : files) {
                write_compact(o, f);
              }
            }),
            "db/x.sql:10:19: error[drop-column]: a b  c\n"
            "db/x.sql:12:1: warning[dml-in-expand]: w\n");
}

TEST(JunitFormat, OneTestCasePerFileAndAFailurePerFinding) {
  FileReport unreadable = file("c.sql", {});
  unreadable.failed = true;
  const std::vector<FileReport> files = {
      file("a.sql", {}),
      file("b <&\"'>.sql",
           {diag("drop-column", Severity::Error, {1, 1}, {1, 5}, kNasty, "fix <it> & go", "x"),
            diag("dml-in-expand", Severity::Warning, {2, 1}, {2, 5}, "w", "h", "y")}),
      unreadable};
  const std::string out = render([&](std::ostream& o) { write_junit(o, files); });
  EXPECT_EQ(xml_problem(out), "") << out;
  EXPECT_NE(out.find("<testsuite name=\"rollsafe\" tests=\"3\" failures=\"1\" errors=\"1\" "
                     "skipped=\"0\">"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("<testcase classname=\"rollsafe\" name=\"a.sql\"/>"), std::string::npos);
  EXPECT_NE(out.find("name=\"b &lt;&amp;&quot;'&gt;.sql\""), std::string::npos) << out;
  // The message attribute keeps its line breaks as character references.
  EXPECT_NE(out.find("<failure type=\"drop-column\" message=\"50% off, a:b &lt;c&gt; &amp; "
                     "&quot;d&quot; 'e'&#10;second&#13;line\">"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("b &lt;&amp;\"'&gt;.sql:1:1: error[drop-column]: 50% off"), std::string::npos)
      << out;
  EXPECT_NE(out.find("\nhelp: fix &lt;it&gt; &amp; go</failure>"), std::string::npos) << out;
  EXPECT_NE(out.find("<failure type=\"dml-in-expand\" message=\"w\">"), std::string::npos);
  EXPECT_NE(out.find("<error message="), std::string::npos);
}

TEST(JunitFormat, ReplacesWhatXmlCannotHold) {
  const std::vector<FileReport> files = {file(
      "a.sql",
      {diag("invalid-input", Severity::Error, {1, 1}, {1, 2},
            std::string("nul \x01 bell \x07 bad \xff\xfe utf8 \xe2\x82 end \xc3\xa9"), "", "")})};
  const std::string out = render([&](std::ostream& o) { write_junit(o, files); });
  EXPECT_EQ(xml_problem(out), "") << out;
  EXPECT_NE(out.find("\xc3\xa9"), std::string::npos) << "valid UTF-8 is kept";
  EXPECT_NE(out.find("nul \xEF\xBF\xBD bell"), std::string::npos) << out;
}

TEST(GitlabFormat, IssuesWithStableFingerprints) {
  const std::string line = "ALTER TABLE users DROP COLUMN email;";
  auto report = [&](std::string path, uint32_t first_line) {
    return file(std::move(path), {diag("drop-column", Severity::Error, {first_line, 19},
                                       {first_line, 36}, "m", "h", line),
                                  diag("drop-column", Severity::Error, {first_line + 4, 19},
                                       {first_line + 4, 36}, "m", "h", "  " + line),
                                  diag("dml-in-expand", Severity::Warning, {first_line + 6, 1},
                                       {first_line + 6, 7}, "w", "", "DELETE FROM t;")});
  };
  auto issues = [&](const FileReport& f) {
    return Json::parse(
        render([&](std::ostream& o) { write_gitlab(o, {f}, root_at(fs::current_path())); }));
  };
  const Json a = issues(report("db/1.sql", 3));
  const Json moved = issues(report("db/1.sql", 40));
  const Json other = issues(report("db/2.sql", 3));
  ASSERT_EQ(a.size(), 3U);
  EXPECT_EQ(a[0]["description"], "m (help: h)");
  EXPECT_EQ(a[0]["check_name"], "drop-column");
  EXPECT_EQ(a[0]["severity"], "major");
  EXPECT_EQ(a[2]["severity"], "minor");
  EXPECT_EQ(a[0]["location"]["path"], "db/1.sql");
  EXPECT_EQ(a[0]["location"]["lines"]["begin"], 3);
  EXPECT_EQ(moved[0]["location"]["lines"]["begin"], 40);
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i]["fingerprint"], moved[i]["fingerprint"]) << "the line number is not in it";
    EXPECT_NE(a[i]["fingerprint"], other[i]["fingerprint"]) << "the path is";
  }
  // The same offending text twice: the occurrence tells them apart.
  EXPECT_NE(a[0]["fingerprint"], a[1]["fingerprint"]);
}

TEST(SourceRootTest, FindsTheFolderHoldingGit) {
  const ScratchDir scratch("root");
  const fs::path& repo = scratch.path();
  fs::create_directories(repo / ".git");
  fs::create_directories(repo / "db" / "sub");
  const SourceRoot r = SourceRoot::find(repo / "db" / "sub");
  EXPECT_EQ(r.root, repo);
  EXPECT_EQ(r.relative("x.sql"), "db/sub/x.sql");
  EXPECT_EQ(r.relative("../../y.sql"), "y.sql");
  EXPECT_EQ(r.relative((repo / "db" / "z.sql").string()), "db/z.sql");
  EXPECT_EQ(r.relative("../../../outside.sql"), std::nullopt);
  EXPECT_EQ(r.display("../../../outside.sql"), (repo.parent_path() / "outside.sql").string());
  EXPECT_EQ(r.relative("<stdin>"), "<stdin>");
}

FileReport suppressed(FileReport f, Diagnostic d, std::string_view reason) {
  d.suppression = f.texts.add(reason);
  f.suppressed.push_back(d);
  return f;
}

// A SARIF log for four files: findings, one outside the root, one unreadable.
std::vector<FileReport> sarif_files() {
  FileReport gone = file("db/gone.sql", {});
  gone.failed = true;
  return {file("db/my file%.sql",
               {diag("drop-column", Severity::Error, {10, 19}, {10, 44}, kNasty, "do this",
                     "ALTER TABLE users DROP COLUMN password_salt;"),
                diag("cluster", Severity::Warning, {12, 1}, {14, 2}, "multi-line", "", "CLUSTER"),
                diag("future-rule", Severity::Error, {15, 1}, {15, 2}, "no metadata.", "", "x")}),
          suppressed(file("db/quiet.sql", {}),
                     diag("drop-column", Severity::Error, {3, 1}, {3, 9}, "m", "h", "DROP x;"),
                     "unread since 2.3"),
          file("/elsewhere/a.sql", {diag("syntax-error", Severity::Error, {1, 8}, {1, 8},
                                         "syntax error", "", "SELECT ")}),
          gone};
}

SarifTool sarif_tool() {
  return SarifTool{
      "9.9.9",
      "https://example.com/rollsafe",
      "https://example.com/rollsafe#rules",
      {{"cluster", "CLUSTER rewrites the table", "Why.", "VACUUM;", Severity::Error},
       {"drop-column", "Dropping a column breaks old code", "Because.",
        "-- contract\nALTER TABLE t DROP COLUMN c;", Severity::Error},
       {"not-used", "Fires nowhere", "-", "-", Severity::Warning},
       {"syntax-error", "The statement does not parse", "Reserved.", "", Severity::Error}}};
}

TEST(SarifFormat, RulesResultsAndLocations) {
  const fs::path repo = "/repo";
  const Json log = Json::parse(
      render([&](std::ostream& o) { write_sarif(o, sarif_files(), sarif_tool(), root_at(repo)); }));
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_TRUE(log["$schema"].get<std::string>().ends_with("sarif-schema-2.1.0.json"));
  ASSERT_EQ(log["runs"].size(), 1U);
  const Json& run = log["runs"][0];
  const Json& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "rollsafe");
  EXPECT_EQ(driver["version"], "9.9.9");
  EXPECT_EQ(driver["informationUri"], "https://example.com/rollsafe");
  ASSERT_EQ(driver["rules"].size(), 3U) << "only the rules with results";
  const Json& cluster = driver["rules"][0];
  EXPECT_FALSE(cluster.contains("name")) << "a name equal to the id is left out";
  const Json& drop = driver["rules"][1];
  EXPECT_EQ(drop["id"], "drop-column");
  EXPECT_EQ(drop["name"], "DropColumn");
  EXPECT_EQ(drop["shortDescription"]["text"], "Dropping a column breaks old code");
  EXPECT_EQ(drop["fullDescription"]["text"], "Because.");
  EXPECT_EQ(drop["help"]["text"], "Safe sequence:\n-- contract\nALTER TABLE t DROP COLUMN c;\n\n"
                                  "Full explanation: rollsafe explain drop-column");
  EXPECT_NE(drop["help"]["markdown"].get<std::string>().find("```sql\n-- contract\n"),
            std::string::npos);
  EXPECT_EQ(drop["helpUri"], "https://example.com/rollsafe#rules");
  EXPECT_EQ(drop["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(driver["rules"][2]["help"]["text"], "The statement does not parse");

  EXPECT_EQ(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///repo/");
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], false);
  EXPECT_EQ(run["invocations"][0]["toolExecutionNotifications"][0]["level"], "error");

  const Json& results = run["results"];
  ASSERT_EQ(results.size(), 5U);
  const Json& first = results[0];
  EXPECT_EQ(first["ruleId"], "drop-column");
  EXPECT_EQ(first["ruleIndex"], 1);
  EXPECT_EQ(first["level"], "error");
  EXPECT_EQ(first["message"]["text"], kNasty + ". Help: do this.");
  const Json& physical = first["locations"][0]["physicalLocation"];
  EXPECT_EQ(physical["artifactLocation"]["uri"], "db/my%20file%25.sql");
  EXPECT_EQ(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  EXPECT_EQ(physical["region"],
            Json::parse(R"({"startLine": 10, "startColumn": 19, "endLine": 10, "endColumn": 44,
                            "snippet": {"text": "DROP COLUMN password_salt"}})"));
  EXPECT_EQ(physical["contextRegion"]["snippet"]["text"],
            "ALTER TABLE users DROP COLUMN password_salt;");

  EXPECT_EQ(results[1]["level"], "warning");
  EXPECT_EQ(results[1]["ruleIndex"], 0);
  EXPECT_FALSE(results[1]["locations"][0]["physicalLocation"].contains("contextRegion"));
  EXPECT_FALSE(results[2].contains("ruleIndex")) << "a rule without metadata has no index";
  EXPECT_EQ(results[2]["message"]["text"], "no metadata.");
  EXPECT_FALSE(first.contains("suppressions"));
  EXPECT_EQ(results[3]["suppressions"], Json::parse(R"([{"kind": "inSource", "status": "accepted",
                             "justification": "unread since 2.3"}])"));
  const Json& outside = results[4]["locations"][0]["physicalLocation"];
  EXPECT_EQ(outside["artifactLocation"], Json::parse(R"({"uri": "file:///elsewhere/a.sql"})"));
  EXPECT_EQ(outside["region"]["endColumn"], 8);
}

// ---------------------------------------------------------------------------
// The command line.

class Formats : public ::testing::Test {
protected:
  void SetUp() override {
    fs::create_directories(dir_ / ".git"); // the repository root
  }
  std::string write(const std::string& name, const std::string& text) {
    return dir_.write(name, text).string();
  }
  CliRun lint(const std::string& args, const std::string& cwd = {}) {
    return run_rollsafe("lint " + args, nullptr, cwd.empty() ? dir_.path().string() : cwd);
  }
  const ScratchDir dir_{"formats"};
};

// Identifiers holding every character some format escapes, a warning and a
// syntax error.
const std::string kHostileSql = "SET lock_timeout = '1s';\n"
                                "ALTER TABLE \"we%ird, t:a<b>&\"\"q'\" DROP COLUMN \"c\nd\";\n"
                                "ALTER TABLE users ADD COLUMN \"bio \xc3\xa9\" text;\n"
                                "ALTER TABLE users ADD COLUMN;\n";

TEST_F(Formats, EveryFormatKeepsTheExitStatus) {
  write("db/expand/0001_bad.sql", kHostileSql);
  write("db/expand/0002_warn.sql", "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN c text;\n");
  for (const std::string format :
       {"text", "json", "sarif", "github", "gitlab", "junit", "compact"}) {
    SCOPED_TRACE(format);
    EXPECT_EQ(lint("--format " + format + " db").status, 1);
    EXPECT_EQ(lint("--format " + format + " db/expand/0002_warn.sql").status, 0);
  }
}

TEST_F(Formats, HostileNamesStayParseable) {
  write("db/expand/0001_bad.sql", kHostileSql);
  const CliRun sarif = lint("--format sarif db");
  const Json log = Json::parse(sarif.out);
  const Json& results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), 3U) << sarif.out;
  EXPECT_NE(results[0]["message"]["text"].get<std::string>().find("\"we%ird, t:a<b>&\"\"q'\""),
            std::string::npos);
  EXPECT_EQ(results[2]["ruleId"], "syntax-error");

  const Json gitlab = Json::parse(lint("--format gitlab db").out);
  ASSERT_EQ(gitlab.size(), 3U);
  EXPECT_NE(gitlab[0]["description"].get<std::string>().find("\"c\nd\""), std::string::npos);

  const CliRun junit = lint("--format junit db");
  EXPECT_EQ(xml_problem(junit.out), "") << junit.out;

  const CliRun github = lint("--format github db");
  std::istringstream lines(github.out);
  std::string line;
  int count = 0;
  while (std::getline(lines, line)) {
    ++count;
    EXPECT_TRUE(line.starts_with("::error file=db/expand/0001_bad.sql,line=") ||
                line.starts_with("::warning file=db/expand/0001_bad.sql,line="))
        << line;
  }
  EXPECT_EQ(count, 3) << github.out;
  EXPECT_NE(github.out.find("dropping column \"we%25ird, t:a<b>&\"\"q'\".\"c%0Ad\""),
            std::string::npos)
      << github.out;

  const CliRun compact = lint("--format compact db");
  EXPECT_EQ(std::count(compact.out.begin(), compact.out.end(), '\n'), 3) << compact.out;
}

TEST_F(Formats, PathsFromTheRepositoryRoot) {
  write("services/db/0001_drop.sql",
        "SET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN email;\n");
  const std::string cwd = (dir_ / "services").string();
  const Json sarif = Json::parse(lint("--format sarif db", cwd).out);
  const Json& run = sarif["runs"][0];
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"],
            Json::parse(R"({"uri": "services/db/0001_drop.sql", "uriBaseId": "%SRCROOT%"})"));
  const std::string root_uri = run["originalUriBaseIds"]["%SRCROOT%"]["uri"];
  EXPECT_TRUE(root_uri.starts_with("file:///") && root_uri.ends_with("/")) << root_uri;
  EXPECT_NE(lint("--format github db", cwd).out.find("file=services/db/0001_drop.sql,"),
            std::string::npos);
  EXPECT_EQ(Json::parse(lint("--format gitlab db", cwd).out)[0]["location"]["path"],
            "services/db/0001_drop.sql");
  // The formats for people and editors keep the path as given.
  EXPECT_TRUE(lint("--format compact db", cwd).out.starts_with("db/0001_drop.sql:2:19: "));
  EXPECT_NE(lint("--format junit db", cwd).out.find("name=\"db/0001_drop.sql\""),
            std::string::npos);
}

TEST_F(Formats, OutputWritesTheReportAndASummaryLine) {
  write("0001_drop.sql", "SET lock_timeout = '1s';\nALTER TABLE users DROP COLUMN email;\n");
  const CliRun r = lint("--format sarif --output out/report.sarif 0001_drop.sql");
  // The folder does not exist: nothing is created on the user's behalf.
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  fs::create_directories(dir_ / "out");
  const CliRun ok = lint("--format sarif --output out/report.sarif 0001_drop.sql");
  EXPECT_EQ(ok.status, 1) << ok.err;
  EXPECT_EQ(ok.out, "1 error, 0 warnings in 1 file (2 statements); report written to "
                    "out/report.sarif\n");
  EXPECT_EQ(ok.err, "");
  const Json log = Json::parse(slurp(dir_ / "out/report.sarif"));
  EXPECT_EQ(log["runs"][0]["results"][0]["ruleId"], "drop-column");

  const CliRun text = lint("-o report.txt --color always 0001_drop.sql");
  EXPECT_EQ(text.status, 1);
  EXPECT_NE(slurp(dir_ / "report.txt").find("error[drop-column]"), std::string::npos);
  EXPECT_EQ(lint("-o report.txt --color auto 0001_drop.sql").status, 1);
  EXPECT_EQ(slurp(dir_ / "report.txt").find('\x1b'), std::string::npos)
      << "auto: no colour in a file";

  const CliRun quiet = lint("-q --format junit -o report.xml 0001_drop.sql");
  EXPECT_EQ(quiet.status, 1);
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(xml_problem(slurp(dir_ / "report.xml")), "");
}

TEST_F(Formats, UnwritableOutputExitsTwoWithOneLine) {
  write("0001_ok.sql", "CREATE TABLE t (id bigint PRIMARY KEY);\n");
  fs::create_directories(dir_ / "a-folder");
  for (const std::string target : {"missing/dir/report.json", "a-folder"}) {
    SCOPED_TRACE(target);
    const CliRun r = lint("--format json --output " + target + " 0001_ok.sql");
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_TRUE(r.err.starts_with("rollsafe: cannot write " + target + ": ")) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

// ---------------------------------------------------------------------------
// The real SARIF validator (npm: @microsoft/sarif-multitool), installed by
// scripts/test.sh into build/npm. ROLLSAFE_SARIF_MULTITOOL names another copy;
// when it is set the validator must be there.

class SarifValidator : public Formats {
protected:
  void SetUp() override {
    Formats::SetUp();
    const char* configured = std::getenv("ROLLSAFE_SARIF_MULTITOOL");
    tool_ = configured != nullptr && *configured != '\0'
                ? fs::path(configured)
                : fs::path(ROLLSAFE_SOURCE_DIR) / "build/npm/node_modules/.bin/sarif-multitool";
    if (!fs::exists(tool_)) {
      if (configured != nullptr && *configured != '\0') {
        FAIL() << "ROLLSAFE_SARIF_MULTITOOL=" << configured << " does not exist";
      }
      GTEST_SKIP() << "the SARIF validator is not installed (" << tool_.string()
                   << "); scripts/test.sh installs it with: npm install --prefix build/npm "
                      "@microsoft/sarif-multitool";
    }
  }

  // Runs the validator on `sarif` (a file in dir_) and returns its findings at
  // level warning or error, one per line; notes (style advice such as "rule
  // ids should look like CS2001") are not failures.
  std::string problems(const std::string& name, const std::string& sarif) {
    const fs::path in = dir_.write(name, sarif);
    const fs::path log = dir_ / (name + ".validation.sarif");
    // The npm wrapper runs the tool through a shell: the paths hold no spaces.
    const std::string command = "'" + tool_.string() + "' validate " + in.string() + " -o " +
                                log.string() + " --log ForceOverwrite > " +
                                (dir_ / "log").string() + " 2>&1";
    const int status = std::system(command.c_str());
    if (status != 0 || !fs::exists(log)) {
      return "the validator failed (status " + std::to_string(status) + "): " + slurp(dir_ / "log");
    }
    const Json ours = Json::parse(sarif);
    const bool has_information_uri = ours["runs"][0]["tool"]["driver"].contains("informationUri");
    std::string found;
    for (const Json& result : Json::parse(slurp(log))["runs"][0].value("results", Json::array())) {
      const std::string level = result.value("level", "warning");
      const std::string rule = result.value("ruleId", "");
      const std::string message = result["message"].dump();
      // Until the project has a home page (CMake's project(HOMEPAGE_URL)),
      // the driver has no informationUri, which SARIF2005 points out.
      if (level == "note" || level == "none" ||
          (rule == "SARIF2005" && !has_information_uri &&
           message.find("nformationUri") != std::string::npos)) {
        continue;
      }
      found += level + " " + rule + ": " + message + "\n";
    }
    if (!found.empty()) {
      found += "validator output:\n" + slurp(dir_ / "log");
    }
    return found;
  }

  fs::path tool_;
};

TEST_F(SarifValidator, CatchesAnInvalidLog) {
  // A region starting on line 0: the harness must report it, or it checks nothing.
  const std::string bad =
      R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
           {"ruleId": "a", "message": {"text": "m."}, "locations": [{"physicalLocation": {
             "artifactLocation": {"uri": "a.sql"}, "region": {"startLine": 0}}}]}]}]})";
  EXPECT_NE(problems("bad.sarif", bad).find("error JSON1008"), std::string::npos);
}

TEST_F(SarifValidator, Samples) {
  const CliRun r = run_rollsafe("lint --format sarif samples", nullptr, ROLLSAFE_SOURCE_DIR);
  ASSERT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(problems("samples.sarif", r.out), "");
}

TEST_F(SarifValidator, Fixture) {
  write("db/expand/0001_bad name %.sql", kHostileSql);
  write("db/expand/0002_index.sql", "CREATE INDEX i ON t (c);\n");
  write("db/expand/0003_suppressed.sql",
        "SET lock_timeout = '1s';\n"
        "-- rollsafe: ignore[drop-column] reason=\"unread since 2.3\"\n"
        "ALTER TABLE users DROP COLUMN legacy;\n");
  const CliRun r = lint("--format sarif db");
  ASSERT_EQ(r.status, 1) << r.err;
  const Json log = Json::parse(r.out);
  const Json& results = log["runs"][0]["results"];
  ASSERT_FALSE(results.empty());
  EXPECT_EQ(results.back()["suppressions"][0]["justification"], "unread since 2.3") << r.out;
  EXPECT_EQ(problems("fixture.sarif", r.out), "");
}

TEST_F(SarifValidator, UnreadableFilesAndPathsOutsideTheRoot) {
  EXPECT_EQ(problems("edge.sarif", render([&](std::ostream& o) {
                       write_sarif(o, sarif_files(), sarif_tool(), root_at("/repo"));
                     })),
            "");
}

} // namespace
} // namespace rollsafe::test
