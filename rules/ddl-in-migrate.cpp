// ddl-in-migrate: schema changes in a migrate-phase file.
#include "engine/rule.h"

#include <algorithm>
#include <string>
#include <type_traits>
#include <variant>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "ddl-in-migrate",
    .summary = "Schema changes in a migrate file belong in expand or contract",
    .severity = Severity::Error,
    .category = Category::Phase,
    .phases = phases(Phase::Migrate),
    .rationale = R"(The migrate phase runs while old and new code serve side by side, and only
moves data between the shapes both understand. Operators run it separately,
often repeatedly and in batches, and tools that check "is the schema up to
date" look only at expand and contract. A schema change hidden there escapes
both the expand phase's review (additive only, before the new code) and the
contract phase's (destructive, after the old code is gone): an additive change
arrives after the code that needs it was deployed, and a destructive one breaks
the old code that is still running. Move additive changes to expand and
destructive ones to contract.)",
    .example = R"(ALTER TABLE users ADD COLUMN locale text;)",
    .safe = R"(-- expand
ALTER TABLE users ADD COLUMN locale text;
-- migrate
UPDATE users SET locale = 'en' WHERE locale IS NULL AND id BETWEEN 1 AND 10000;)",
};

// The object a schema change is about, shown in the message; empty when the node
// names none.
struct Subject {
  std::string kind;
  model::Name name;
};

Subject subject(const model::Node& node) {
  return std::visit(
      [](const auto& n) -> Subject {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, model::CreateObject> ||
                      std::is_same_v<T, model::DropObject>) {
          return {std::string(model::to_string(n.kind)), n.name};
        } else if constexpr (std::is_same_v<T, model::RenameObject>) {
          return {std::string(model::to_string(n.kind)), n.object};
        } else if constexpr (requires { n.table; }) {
          return {"table", n.table}; // CREATE TABLE, CREATE INDEX, ALTER TABLE actions
        } else {
          return {};
        }
      },
      node);
}

// "ALTER TABLE users", "CREATE INDEX on table users", "DROP VIEW active_users".
std::string describe(const std::string& kind, const Subject& what) {
  if (what.name.empty()) {
    return kind;
  }
  std::string upper = what.kind;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  });
  if (kind.ends_with(" " + upper)) {
    return kind + " " + what.name.display();
  }
  if (kind == "DROP") {
    return kind + " " + upper + " " + what.name.display();
  }
  return kind + " on " + what.kind + " " + what.name.display();
}

class DdlInMigrate final : public Rule, public On<model::Statement> {
public:
  DdlInMigrate() : Rule(kInfo) {}
  void on(const model::Statement& statement, Context& ctx) const override {
    const auto ddl = std::find_if(statement.items.begin(), statement.items.end(),
                                  [](const model::Item& item) { return model::is_ddl(item.node); });
    if (ddl == statement.items.end()) {
      return;
    }
    const std::string message = describe(statement.kind, subject(ddl->node));
    ctx.report(message + " in a migrate-phase file: the migrate phase only moves data while old "
                         "and new code both run",
               "move this " + statement.kind +
                   " to an expand-phase file if it adds (before the new code is deployed) or a "
                   "contract-phase file if it removes or restricts (after the old code is gone)");
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DdlInMigrate)

} // namespace rollsafe
