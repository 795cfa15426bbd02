#include "engine/registry.h"

#include <algorithm>
#include <utility>

namespace rollsafe {

namespace {
template <class NodeT> void invoke(const void* target, const model::Node& node, Context& ctx) {
  static_cast<const On<NodeT>*>(target)->on(std::get<NodeT>(node), ctx);
}

void invoke_statement(const void* target, const model::Node& /*unused*/, Context& ctx) {
  static_cast<const On<model::Statement>*>(target)->on(ctx.statement(), ctx);
}

void invoke_file_end(const void* target, const model::Node& /*unused*/, Context& ctx) {
  static_cast<const On<FileEnd>*>(target)->on(FileEnd{}, ctx);
}

template <size_t... I>
void subscribe(const Rule* rule, const detail::Subscriptions& subscriptions,
               std::array<std::vector<Handler>, sizeof...(I)>& table,
               std::index_sequence<I...> /*unused*/) {
  auto one = [&]<size_t N>() {
    using NodeT = std::variant_alternative_t<N, model::Node>;
    if (const void* target = subscriptions.nodes[N]) {
      table[N].push_back({rule, target, &invoke<NodeT>});
    }
  };
  (one.template operator()<I>(), ...);
}
} // namespace

Registry& Registry::instance() {
  static Registry registry;
  return registry;
}

void Registry::add(std::unique_ptr<Rule> rule, const detail::Subscriptions& subscriptions) {
  const Rule* raw = rule.get();
  owned_.push_back(std::move(rule));
  auto at = std::lower_bound(sorted_.begin(), sorted_.end(), raw, [](const Rule* a, const Rule* b) {
    return a->info().id < b->info().id;
  });
  sorted_.insert(at, raw);
  index(raw, subscriptions);
}

void Registry::index(const Rule* rule, const detail::Subscriptions& subscriptions) {
  subscribe(rule, subscriptions, table_,
            std::make_index_sequence<std::variant_size_v<model::Node>>{});
  if (subscriptions.statement != nullptr) {
    statement_.push_back({rule, subscriptions.statement, &invoke_statement});
  }
  if (subscriptions.file_end != nullptr) {
    file_end_.push_back({rule, subscriptions.file_end, &invoke_file_end});
  }
}

const Rule* Registry::find(std::string_view id) const {
  auto it =
      std::lower_bound(sorted_.begin(), sorted_.end(), id,
                       [](const Rule* r, std::string_view key) { return r->info().id < key; });
  return it != sorted_.end() && (*it)->info().id == id ? *it : nullptr;
}

namespace detail {
void register_rule(std::unique_ptr<Rule> rule, const Subscriptions& subscriptions) {
  Registry::instance().add(std::move(rule), subscriptions);
}
} // namespace detail

std::string_view to_string(Category c) {
  switch (c) {
  case Category::Compatibility:
    return "compatibility";
  case Category::Locking:
    return "locking";
  case Category::Phase:
    return "phase";
  case Category::Syntax:
    return "syntax";
  }
  return "compatibility";
}

} // namespace rollsafe
