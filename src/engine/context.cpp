#include "engine/context.h"

#include "engine/rule.h"

#include <utility>

namespace rollsafe {

void Context::report(std::string message, std::string help, std::optional<model::Span> span,
                     std::optional<Severity> severity) {
  Diagnostic d;
  d.rule = std::string(rule_->info().id);
  d.severity = severity.value_or(rule_->info().severity);
  if (levels_ != nullptr) {
    const auto level = levels_->find(d.rule);
    if (level != levels_->end()) {
      if (level->second == RuleLevel::Off) {
        return;
      }
      d.severity = level->second == RuleLevel::Error ? Severity::Error : Severity::Warning;
    }
  }
  if (span) {
    d.span = *span;
  } else if (item_ != nullptr) {
    d.span = item_->span;
  } else if (statement_ != nullptr) {
    d.span = statement_->span;
  }
  d.message = std::move(message);
  d.help = std::move(help);
  out_.push_back(std::move(d));
}

void Context::report_pending(const std::string& key, std::string message, std::string help,
                             std::optional<model::Span> span) {
  if (run_ == nullptr || file_ == nullptr) {
    return;
  }
  const size_t before = out_.size();
  report(std::move(message), std::move(help), span);
  if (out_.size() == before) {
    return; // the rule is off
  }
  run_->pending[std::string(rule_->info().id) + '\n' + key] = {file_->position, out_.back().rule,
                                                               out_.back().span.begin};
}

void Context::withdraw(const std::string& key) {
  if (run_ == nullptr) {
    return;
  }
  const auto it = run_->pending.find(std::string(rule_->info().id) + '\n' + key);
  if (it != run_->pending.end()) {
    run_->withdrawn.push_back(std::move(it->second));
    run_->pending.erase(it);
  }
}

} // namespace rollsafe
