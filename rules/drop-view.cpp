// drop-view: dropping a view or materialized view that old code still queries.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "drop-view",
    .summary = "Dropping a view breaks the old code that still queries it",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
    .rationale = R"(While a rolling upgrade runs, nodes with the previous release keep serving
against the migrated database, and reports, dashboards and other services keep
running their queries too. A query that names a dropped view or materialized
view fails with "relation does not exist". In the expand phase the old code is
still serving, so a view may only be dropped in the contract phase, once nothing
queries it any more. To change a view's definition in the expand phase, use
CREATE OR REPLACE VIEW with the old columns kept, or create a new view under a
new name. A view created earlier in the same release is not flagged.)",
    .example = R"(DROP VIEW active_users;)",
    .safe = R"(-- expand
-- Release N: create the replacement and ship code that queries it instead.
CREATE VIEW active_users_v2 AS SELECT id, email FROM users WHERE deleted_at IS NULL;
-- contract
-- Release N+1, once no node or report queries active_users any more:
DROP VIEW active_users;)",
};

class DropView final : public Rule, public On<model::DropObject> {
public:
  DropView() : Rule(kInfo) {}
  void on(const model::DropObject& node, Context& ctx) const override {
    if (node.kind != model::ObjectKind::View && node.kind != model::ObjectKind::MaterializedView) {
      return;
    }
    if (ctx.catalog().is_new_object(node.kind, node.name)) {
      return; // created earlier in this release: no old code knows it
    }
    const std::string_view kind = model::to_string(node.kind);
    const std::string view = node.name.display();
    ctx.report(
        concat("dropping ", kind, " ", view,
               " breaks old code and reports that still query it while the upgrade rolls out"),
        concat("stop querying ", view, " first; drop the ", kind,
               " in the contract phase (use CREATE OR REPLACE VIEW or a new view to change it)"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DropView)

} // namespace rollsafe
