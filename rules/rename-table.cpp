// rename-table: renaming a table or view that old code still names.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "rename-table",
    .summary = "Renaming a table or view breaks every query that uses the old name",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = PhaseSet::all(),
    .rationale = R"(A rolling upgrade always has two releases of the code serving at once, and
each knows the table by one name only. The moment a table, view or materialized
view is renamed, every query of the release that uses the old name fails with
"relation does not exist"; renaming it later instead breaks the new code until
the migration runs. No phase is safe for a one-step rename. Move the data
instead: create the table under its new name, write to both tables, backfill the
old rows in batches, switch reads to the new table, and drop the old one in the
contract phase. A table created earlier in the same release is not flagged.)",
    .example = R"(ALTER TABLE users RENAME TO customers;)",
    .safe = R"(-- expand
-- Release N: create the new table and write to both (in the code or a trigger).
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
-- migrate
-- Backfill the old rows in batches; release N+1 then reads from customers.
INSERT INTO customers (id, email)
SELECT id, email FROM users WHERE id BETWEEN 1 AND 10000
ON CONFLICT (id) DO NOTHING;
-- contract
-- Release N+2, once nothing reads or writes users any more:
DROP TABLE users;)",
};

class RenameTable final : public Rule, public On<model::RenameObject> {
public:
  RenameTable() : Rule(kInfo) {}
  void on(const model::RenameObject& node, Context& ctx) const override {
    using model::ObjectKind;
    if (node.kind != ObjectKind::Table && node.kind != ObjectKind::View &&
        node.kind != ObjectKind::MaterializedView) {
      return;
    }
    // ALTER TABLE also renames views, so a new object of any of the three kinds counts.
    const model::Catalog& catalog = ctx.catalog();
    if (catalog.is_new_object(ObjectKind::Table, node.object) ||
        catalog.is_new_object(ObjectKind::View, node.object) ||
        catalog.is_new_object(ObjectKind::MaterializedView, node.object)) {
      return;
    }
    const std::string_view kind = model::to_string(node.kind);
    const std::string object = node.object.display();
    ctx.report(concat("renaming ", kind, " ", object, " to ", node.new_name,
                      " breaks every query that still uses the name ", object,
                      " while old and new code both serve"),
               concat("create ", node.new_name, " alongside ", object,
                      ", write to both, backfill in batches, switch reads, then drop ", object,
                      " in the contract phase"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(RenameTable)

} // namespace rollsafe
