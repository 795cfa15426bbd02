// The children of an ANTLR parse-tree node, found without dynamic_cast.
//
// The accessors the antlr4 tool generates (`ctx->columnDefinition()`,
// `ctx->COMMA(i)`) go through ParserRuleContext::getRuleContext<T> and getToken,
// which test every child with a dynamic_cast: a failed cast between two of the
// grammar's context classes compares their long type names, and the MySQL
// lowering calls thousands of accessors per file. cmake/AntlrFastChildren.cmake
// rewrites the generated accessors to call these functions instead, which test
// a child by its exact dynamic type (one type_info comparison, equal pointers
// when it matches) and a rule context by its rule index. The results are the
// same: a context class generated for a rule is the only class with that rule
// index, except for the classes of its labelled alternatives, which derive from
// it (what dynamic_cast to it also accepts).
//
// Included by the generated parser source and by the lowering (mysql_lower.h).
#pragma once

#include <antlr4-runtime.h>

#include <cstddef>
#include <typeinfo>
#include <utility>
#include <vector>

namespace rollsafe::mysql::antlr_children {

// Whether `type` is exactly T. The type_info objects are compared by address:
// std::type_info::operator== also compares their names with strcmp whenever
// the addresses differ, which is the common case here (a rule context tested
// for being a terminal), and was 3 % of a MySQL lint's instructions. The
// runtime's terminal classes have key functions (out-of-line virtual members,
// in the runtime's own sources), so each has exactly one type_info object,
// whether the runtime is linked statically or as a shared library.
template <typename T> bool is_exactly(const std::type_info& type) {
  return &type == &typeid(T);
}

// `node` as a terminal (a token or an error node), or null.
inline antlr4::tree::TerminalNode* terminal_of(antlr4::tree::ParseTree* node) {
  const std::type_info& type = typeid(*node);
  // dynamic_cast<void*> reads the most derived object from the vtable: no type
  // name is compared. The exact type is known, so the static_cast is sound.
  if (is_exactly<antlr4::tree::TerminalNodeImpl>(type)) {
    return static_cast<antlr4::tree::TerminalNodeImpl*>(dynamic_cast<void*>(node));
  }
  if (is_exactly<antlr4::tree::ErrorNodeImpl>(type)) {
    return static_cast<antlr4::tree::ErrorNodeImpl*>(dynamic_cast<void*>(node));
  }
  return nullptr;
}

// `node` as a rule context, or null if it is a terminal. A parser's tree holds
// only those two kinds (Parser::createTerminalNode and createErrorNode make the
// terminals).
inline antlr4::RuleContext* rule_of(antlr4::tree::ParseTree* node) {
  const std::type_info& type = typeid(*node);
  if (is_exactly<antlr4::tree::TerminalNodeImpl>(type) ||
      is_exactly<antlr4::tree::ErrorNodeImpl>(type)) {
    return nullptr;
  }
  return static_cast<antlr4::RuleContext*>(node);
}

// getRuleContext<T>(i): the i-th child that is a T (rule index `rule`).
template <typename T> T* rule_child(antlr4::ParserRuleContext* self, size_t rule, size_t i) {
  size_t seen = 0;
  for (antlr4::tree::ParseTree* child : self->children) {
    antlr4::RuleContext* context = rule_of(child);
    if (context != nullptr && context->getRuleIndex() == rule && seen++ == i) {
      return static_cast<T*>(context);
    }
  }
  return nullptr;
}

// getRuleContexts<T>().back() without the vector: the last child that is a T
// (rule index `rule`), or null.
template <typename T> T* last_rule_child(antlr4::ParserRuleContext* self, size_t rule) {
  // An index, not std::ranges::reverse_view: clang 14 (clang-tidy) cannot
  // compile libstdc++ 12's ranges.
  for (size_t i = self->children.size(); i-- > 0;) {
    antlr4::RuleContext* context = rule_of(self->children[i]);
    if (context != nullptr && context->getRuleIndex() == rule) {
      return static_cast<T*>(context);
    }
  }
  return nullptr;
}

// getRuleContexts<T>(): every child that is a T (rule index `rule`).
template <typename T> std::vector<T*> rule_children(antlr4::ParserRuleContext* self, size_t rule) {
  std::vector<T*> out;
  for (antlr4::tree::ParseTree* child : self->children) {
    antlr4::RuleContext* context = rule_of(child);
    if (context != nullptr && context->getRuleIndex() == rule) {
      out.push_back(static_cast<T*>(context));
    }
  }
  return out;
}

// getToken(type, i): the i-th terminal child whose token has that type.
inline antlr4::tree::TerminalNode* token_child(antlr4::ParserRuleContext* self, size_t type,
                                               size_t i) {
  size_t seen = 0;
  for (antlr4::tree::ParseTree* child : self->children) {
    antlr4::tree::TerminalNode* node = terminal_of(child);
    if (node != nullptr && node->getSymbol()->getType() == type && seen++ == i) {
      return node;
    }
  }
  return nullptr;
}

// getTokens(type): every terminal child whose token has that type.
inline std::vector<antlr4::tree::TerminalNode*> token_children(antlr4::ParserRuleContext* self,
                                                               size_t type) {
  std::vector<antlr4::tree::TerminalNode*> out;
  for (antlr4::tree::ParseTree* child : self->children) {
    antlr4::tree::TerminalNode* node = terminal_of(child);
    if (node != nullptr && node->getSymbol()->getType() == type) {
      out.push_back(node);
    }
  }
  return out;
}

// Runs a rule's exit action when the rule function returns, as
// antlrcpp::finally does for the generated code, but without its
// std::function and the out-of-line call (AntlrFastChildren.cmake rewrites
// `finally(` to `on_exit(`): once per rule invocation.
template <typename F> class OnExit {
public:
  explicit OnExit(F action) : action_(std::move(action)) {}
  OnExit(const OnExit&) = delete;
  OnExit(OnExit&&) = delete;
  OnExit& operator=(const OnExit&) = delete;
  OnExit& operator=(OnExit&&) = delete;
  ~OnExit() { action_(); }

private:
  F action_;
};

template <typename F> OnExit<F> on_exit(F action) {
  return OnExit<F>(std::move(action));
}

} // namespace rollsafe::mysql::antlr_children
