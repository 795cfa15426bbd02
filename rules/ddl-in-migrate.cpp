// ddl-in-migrate: schema changes in a migrate-phase file.
#include "engine/rule.h"
#include "rules/support/describe.h"

#include <algorithm>
#include <string>

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
destructive ones to contract. In a history with migrate folders or a
data-migration repository, phase-order reports these statements instead,
naming the expand or contract file that should hold them.)",
    .example = R"(ALTER TABLE users ADD COLUMN locale text;)",
    .safe = R"(-- expand
ALTER TABLE users ADD COLUMN locale text;
-- migrate
UPDATE users SET locale = 'en' WHERE locale IS NULL AND id BETWEEN 1 AND 10000;)",
};

class DdlInMigrate final : public Rule, public On<model::Statement> {
public:
  DdlInMigrate() : Rule(kInfo) {}
  void on(const model::Statement& statement, Context& ctx) const override {
    if (ctx.file() != nullptr && ctx.file()->layout_phase == Phase::Migrate) {
      return; // a migrate folder or repository: phase-order reports it, naming the file
    }
    const auto ddl = std::find_if(statement.items.begin(), statement.items.end(),
                                  [](const model::Item& item) { return model::is_ddl(item.node); });
    if (ddl == statement.items.end()) {
      return;
    }
    ctx.report(concat(describe_ddl(statement.kind, ddl->node),
                      " in a migrate-phase file: the migrate phase only moves data while old and "
                      "new code both run"),
               concat("move this ", statement.kind,
                      " to an expand-phase file if it adds (before the new code is deployed) or a "
                      "contract-phase file if it removes or restricts (after the old code is "
                      "gone)"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DdlInMigrate)

} // namespace rollsafe
