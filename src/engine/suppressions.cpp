#include "engine/suppressions.h"

#include "engine/linter.h"
#include "engine/registry.h"

#include <algorithm>
#include <string>
#include <utility>

namespace rollsafe {

namespace {

constexpr std::string_view kDirectiveHelp =
    "write `-- rollsafe: phase=contract`, `-- rollsafe: ignore[rule-id] reason=\"why\"` or "
    "`-- rollsafe: ignore-file[rule-id] reason=\"why\"`";

// A finding about a directive, its texts in `texts` (the report's store).
Diagnostic finding(TextStore& texts, std::string_view rule, Severity severity, model::Span span,
                   std::string_view message, std::string_view help) {
  Diagnostic d;
  d.rule = rule;
  d.severity = severity;
  d.span = span;
  d.message = texts.add(message);
  d.help = texts.add(help);
  return d;
}

// Findings the parser or the input produced cannot be suppressed: the file was
// not checked.
bool suppressible(const Diagnostic& d) {
  return d.rule != kSyntaxErrorRule && d.rule != kInvalidInputRule;
}

bool known_rule(std::string_view id) {
  return Registry::instance().find(id) != nullptr || id == kUnusedSuppressionRule ||
         id == kUnexplainedSuppressionRule;
}

} // namespace

Suppressions::Suppressions(std::vector<Directive> directives) {
  for (auto& d : directives) {
    Entry e;
    e.used.assign(d.rules.size(), false);
    e.directive = std::move(d);
    entries_.push_back(std::move(e));
  }
  std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) {
    return a.directive.span.begin < b.directive.span.begin;
  });
}

void Suppressions::bind(model::Span statement) {
  while (next_ < entries_.size()) {
    Entry& e = entries_[next_];
    if (e.directive.kind != Directive::Kind::Ignore) {
      ++next_;
      continue;
    }
    if (e.directive.span.begin >= statement.end) {
      return;
    }
    e.statement = statement;
    ++next_;
  }
}

void Suppressions::apply(FileReport& report, const FileSettings& settings) {
  if (entries_.empty()) {
    return; // no directive: nothing is suppressed and nothing to report about
  }
  std::vector<Diagnostic> kept;
  for (Diagnostic& d : report.diagnostics) {
    Entry* match = nullptr;
    size_t rule_index = 0;
    for (Entry& e : entries_) {
      const Directive& dir = e.directive;
      const bool covers = dir.kind == Directive::Kind::IgnoreFile ||
                          (dir.kind == Directive::Kind::Ignore && e.statement &&
                           d.span.begin >= e.statement->begin && d.span.begin <= e.statement->end);
      if (!covers || !suppressible(d)) {
        continue;
      }
      const auto it = std::find(dir.rules.begin(), dir.rules.end(), d.rule);
      if (it != dir.rules.end()) {
        match = &e;
        rule_index = static_cast<size_t>(it - dir.rules.begin());
        break;
      }
    }
    if (match == nullptr) {
      kept.push_back(d);
      continue;
    }
    match->used[rule_index] = true;
    d.suppression = match->directive.reason ? report.texts.add(*match->directive.reason)
                                            : std::string_view("no reason given");
    report.suppressed.push_back(d);
  }
  report.diagnostics = std::move(kept);

  std::vector<Diagnostic> about;
  for (const Entry& e : entries_) {
    const Directive& dir = e.directive;
    if (dir.kind == Directive::Kind::Invalid) {
      about.push_back(finding(report.texts, kInvalidDirectiveRule, Severity::Error, dir.span,
                              "invalid rollsafe directive: " + dir.error, kDirectiveHelp));
      continue;
    }
    if (dir.kind == Directive::Kind::Phase) {
      continue;
    }
    const std::string verb = dir.kind == Directive::Kind::Ignore ? "ignore" : "ignore-file";
    if (!dir.reason && settings.require_reasons) {
      about.push_back(
          finding(report.texts, kUnexplainedSuppressionRule, Severity::Error, dir.span,
                  "this " + verb + "[...] gives no reason: every exception must say why it is safe",
                  "add reason=\"...\" saying why this is safe here (or set "
                  "require-suppression-reasons = false in rollsafe.toml)"));
    }
    for (size_t i = 0; i < dir.rules.size(); ++i) {
      if (!known_rule(dir.rules[i])) {
        about.push_back(finding(report.texts, kUnusedSuppressionRule, Severity::Warning, dir.span,
                                "unknown rule '" + dir.rules[i] + "' in " + verb + "[...]",
                                "check the id with `rollsafe rules`"));
      } else if (!e.used[i]) {
        about.push_back(finding(report.texts, kUnusedSuppressionRule, Severity::Warning, dir.span,
                                verb + "[" + dir.rules[i] + "] suppresses nothing" +
                                    (dir.kind == Directive::Kind::Ignore && !e.statement
                                         ? ": no statement follows it"
                                         : ": the finding is gone"),
                                "remove the suppression"));
      }
    }
  }
  for (Diagnostic& d : about) {
    const auto level = settings.levels.find(d.rule);
    if (level != settings.levels.end()) {
      if (level->second == RuleLevel::Off) {
        continue;
      }
      d.severity = level->second == RuleLevel::Error ? Severity::Error : Severity::Warning;
    }
    report.diagnostics.push_back(d);
  }
}

} // namespace rollsafe
