// Reporters for CI systems and editors: SARIF, GitHub workflow commands, GitLab
// Code Quality, JUnit XML and the compact one-line format. Like the text and
// JSON reporters they see diagnostics only; what SARIF says about each rule
// comes in as plain data.
#pragma once

#include "diagnostics/diagnostic.h"

#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe {

// Where reported paths are made relative to, for the formats whose consumers
// (code scanning, merge requests, CI annotations) want paths from the
// repository root.
struct SourceRoot {
  std::filesystem::path root; // absolute: the folder holding .git, else `cwd`
  std::filesystem::path cwd;  // absolute: where the paths were given
  // Walks up from `cwd` (absolute) to the folder holding .git.
  [[nodiscard]] static SourceRoot find(const std::filesystem::path& cwd);
  // `path` as given (relative to `cwd`, or absolute), made absolute.
  [[nodiscard]] std::filesystem::path absolute(const std::string& path) const;
  // `path` relative to `root`, with '/' separators; nullopt when it lies outside
  // `root`. `<stdin>` is returned as it is.
  [[nodiscard]] std::optional<std::string> relative(const std::string& path) const;
  // relative(), else the absolute path.
  [[nodiscard]] std::string display(const std::string& path) const;
};

// What SARIF says about a rule; the command line fills it in from the rules'
// documentation.
struct RuleMeta {
  std::string id;
  std::string summary;
  std::string rationale;
  std::string safe; // the safe sequence, as `rollsafe explain` prints it
  Severity severity = Severity::Error;
};

struct SarifTool {
  std::string version;
  std::string information_uri; // may be empty
  std::string rules_uri;       // the rules' documentation (helpUri); may be empty
  std::vector<RuleMeta> rules; // those with results are listed in the log
};

// SARIF 2.1.0 for code scanning: paths from the repository root under
// %SRCROOT%; suppressed findings carry an in-source suppression.
void write_sarif(std::ostream& out, const std::vector<FileReport>& files, const SarifTool& tool,
                 const SourceRoot& root);
// GitLab Code Quality: a JSON array of issues.
void write_gitlab(std::ostream& out, const std::vector<FileReport>& files, const SourceRoot& root);
// JUnit XML: a test case per file, a failure per finding.
void write_junit(std::ostream& out, const std::vector<FileReport>& files);

// These two stream: one file at a time.
// GitHub Actions workflow commands (::error / ::warning annotations).
void write_github(std::ostream& out, const FileReport& file, const SourceRoot& root);
// `path:line:col: severity[rule]: message`, one line per finding.
void write_compact(std::ostream& out, const FileReport& file);

} // namespace rollsafe
