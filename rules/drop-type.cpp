// drop-type: dropping a type or domain that old code or existing columns still use.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "drop-type",
    .summary = "Dropping a type or domain breaks the old code that still uses it",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
    // MySQL has no CREATE TYPE or DOMAIN.
    .dialects = DialectSet::only(Dialect::Postgres),
    .rationale = R"(While a rolling upgrade runs, nodes with the previous release keep serving
against the migrated database. Their queries cast to the type (`'active'::status`),
declare it in function signatures, or write columns of it; once the type or
domain is dropped those statements fail with "type does not exist". With
CASCADE, PostgreSQL also drops every column of that type, losing data that old
code still reads. In the expand phase the old code is still serving, so a type
or domain may only be dropped in the contract phase, once no column and no code
uses it. A type created earlier in the same release is not flagged.)",
    .example = R"(DROP TYPE order_status;)",
    .safe = R"(-- expand
-- Release N: move columns off the type and ship code that no longer names it.
-- (Nothing to run for the type itself.)
SELECT 1;
-- contract
-- Release N+1, once no column and no node of release N-1 uses it:
DROP TYPE order_status;)",
};

class DropType final : public Rule, public On<model::DropObject> {
public:
  DropType() : Rule(kInfo) {}
  void on(const model::DropObject& node, Context& ctx) const override {
    if (node.kind != model::ObjectKind::Type && node.kind != model::ObjectKind::Domain) {
      return;
    }
    const model::Catalog& catalog = ctx.catalog();
    if (catalog.is_new_object(model::ObjectKind::Type, node.name) ||
        catalog.is_new_object(model::ObjectKind::Domain, node.name)) {
      return; // created earlier in this release: no old code knows it
    }
    const std::string_view kind = model::to_string(node.kind);
    const std::string type = node.name.display();
    ctx.report(concat("dropping ", kind, " ", type,
                      " breaks old code that still casts to it or writes columns of it while the "
                      "upgrade rolls out"),
               concat("move columns off ", type, " and stop naming it in the code first; drop the ",
                      kind, " in the contract phase"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DropType)

} // namespace rollsafe
