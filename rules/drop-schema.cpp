// drop-schema: dropping a schema whose objects old code still uses.
#include "engine/rule.h"

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "drop-schema",
    .summary = "Dropping a schema breaks the old code that still uses the objects in it",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
    .rationale = R"(While a rolling upgrade runs, nodes with the previous release keep serving
against the migrated database. Dropping a schema (with CASCADE, everything in
it: tables, views, functions, types, sequences) makes every old query, function
call and default that names one of its objects fail with "does not exist", and
its data is gone for good. In the expand phase the old code is still serving,
so a schema may only be dropped in the contract phase, once no code uses
anything in it. A schema created earlier in the same release is not flagged.)",
    .example = R"(DROP SCHEMA reporting CASCADE;)",
    .safe = R"(-- expand
-- Release N: ship code that no longer uses anything in schema reporting.
-- (Nothing to run: leaving the schema unused needs no DDL.)
SELECT 1;
-- contract
-- Release N+1, once no node runs release N-1 any more:
DROP SCHEMA reporting CASCADE;)",
};

class DropSchema final : public Rule, public On<model::DropObject> {
public:
  DropSchema() : Rule(kInfo) {}
  void on(const model::DropObject& node, Context& ctx) const override {
    if (node.kind != model::ObjectKind::Schema ||
        ctx.catalog().is_new_object(model::ObjectKind::Schema, node.name)) {
      return;
    }
    const std::string schema = node.name.display();
    ctx.report(concat("dropping schema ", schema,
                      " breaks old code that still uses the tables, views and functions in it "
                      "while the upgrade rolls out"),
               concat("stop using everything in schema ", schema,
                      " first; drop the schema in the contract phase"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DropSchema)

} // namespace rollsafe
