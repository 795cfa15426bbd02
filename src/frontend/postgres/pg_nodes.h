// PostgreSQL 15's parse-node definitions, for the lowering files of this folder
// only. libpg_query hands us the raw tree the server's own grammar builds; we read
// it in place, with no JSON or protobuf serialisation (docs/performance.md).
//
// PostgreSQL's headers define macros (printf, gettext, Min, Max, ...): this header
// includes the standard headers the lowering needs before them, and no file that
// includes it may use the printf family.
#pragma once

#include "model/model.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// postgres.h must come first: keep clang-format from sorting this block.
// clang-format off
extern "C" {
// NOLINTBEGIN
#include "postgres.h"
#include "nodes/parsenodes.h"
#include "nodes/pg_list.h"
#include "nodes/value.h"
// NOLINTEND
}
// clang-format on

namespace rollsafe::pg {

// Iterates a PostgreSQL List of node pointers.
template <class T = Node> class ListRange {
public:
  explicit ListRange(const List* list) : list_(list) {}
  class iterator {
  public:
    iterator(const List* list, int i) : list_(list), i_(i) {}
    T* operator*() const { return static_cast<T*>(list_nth(list_, i_)); }
    iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const iterator& other) const { return i_ != other.i_; }

  private:
    const List* list_;
    int i_;
  };
  [[nodiscard]] iterator begin() const { return {list_, 0}; }
  [[nodiscard]] iterator end() const { return {list_, list_length(list_)}; }

private:
  const List* list_;
};
template <class T = Node> ListRange<T> each(const List* list) {
  return ListRange<T>(list);
}

template <class T> bool is(const Node* node, NodeTag tag) {
  return node != nullptr && nodeTag(node) == tag;
}
template <class T> const T* as(const Node* node, NodeTag tag) {
  return is<T>(node, tag) ? reinterpret_cast<const T*>(node) : nullptr;
}

inline std::string str(const char* s) {
  return s == nullptr ? std::string() : std::string(s);
}

// A C string of the tree as a view (empty for null), for text that is only
// compared or appended.
inline std::string_view view(const char* s) {
  return s == nullptr ? std::string_view() : std::string_view(s);
}

// The text of a String node (names in qualified-name lists); empty for any
// other node.
std::string string_value(const Node* node);
std::string_view string_view_of(const Node* node);

// What lowering needs to know about the statement being lowered.
struct LowerCtx {
  std::string_view text; // the whole file
  model::Span statement; // the statement's span
  uint32_t base = 0;     // where the parsed buffer starts in the file
  // Scratch space for the spans of an ALTER TABLE's actions or a DROP's objects,
  // owned by the frontend so that each statement does not allocate its own.
  std::vector<model::Span>& spans;
  // The token at a parser location (-1: unknown, then the whole statement).
  [[nodiscard]] model::Span at(int location) const;
  // From a parser location to the end of the statement.
  [[nodiscard]] model::Span from(int location) const;
  // A span that covers the (possibly qualified) name starting at file offset `offset`.
  [[nodiscard]] model::Span word_at(int offset) const;
};

// Appends an item holding a default-constructed T with `span` to `out` and
// returns the node, to be filled where it stays (out.items.back().span can be
// set once it is known).
template <class T> T& push_node(model::Statement& out, model::Span span = {}) {
  model::Item& item = out.items.emplace_back();
  item.span = span;
  return item.node.emplace<T>();
}

// Expression walkers (default classification, column references) recurse once
// per level of nesting. The grammar itself stops at 10,000 levels of brackets,
// but left-associative chains (1 + 1 + ... + 1, x::int::int...) parse into trees
// as deep as they are long, so past this depth the walkers throw
// ExpressionTooDeep and the statement becomes a syntax-error diagnostic instead
// of overflowing the stack.
inline constexpr int kMaxExpressionDepth = 1000;
class ExpressionTooDeep : public std::runtime_error {
public:
  explicit ExpressionTooDeep(int at)
      : std::runtime_error("expression nested more than " + std::to_string(kMaxExpressionDepth) +
                           " levels deep: too deep for rollsafe to check"),
        location(at) {}
  int location; // parser location of the expression where the limit was hit, or -1
};

model::Name name_of(const RangeVar* rv, const LowerCtx& ctx);
// The same, into `out` (left as it is when `rv` is null).
void name_of(const RangeVar* rv, const LowerCtx& ctx, model::Name& out);
// A qualified name given as a List of String nodes (DROP, COMMENT, ...); with
// `count`, only its first `count` elements.
model::Name name_of(const List* names, const LowerCtx& ctx, int count = -1);
void name_of(const List* names, const LowerCtx& ctx, model::Name& out, int count = -1);
std::string type_name(const TypeName* type);
// Appends the type's name as type_name() spells it to `out`.
void append_type_name(const TypeName* type, std::string& out);
// PostgreSQL's object type as the model's object kind (Other when the model has none).
model::ObjectKind object_kind(ObjectType type);
// Appends the columns `expr` reads to `out` (each once).
void column_refs(const Node* expr, std::vector<std::string>& out);
model::DefaultValue classify_default(const Node* expr, const LowerCtx& ctx);
// The in-place forms fill a default-constructed `out`, so that the lowering
// builds each node where it stays instead of moving it there.
model::Constraint lower_constraint(const Constraint* c, const LowerCtx& ctx);
void lower_constraint(const Constraint* c, const LowerCtx& ctx, model::Constraint& out);
model::ColumnDef lower_column(const ColumnDef* c, const LowerCtx& ctx);
void lower_column(const ColumnDef* c, const LowerCtx& ctx, model::ColumnDef& out);

// Statement-family lowerings; each appends nodes to `out` and returns false when
// the statement is not of its family.
bool lower_table_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out);
bool lower_index_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out);
bool lower_drop_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out);
bool lower_data_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out);
bool lower_session_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out);
bool lower_object_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out);
// Anything else: an OtherStatement with its kind.
void lower_other_statement(const Node* stmt, const LowerCtx& ctx, model::Statement& out);

} // namespace rollsafe::pg
