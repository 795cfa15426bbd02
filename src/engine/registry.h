// The rules registered at start-up, and the per-node dispatch table built from them
// once: rules subscribe to node kinds, so adding a rule never edits this file.
#pragma once

#include "engine/rule.h"

#include <array>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

namespace rollsafe {

struct Handler {
  const Rule* rule;
  const void* target; // the rule as On<NodeT>
  void (*call)(const void* target, const model::Node& node, Context& ctx);
};

class Registry {
public:
  static Registry& instance();
  // All rules, sorted by id.
  [[nodiscard]] std::span<const Rule* const> rules() const { return sorted_; }
  [[nodiscard]] const Rule* find(std::string_view id) const;
  // The handlers subscribed to the node kind with variant index `index`.
  [[nodiscard]] std::span<const Handler> handlers(size_t index) const { return table_[index]; }
  // The handlers subscribed to whole statements (On<model::Statement>).
  [[nodiscard]] std::span<const Handler> statement_handlers() const { return statement_; }
  // The handlers subscribed to the end of each file (On<FileEnd>).
  [[nodiscard]] std::span<const Handler> file_end_handlers() const { return file_end_; }

  void add(std::unique_ptr<Rule> rule, const detail::Subscriptions& subscriptions);

private:
  Registry() = default;
  void index(const Rule* rule, const detail::Subscriptions& subscriptions);
  std::vector<std::unique_ptr<Rule>> owned_;
  std::vector<const Rule*> sorted_;
  std::array<std::vector<Handler>, std::variant_size_v<model::Node>> table_;
  std::vector<Handler> statement_;
  std::vector<Handler> file_end_;
};

} // namespace rollsafe
