#include "report/ci_formats.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace rollsafe {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kSchema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr std::string_view kRootId = "%SRCROOT%";

// Percent-encodes everything but RFC 3986's unreserved characters and '/'.
std::string uri_encode(std::string_view path) {
  std::string out;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += ch;
    } else {
      static constexpr std::string_view kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4U];
      out += kHex[c & 0xFU];
    }
  }
  return out;
}

std::string file_uri(const std::filesystem::path& absolute) {
  return "file://" + uri_encode(absolute.generic_string());
}

// "drop-column" -> "DropColumn": SARIF's rule names are identifiers.
std::string pascal_case(std::string_view id) {
  std::string out;
  bool upper = true;
  for (const char c : id) {
    if (c == '-' || c == '_') {
      upper = true;
      continue;
    }
    out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out;
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

// A fence longer than any run of backticks in `text`.
std::string fence_for(std::string_view text) {
  size_t longest = 0;
  size_t run = 0;
  for (const char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  return fence;
}

std::string_view level(Severity s) {
  return s == Severity::Error ? "error" : "warning";
}

Json rule_json(const RuleMeta& r, const SarifTool& tool) {
  Json help;
  if (r.safe.empty()) {
    help = {{"text", r.summary}, {"markdown", r.summary}};
  } else {
    const std::string fence = fence_for(r.safe);
    help = {
        {"text", "Safe sequence:\n" + r.safe + "\n\nFull explanation: rollsafe explain " + r.id},
        {"markdown", "**Safe sequence**\n\n" + fence + "sql\n" + r.safe + "\n" + fence +
                         "\n\nFull explanation: `rollsafe explain " + r.id + "`"}};
  }
  Json j = {{"id", r.id}};
  // SARIF wants no name that only repeats the id (`cluster`).
  if (const std::string name = pascal_case(r.id); !same_ignoring_case(name, r.id)) {
    j["name"] = name;
  }
  j["shortDescription"] = {{"text", r.summary}};
  j["fullDescription"] = {{"text", r.rationale.empty() ? r.summary : r.rationale}};
  j["help"] = std::move(help);
  if (!tool.rules_uri.empty()) {
    j["helpUri"] = tool.rules_uri;
  }
  j["defaultConfiguration"] = {{"level", level(r.severity)}};
  return j;
}

Json artifact_location(const std::string& path, const SourceRoot& root) {
  if (const auto rel = root.relative(path)) {
    return {{"uri", uri_encode(*rel)}, {"uriBaseId", kRootId}};
  }
  return {{"uri", file_uri(root.absolute(path))}};
}

// The code points [first, last) of `line`, numbered from 1.
std::string_view columns(std::string_view line, uint32_t first, uint32_t last) {
  size_t begin = line.size();
  size_t end = line.size();
  uint32_t column = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0U) == 0x80U) {
      continue; // a continuation byte
    }
    ++column;
    if (column == first) {
      begin = i;
    }
    if (column == last) {
      end = i;
      break;
    }
  }
  return line.substr(std::min(begin, end), end - std::min(begin, end));
}

// The region, and for a finding within one line, the offending text and the
// whole line around it.
void add_region(Json& physical, const Diagnostic& d) {
  const uint32_t end_line = std::max(d.end.line, d.start.line);
  uint32_t end_column = d.end.column;
  if (end_line == d.start.line) {
    end_column = std::max(end_column, d.start.column);
  }
  Json region = {{"startLine", d.start.line},
                 {"startColumn", d.start.column},
                 {"endLine", end_line},
                 {"endColumn", end_column}};
  if (end_line != d.start.line) {
    physical["region"] = std::move(region);
    return;
  }
  // A long line's caret line is an excerpt: the context is that excerpt's
  // region, and the snippet is given only when the excerpt holds all of it.
  const uint32_t shown_end = d.source_column + count_code_points(d.source_line);
  if (d.line_columns == 0 || end_column <= shown_end) {
    region["snippet"] = {{"text", columns(d.source_line, d.start.column - d.source_column + 1,
                                          end_column - d.source_column + 1)}};
  }
  physical["region"] = std::move(region);
  if (d.line_columns == 0) {
    physical["contextRegion"] = {{"startLine", d.start.line},
                                 {"snippet", {{"text", d.source_line}}}};
  } else {
    physical["contextRegion"] = {{"startLine", d.start.line},
                                 {"startColumn", d.source_column},
                                 {"endLine", d.start.line},
                                 {"endColumn", shown_end},
                                 {"snippet", {{"text", d.source_line}}}};
  }
}

// SARIF's messages are sentences.
std::string sentence(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out.back() != '.') {
    out += '.';
  }
  return out;
}

} // namespace

void write_sarif(std::ostream& out, const std::vector<FileReport>& files, const SarifTool& tool,
                 const SourceRoot& root) {
  // The rules the results refer to, in the order `tool.rules` gives them.
  std::unordered_map<std::string_view, size_t> index;
  for (const FileReport& f : files) {
    for (const auto* list : {&f.diagnostics, &f.suppressed}) {
      for (const Diagnostic& d : *list) {
        index.emplace(d.rule, 0);
      }
    }
  }
  Json rules = Json::array();
  for (const RuleMeta& r : tool.rules) {
    if (const auto it = index.find(r.id); it != index.end()) {
      it->second = rules.size() + 1;
      rules.push_back(rule_json(r, tool));
    }
  }

  Json driver = {{"name", "rollsafe"}, {"version", tool.version}};
  if (!tool.information_uri.empty()) {
    driver["informationUri"] = tool.information_uri;
  }
  driver["rules"] = std::move(rules);

  Json results = Json::array();
  Json notifications = Json::array();
  for (const FileReport& f : files) {
    if (f.failed) {
      notifications.push_back(
          {{"level", "error"},
           {"message", {{"text", "The file " + f.path + " could not be read or linted."}}},
           {"locations",
            Json::array({{{"physicalLocation",
                           {{"artifactLocation", artifact_location(f.path, root)}}}}})}});
    }
    const auto add = [&](const Diagnostic& d, bool suppressed) {
      Json result = {{"ruleId", d.rule}};
      if (const size_t i = index.at(d.rule); i > 0) {
        result["ruleIndex"] = i - 1;
      }
      std::string text = sentence(d.message);
      if (!d.help.empty()) {
        text += " Help: " + sentence(d.help);
      }
      result["level"] = level(d.severity);
      result["message"] = {{"text", std::move(text)}};
      Json physical = {{"artifactLocation", artifact_location(f.path, root)}};
      add_region(physical, d);
      result["locations"] = Json::array({{{"physicalLocation", std::move(physical)}}});
      if (suppressed) {
        // A `rollsafe: ignore[...]` directive; code scanning shows it as dismissed.
        result["suppressions"] = Json::array(
            {{{"kind", "inSource"}, {"status", "accepted"}, {"justification", d.suppression}}});
      }
      results.push_back(std::move(result));
    };
    for (const Diagnostic& d : f.diagnostics) {
      add(d, false);
    }
    for (const Diagnostic& d : f.suppressed) {
      add(d, true);
    }
  }

  Json invocation = {{"executionSuccessful", notifications.empty()}};
  if (!notifications.empty()) {
    invocation["toolExecutionNotifications"] = std::move(notifications);
  }
  std::string root_uri = file_uri(root.root);
  if (root_uri.back() != '/') {
    root_uri += '/';
  }

  Json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = Json::array({std::move(invocation)});
  run["originalUriBaseIds"] = {{kRootId, {{"uri", root_uri}}}};
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = std::move(results);

  Json log;
  log["$schema"] = kSchema;
  log["version"] = "2.1.0";
  log["runs"] = Json::array({std::move(run)});
  out << log.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
}

} // namespace rollsafe
