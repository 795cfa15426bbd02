// enum-values-changed: MODIFY/CHANGE of an ENUM or SET column that removes or
// reorders its members, where only appending is safe.
#include "engine/rule.h"
#include "rules/support/mysql_online_ddl.h"

#include <algorithm>
#include <string>
#include <vector>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "enum-values-changed",
    .summary = "Removing or reordering ENUM/SET members breaks old code and stored values",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = PhaseSet::all(),
    .dialects = DialectSet::only(Dialect::MySQL),
    .rationale = R"(MySQL and MariaDB store an ENUM value as the number of its member (1 for the
first) and a SET as a bit per member. Appending members at the end keeps every
stored number meaning what it meant, and old code never writes the new members:
that is safe (and INSTANT while the storage size stays). Removing a member makes
old code's writes of it fail in strict mode ("Data truncated for column"), and
turns rows that hold it into '' (index 0); reordering or inserting members in
the middle changes which member existing numbers mean, and old code that sorts or
compares by the numeric value, or sends the number, gets different rows. Both
also copy the table. While a rolling upgrade runs, old code still writes the old
members in every phase. Append new members in the expand phase; remove members
only in the contract phase, after moving the rows that hold them and once no
code writes them, by adding a column with the final member list, backfilling it,
and dropping the old one. rollsafe compares with the column's members when an
earlier statement of the release defined them; columns it has not seen, and
columns added in the same release, are not reported.)",
    .example =
        R"(CREATE TABLE orders (id bigint PRIMARY KEY, status ENUM('new', 'paid', 'shipped') NOT NULL);
-- contract
ALTER TABLE orders MODIFY status ENUM('new', 'shipped') NOT NULL;)",
    .safe = R"(-- expand
CREATE TABLE orders (id bigint PRIMARY KEY, status ENUM('new', 'paid', 'shipped') NOT NULL);
-- contract
-- Appending at the end keeps every stored value; old code never writes the new member.
ALTER TABLE orders MODIFY status ENUM('new', 'paid', 'shipped', 'refunded') NOT NULL,
  ALGORITHM=INSTANT;)",
};

std::string member_list(const std::vector<std::string>& members) {
  std::string out;
  for (const std::string& m : members) {
    out += (out.empty() ? "'" : ", '") + m + "'";
  }
  return out;
}

class EnumValuesChanged final : public Rule, public On<model::RedefineColumn> {
public:
  EnumValuesChanged() : Rule(kInfo) {}
  void on(const model::RedefineColumn& node, Context& ctx) const override {
    if (ctx.is_new_column(node.table, node.column)) {
      return; // added earlier in this release: no old code writes it
    }
    const model::CatalogTable* table = ctx.catalog().table(node.table);
    const model::CatalogColumn* old = table == nullptr ? nullptr : table->column(node.column);
    const std::vector<std::string>& now = node.definition.enum_values;
    if (old == nullptr || old->enum_values.empty() || now.empty() ||
        appends_members(old->enum_values, now)) {
      return;
    }
    std::vector<std::string> removed;
    for (const std::string& m : old->enum_values) {
      if (std::find(now.begin(), now.end(), m) == now.end()) {
        removed.push_back(m);
      }
    }
    const std::string column = node.table.column(node.column);
    if (!removed.empty()) {
      ctx.report("redefining " + column + " removes " + member_list(removed) +
                     ": old code's writes of " + (removed.size() > 1 ? "them" : "it") +
                     " fail, and rows that hold " + (removed.size() > 1 ? "them" : "it") +
                     " become ''",
                 "keep every member of " + column +
                     " and only append new ones at the end; remove members in the contract "
                     "phase, after moving the rows that hold them and once no code writes them");
      return;
    }
    ctx.report("redefining " + column + " reorders its members (" + member_list(old->enum_values) +
                   " becomes " + member_list(now) +
                   "): existing rows store member numbers, which now mean other members",
               "keep the members of " + column + " in their order (" +
                   member_list(old->enum_values) + ") and append new ones at the end");
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(EnumValuesChanged)

} // namespace rollsafe
