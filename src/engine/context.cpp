#include "engine/context.h"

#include "engine/rule.h"

#include <utility>

namespace rollsafe {

void Context::report(std::string_view message, std::string_view help,
                     std::optional<model::Span> span, std::optional<Severity> severity) {
  const RuleInfo& info = rule_->info();
  Severity level_severity = severity.value_or(info.severity);
  if (levels_ != nullptr && !levels_->empty()) {
    const auto level = levels_->find(info.id);
    if (level != levels_->end()) {
      if (level->second == RuleLevel::Off) {
        return;
      }
      level_severity = level->second == RuleLevel::Error ? Severity::Error : Severity::Warning;
    }
  }
  // Built where it is kept: a finding is not moved from a local into the list,
  // nor moved again as the list grows from one finding to two and four (most
  // files with findings have a few).
  if (out_.capacity() == 0) {
    out_.reserve(4);
  }
  Diagnostic& d = out_.emplace_back();
  d.rule = info.id;
  d.severity = level_severity;
  if (span) {
    d.span = *span;
  } else if (item_ != nullptr) {
    d.span = item_->span;
  } else if (statement_ != nullptr) {
    d.span = statement_->span;
  }
  d.message = texts_.add(message);
  d.help = texts_.add(help);
}

void Context::report_pending(const std::string& key, std::string_view message,
                             std::string_view help, std::optional<model::Span> span) {
  if (run_ == nullptr || file_ == nullptr) {
    return;
  }
  const size_t before = out_.size();
  report(message, help, span);
  if (out_.size() == before) {
    return; // the rule is off
  }
  run_->add_pending(concat(rule_->info().id, "\n", key),
                    {file_->position, out_.back().rule, out_.back().span.begin});
}

void Context::withdraw(const std::string& key) {
  if (run_ != nullptr) {
    run_->withdraw(concat(rule_->info().id, "\n", key));
  }
}

void RunShared::unlist(const std::string& key, size_t file) {
  const auto it = keys_.find(file);
  if (it != keys_.end()) {
    std::erase(it->second, key);
    if (it->second.empty()) {
      keys_.erase(it);
    }
  }
}

void RunShared::add_pending(std::string key, Pending p) {
  const auto [it, inserted] = pending_.try_emplace(key, p);
  if (!inserted) {
    unlist(key, it->second.file);
    it->second = p;
  }
  keys_[p.file].push_back(std::move(key));
}

void RunShared::withdraw(const std::string& key) {
  const auto it = pending_.find(key);
  if (it != pending_.end()) {
    unlist(key, it->second.file);
    withdrawn_[it->second.file].push_back(it->second);
    pending_.erase(it);
  }
}

std::vector<RunShared::Pending> RunShared::undecided_in(size_t file) const {
  std::vector<Pending> open;
  if (const auto keys = keys_.find(file); keys != keys_.end()) {
    for (const std::string& key : keys->second) {
      open.push_back(pending_.at(key));
    }
  }
  return open;
}

std::vector<RunShared::Pending> RunShared::take_withdrawn(size_t file) {
  const auto it = withdrawn_.find(file);
  if (it == withdrawn_.end()) {
    return {};
  }
  std::vector<Pending> taken = std::move(it->second);
  withdrawn_.erase(it);
  return taken;
}

void RunShared::decide_all() {
  pending_.clear();
  keys_.clear();
}

} // namespace rollsafe
