#include "rules/support/describe.h"

#include "common/concat.h"

#include <algorithm>
#include <type_traits>
#include <variant>

namespace rollsafe {
namespace {

// The object a schema change is about; empty name when the node names none.
struct Subject {
  std::string_view kind;
  const model::Name* name = nullptr; // in the node
};

Subject subject(const model::Node& node) {
  return std::visit(
      [](const auto& n) -> Subject {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, model::CreateObject> ||
                      std::is_same_v<T, model::DropObject>) {
          return {model::to_string(n.kind), &n.name};
        } else if constexpr (std::is_same_v<T, model::RenameObject>) {
          return {model::to_string(n.kind), &n.object};
        } else if constexpr (requires { n.table; }) {
          return {"table", &n.table}; // CREATE TABLE, CREATE INDEX, ALTER TABLE actions
        } else {
          return {};
        }
      },
      node);
}

} // namespace

std::string upper_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  });
  return out;
}

std::string describe_ddl(const std::string& kind, const model::Node& node) {
  const Subject what = subject(node);
  if (what.name == nullptr || what.name->empty()) {
    return kind;
  }
  const std::string upper = upper_ascii(what.kind);
  const std::string name = what.name->display();
  // `kind` ends with " " + upper: "CREATE TABLE", "ALTER TABLE".
  if (kind.size() > upper.size() && kind.ends_with(upper) &&
      kind[kind.size() - upper.size() - 1] == ' ') {
    return concat(kind, " ", name);
  }
  if (kind == "DROP") {
    return concat(kind, " ", upper, " ", name);
  }
  return concat(kind, " on ", what.kind, " ", name);
}

} // namespace rollsafe
