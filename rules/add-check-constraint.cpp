// add-check-constraint: a CHECK constraint added while old code still writes the
// table.
#include "engine/rule.h"

#include <algorithm>
#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "add-check-constraint",
    .summary = "A CHECK constraint added in expand makes old code's writes fail",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = phases(Phase::Expand),
    .rationale = R"(A CHECK constraint is enforced on every INSERT and UPDATE from the moment it
exists; NOT VALID only skips the scan of the rows already there. In the expand
phase every node still runs the previous release, whose code was written before
the rule: the first write that breaks it (a negative amount, an empty string, a
NULL for CHECK (col IS NOT NULL)) fails with "violates check constraint", for
users of the old code, while the upgrade rolls out. Add the constraint in the
contract phase, when every node runs code that honours it. On a table created
in the same release no old code writes, and the CHECK is safe.)",
    .example =
        R"(ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;)",
    .safe = R"(-- expand
-- Release N: ship code that never writes orders.amount <= 0.
SELECT 1;
-- migrate
UPDATE orders SET amount = 1 WHERE amount <= 0 AND id BETWEEN 1 AND 10000;
-- contract
ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_amount_positive;)",
};

// Room for the message with long names, so that it is built without growing.
constexpr size_t kMessageReserve = 256;

class AddCheckConstraint final : public Rule, public On<model::AddConstraint> {
public:
  AddCheckConstraint() : Rule(kInfo) {}
  void on(const model::AddConstraint& node, Context& ctx) const override {
    const model::Constraint& check = node.constraint;
    if (check.kind != model::ConstraintKind::Check || ctx.is_new_table(node.table)) {
      return;
    }
    // A check that reads only columns added in this release: old code never writes them.
    if (!check.columns.empty() &&
        std::all_of(check.columns.begin(), check.columns.end(),
                    [&](const std::string& c) { return ctx.is_new_column(node.table, c); })) {
      return;
    }
    const std::string table = node.table.display();
    std::string message;
    message.reserve(kMessageReserve);
    append_all(message, "adding CHECK constraint", check.name.empty() ? "" : " ", check.name,
               " to ", table, " makes ");
    if (check.not_null_column.empty()) {
      append_all(message, "old code's INSERTs and UPDATEs of ", table, " that violate it");
    } else {
      append_all(message, "old code's writes of NULL to ", table, ".",
                 model::ident(check.not_null_column));
    }
    message += " fail while the upgrade rolls out";
    ctx.report(std::move(message),
               ctx.dialect() == Dialect::MySQL
                   ? "ship code that honours the check first; add the constraint in the "
                     "contract phase"
                   : "ship code that honours the check first; add the constraint in the contract "
                     "phase (ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT)");
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(AddCheckConstraint)

} // namespace rollsafe
