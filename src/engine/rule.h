// The rule API. A rule lives in one file under rules/, derives from Rule and from
// On<Node> for each model node it wants to see, and registers itself with
// ROLLSAFE_REGISTER_RULE. It sees the model and the Context, never a parser.
#pragma once

#include "diagnostics/diagnostic.h"
#include "engine/context.h"
#include "engine/options.h"
#include "model/model.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace rollsafe {

enum class Category : uint8_t { Compatibility, Locking, Phase, Syntax };
[[nodiscard]] std::string_view to_string(Category c);

struct PhaseSet {
  uint8_t bits = 0;
  static constexpr PhaseSet all() { return {0x7}; }
  [[nodiscard]] constexpr bool contains(Phase p) const {
    return (bits & (1U << static_cast<unsigned>(p))) != 0;
  }
  friend constexpr PhaseSet operator|(PhaseSet a, Phase p) {
    return {static_cast<uint8_t>(a.bits | (1U << static_cast<unsigned>(p)))};
  }
};
constexpr PhaseSet phases(Phase p) {
  return PhaseSet{} | p;
}
constexpr PhaseSet phases(Phase a, Phase b) {
  return PhaseSet{} | a | b;
}

struct DialectSet {
  uint8_t bits = 0x3;
  static constexpr DialectSet all() { return {0x3}; }
  static constexpr DialectSet only(Dialect d) {
    return {static_cast<uint8_t>(1U << static_cast<unsigned>(d))};
  }
  [[nodiscard]] constexpr bool contains(Dialect d) const {
    return (bits & (1U << static_cast<unsigned>(d))) != 0;
  }
};

// A rule's documentation: `rollsafe explain` prints it, and a completeness test
// lints `example` (it must fire) and `safe` (it must not).
struct RuleInfo {
  std::string_view id;      // stable kebab-case id naming the hazard
  std::string_view summary; // one line
  Severity severity = Severity::Error;
  Category category = Category::Compatibility;
  PhaseSet phases = PhaseSet::all();
  DialectSet dialects = DialectSet::all();
  std::string_view rationale; // what breaks, for whom, in which phase
  std::string_view example;   // unsafe SQL that the rule flags
  // The safe sequence; `-- expand`, `-- migrate` and `-- contract` lines start the
  // part of it that belongs in each phase.
  std::string_view safe;
  // Down / revert / undo migrations are judged only by rules that say so here
  // (the other rules are about upgrades; see docs/histories.md).
  bool down_files = false;
  // For rules of both dialects whose MySQL/MariaDB SQL differs: the same pair
  // written for MySQL (empty when `example` and `safe` serve both). A rule only
  // for MySQL writes its SQL in `example` and `safe` directly.
  std::string_view mysql_example = {};
  std::string_view mysql_safe = {};
};

class Rule {
public:
  explicit Rule(const RuleInfo& info) : info_(info) {}
  virtual ~Rule() = default;
  Rule(const Rule&) = delete;
  Rule& operator=(const Rule&) = delete;
  Rule(Rule&&) = delete;
  Rule& operator=(Rule&&) = delete;
  [[nodiscard]] const RuleInfo& info() const { return info_; }

private:
  const RuleInfo& info_;
};

// Delivered once after a file's last statement, to rules that collect what they
// saw (in Context::file_state) and decide at the end. Reports need a span.
struct FileEnd {};

// Subscribes a rule to one kind of model node, with On<model::Statement> to
// every statement as a whole (called before the statement's nodes), or with
// On<FileEnd> to the end of each file.
template <class NodeT> class On {
public:
  On() = default;
  virtual ~On() = default;
  On(const On&) = delete;
  On& operator=(const On&) = delete;
  On(On&&) = delete;
  On& operator=(On&&) = delete;
  virtual void on(const NodeT& node, Context& ctx) const = 0;
};

namespace detail {

// What a rule subscribes to, read from its class at compile time: for each node
// kind (and whole statements, and file ends) the rule as On<NodeT>, or null. A
// dynamic_cast per kind and rule at every start cost more than the rest of the
// registration.
struct Subscriptions {
  std::array<const void*, std::variant_size_v<model::Node>> nodes{};
  const void* statement = nullptr;
  const void* file_end = nullptr;
};

template <class NodeT, class R> const void* as_on(const R& rule) {
  if constexpr (std::is_base_of_v<On<NodeT>, R>) {
    return static_cast<const On<NodeT>*>(&rule);
  } else {
    return nullptr;
  }
}

template <class R> Subscriptions subscriptions_of(const R& rule) {
  Subscriptions s;
  [&]<size_t... I>(std::index_sequence<I...> /*unused*/) {
    ((s.nodes[I] = as_on<std::variant_alternative_t<I, model::Node>>(rule)), ...);
  }
  (std::make_index_sequence<std::variant_size_v<model::Node>>{});
  s.statement = as_on<model::Statement>(rule);
  s.file_end = as_on<FileEnd>(rule);
  return s;
}

void register_rule(std::unique_ptr<Rule> rule, const Subscriptions& subscriptions);

template <class R> struct Registrar {
  Registrar() {
    auto rule = std::make_unique<R>();
    const Subscriptions subscriptions = subscriptions_of(*rule);
    register_rule(std::move(rule), subscriptions);
  }
};

} // namespace detail

} // namespace rollsafe

// Adds a rule to the registry at start-up. Use once, at namespace scope, in the
// rule's own file.
#define ROLLSAFE_REGISTER_RULE(RuleClass)                                                          \
  namespace {                                                                                      \
  const ::rollsafe::detail::Registrar<RuleClass> rollsafe_registrar_##RuleClass{};                 \
  }
