// change-column-type: changing the type of a column that old code reads and writes.
#include "engine/rule.h"
#include "rules/support/mysql_online_ddl.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "change-column-type",
    .summary = "Changing a column's type breaks old code and rewrites the table under lock",
    .severity = Severity::Error,
    .category = Category::Compatibility,
    .phases = PhaseSet::all(),
    .rationale = R"(A rolling upgrade always has two releases of the code serving at once. Code
written for the old type may fail on the new one: values it writes may no longer
cast ('abc' into an integer, a too-long string into a shorter varchar), its
drivers and ORMs decode results into the old type, and comparisons change. On top
of that, PostgreSQL rewrites the whole table and rebuilds its indexes for most
type changes, holding an ACCESS EXCLUSIVE lock that blocks every read and write
for the duration. No phase is safe for an in-place change. Known widenings that
need no rewrite and keep old values valid (varchar(n) to a longer varchar or to
text, numeric(p,s) to a larger precision with the same scale) are not flagged
when rollsafe knows the old type, and neither are columns added earlier in the
same release. Otherwise add a column of the new type, write to both, backfill it
in batches, switch reads to it, and drop the old column in the contract phase.
MySQL's MODIFY and CHANGE restate the whole column: rollsafe compares the type
with the one an earlier statement of the release gave the column (integer and
text widenings such as int to bigint keep old code working; the table copy they
cost is alter-table-copy's finding), and when it never saw the column it warns
that it could not see the old type.)",
    .example = R"(ALTER TABLE orders ALTER COLUMN amount TYPE bigint;)",
    .safe = R"(-- expand
-- Release N: add the new column and write to both (in the code or a trigger).
ALTER TABLE orders ADD COLUMN amount_v2 bigint DEFAULT 0;
-- migrate
-- Backfill in batches; release N+1 then reads amount_v2.
UPDATE orders SET amount_v2 = amount WHERE id BETWEEN 1 AND 10000;
-- contract
-- Release N+2, once nothing reads or writes orders.amount any more:
ALTER TABLE orders DROP COLUMN amount;)",
    .mysql_example = R"(CREATE TABLE orders (id bigint PRIMARY KEY, amount int NOT NULL);
-- contract
ALTER TABLE orders MODIFY amount varchar(20) NOT NULL;)",
    .mysql_safe = R"(-- expand
ALTER TABLE orders ADD COLUMN amount_v2 bigint DEFAULT 0, ALGORITHM=INSTANT;
-- migrate
UPDATE orders SET amount_v2 = amount WHERE id BETWEEN 1 AND 10000;
-- contract
ALTER TABLE orders DROP COLUMN amount, ALGORITHM=INPLACE, LOCK=NONE;)",
};

// A type as the model writes it: "varchar(20)", "numeric(10,2)", "text[]".
struct ParsedType {
  std::string_view base;
  std::vector<int> mods; // empty: unconstrained
  bool array = false;
};

std::optional<ParsedType> parse_type(std::string_view type) {
  ParsedType out;
  while (type.ends_with("[]")) {
    out.array = true;
    type.remove_suffix(2);
  }
  const size_t open = type.find('(');
  if (open == std::string_view::npos) {
    out.base = type;
    return out;
  }
  if (!type.ends_with(')')) {
    return std::nullopt;
  }
  out.base = type.substr(0, open);
  std::string_view mods = type.substr(open + 1, type.size() - open - 2);
  while (!mods.empty()) {
    const size_t comma = mods.find(',');
    std::string_view part = mods.substr(0, comma);
    while (part.starts_with(' ')) {
      part.remove_prefix(1);
    }
    int value = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc{} || end != part.data() + part.size()) {
      return std::nullopt;
    }
    out.mods.push_back(value);
    mods = comma == std::string_view::npos ? std::string_view{} : mods.substr(comma + 1);
  }
  return out;
}

// A length or precision modifier that only grows: unconstrained, or at least as large.
bool widens(const std::vector<int>& from, const std::vector<int>& to) {
  if (to.empty()) {
    return true;
  }
  return !from.empty() && to.front() >= from.front();
}

bool is_datetime(std::string_view base) {
  return base == "timestamp" || base == "timestamptz" || base == "time" || base == "timetz";
}

// The change keeps every old value valid and PostgreSQL skips the table rewrite
// (binary-coercible types whose length coercion is a no-op).
bool is_safe_widening(std::string_view from_type, std::string_view to_type) {
  if (from_type == to_type) {
    return true;
  }
  const std::optional<ParsedType> from = parse_type(from_type);
  const std::optional<ParsedType> to = parse_type(to_type);
  if (!from || !to || from->array || to->array) {
    return false;
  }
  const bool from_text = from->base == "varchar" || from->base == "text";
  if (from_text && to->base == "text") {
    return true; // varchar(n), varchar and text all convert to text for free
  }
  if (from_text && to->base == "varchar") {
    return to->mods.empty() || (from->base == "varchar" && widens(from->mods, to->mods));
  }
  if (from->base != to->base) {
    return false;
  }
  if (from->base == "numeric") {
    // The scale must stay; the precision may grow. numeric(p) means numeric(p,0).
    if (to->mods.empty()) {
      return true;
    }
    if (from->mods.empty()) {
      return false;
    }
    const int from_scale = from->mods.size() > 1 ? from->mods[1] : 0;
    const int to_scale = to->mods.size() > 1 ? to->mods[1] : 0;
    return from_scale == to_scale && to->mods[0] >= from->mods[0];
  }
  if (from->base == "varbit") {
    return widens(from->mods, to->mods);
  }
  if (is_datetime(from->base)) {
    constexpr int kMaxPrecision = 6;
    return widens(from->mods, to->mods) || (!to->mods.empty() && to->mods[0] >= kMaxPrecision);
  }
  return false;
}

// MySQL: the type families whose wider members hold every value of the narrower
// ones, narrowest first; moving up within one keeps old values and old code valid.
bool is_mysql_widening(const std::string& from, const std::string& to) {
  static const std::vector<std::vector<std::string_view>> kFamilies = {
      {"tinyint", "smallint", "mediumint", "int", "bigint"},
      {"tinyintunsigned", "smallintunsigned", "mediumintunsigned", "intunsigned", "bigintunsigned"},
      {"tinytext", "text", "mediumtext", "longtext"},
      {"tinyblob", "blob", "mediumblob", "longblob"},
  };
  for (const auto& family : kFamilies) {
    const auto a = std::find(family.begin(), family.end(), from);
    const auto b = std::find(family.begin(), family.end(), to);
    if (a != family.end() && b != family.end()) {
      return a <= b;
    }
  }
  // varchar(n) -> varchar(m >= n), decimal(p,s) -> decimal(q >= p,s): as in PostgreSQL.
  const bool decimal = from.starts_with("decimal") && to.starts_with("decimal");
  return (from.starts_with("varchar(") && to.starts_with("varchar(")) || decimal
             ? is_safe_widening(decimal ? "numeric" + from.substr(7) : from,
                                decimal ? "numeric" + to.substr(7) : to)
             : false;
}

// Room for the message with long names and types, so that it is built without growing.
constexpr size_t kMessageReserve = 256;

class ChangeColumnType final : public Rule,
                               public On<model::AlterColumnType>,
                               public On<model::RedefineColumn> {
public:
  ChangeColumnType() : Rule(kInfo) {}
  void on(const model::AlterColumnType& node, Context& ctx) const override {
    if (ctx.is_new_column(node.table, node.column)) {
      return; // added earlier in this release: no old code knows it
    }
    const std::string old_type = known_type(node.table, node.column, ctx);
    if (!old_type.empty() && !node.has_using && is_safe_widening(old_type, node.new_type)) {
      return;
    }
    report(node.table, node.column, old_type, node.new_type, ctx);
  }

  // MySQL MODIFY/CHANGE restates the type: a change only when it differs from
  // the catalog's; when the catalog never saw the column, a warning that says so.
  void on(const model::RedefineColumn& node, Context& ctx) const override {
    if (ctx.is_new_column(node.table, node.column)) {
      return;
    }
    const model::CatalogTable* table = ctx.catalog().table(node.table);
    const model::CatalogColumn* old = table == nullptr ? nullptr : table->column(node.column);
    if (old == nullptr || old->type.empty()) {
      const std::string table_name = node.table.display();
      const std::string name = model::ident(node.column);
      ctx.report(concat("redefining ", table_name, ".", name, " restates its type as ",
                        node.definition.type,
                        ", and rollsafe could not see the old type (no earlier statement of this "
                        "release defines the column): if it differs, old code that reads or "
                        "writes the old type can break, and ",
                        ctx.server_name(), " copies ", table_name, " while blocking its writes"),
                 concat("keep the type exactly as it is in the database; to change it, add a new "
                        "column of type ",
                        node.definition.type,
                        ", write to both, backfill it in batches, switch reads, then drop ", name,
                        " in the contract phase"),
                 std::nullopt, Severity::Warning);
      return;
    }
    if (!old->enum_values.empty() && !node.definition.enum_values.empty()) {
      return; // ENUM/SET members: enum-values-changed's finding
    }
    const std::string from = normalize_mysql_type(old->type);
    const std::string to = normalize_mysql_type(node.definition.type);
    if (from == to || is_mysql_widening(from, to)) {
      return;
    }
    report(node.table, node.column, old->type, node.definition.type, ctx);
  }

private:
  static std::string known_type(const model::Name& table_name, const std::string& column,
                                const Context& ctx) {
    if (const model::CatalogTable* table = ctx.catalog().table(table_name)) {
      if (const model::CatalogColumn* c = table->column(column)) {
        return c->type;
      }
    }
    return {};
  }

  static void report(const model::Name& table, const std::string& name, const std::string& old_type,
                     const std::string& new_type, Context& ctx) {
    const std::string table_name = table.display();
    std::string message;
    message.reserve(kMessageReserve);
    append_all(message, "changing the type of ", table_name, ".", name,
               old_type.empty() ? "" : " from ", old_type, " to ", new_type,
               " can break old code that reads or writes the old type, and ");
    if (ctx.dialect() == Dialect::MySQL) {
      append_all(message, ctx.server_name(), " copies ", table_name,
                 " while blocking its writes for most type changes");
    } else {
      append_all(message, "PostgreSQL rewrites ", table_name,
                 " under an ACCESS EXCLUSIVE lock for most type changes");
    }
    ctx.report(std::move(message),
               concat("add a new column of type ", new_type, " to ", table_name,
                      ", write to both, backfill it in batches, switch reads, then drop ", name,
                      " in the contract phase"));
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(ChangeColumnType)

} // namespace rollsafe
