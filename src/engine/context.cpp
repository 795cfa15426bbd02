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

} // namespace rollsafe
