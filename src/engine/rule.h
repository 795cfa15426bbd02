// The rule API. A rule lives in one file under rules/, derives from Rule and from
// On<Node> for each model node it wants to see, and registers itself with
// ROLLSAFE_REGISTER_RULE. It sees the model and the Context, never a parser.
#pragma once

#include "diagnostics/diagnostic.h"
#include "engine/context.h"
#include "engine/options.h"
#include "model/model.h"

#include <cstdint>
#include <memory>
#include <string_view>

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
void register_rule(std::unique_ptr<Rule> rule);
template <class R> struct Registrar {
  Registrar() { register_rule(std::make_unique<R>()); }
};
} // namespace detail

} // namespace rollsafe

// Adds a rule to the registry at start-up. Use once, at namespace scope, in the
// rule's own file.
#define ROLLSAFE_REGISTER_RULE(RuleClass)                                                          \
  namespace {                                                                                      \
  const ::rollsafe::detail::Registrar<RuleClass> rollsafe_registrar_##RuleClass{};                 \
  }
