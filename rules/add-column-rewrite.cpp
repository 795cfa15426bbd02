// add-column-rewrite: ADD COLUMN that rewrites a table serving traffic under ACCESS EXCLUSIVE.
#include "engine/rule.h"
#include "rules/support/pg_locks.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "add-column-rewrite",
    .summary = "ADD COLUMN with a volatile default, serial, identity or stored generated column "
               "rewrites the table",
    .severity = Severity::Error,
    .category = Category::Locking,
    .phases = PhaseSet::all(),
    // MySQL adds columns INSTANT/INPLACE; the copying cases (STORED generated, AUTO_INCREMENT) are
    // alter-table-copy's.
    .dialects = DialectSet::only(Dialect::Postgres),
    .rationale = R"(Since PostgreSQL 11, ADD COLUMN with a constant or stable default (a literal,
now(), CURRENT_TIMESTAMP) only records the value in the catalog and is instant.
When every row needs its own value the table is rewritten instead: a volatile
default such as random(), gen_random_uuid(), clock_timestamp() or nextval(), a
serial or identity column, or a GENERATED ALWAYS AS ... STORED column. The rewrite
copies the whole table and rebuilds all its indexes while ALTER TABLE holds an
ACCESS EXCLUSIVE lock, so every read and write of the table, from old and new
application nodes alike, waits for minutes on a large table, in any phase.
Before PostgreSQL 11 any non-null default rewrites. Add the column without the
per-row default, set the default for new rows, and backfill old rows in batches.
Tables created in the same release are fine.)",
    .example = R"(ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();)",
    .safe = R"(-- expand
-- Instant: no default, nothing to rewrite.
ALTER TABLE users ADD COLUMN token uuid;
-- Only rows inserted from now on get a value from the default.
ALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();
-- migrate
-- Backfill old rows in batches, each its own short transaction.
UPDATE users SET token = gen_random_uuid()
  WHERE id IN (SELECT id FROM users WHERE token IS NULL LIMIT 10000);)",
};

constexpr std::string_view kBackfill =
    "in batches of a few thousand rows, each in its own transaction";

class AddColumnRewrite final : public Rule, public On<model::AddColumn> {
public:
  AddColumnRewrite() : Rule(kInfo) {}

  void on(const model::AddColumn& node, Context& ctx) const override {
    if (ctx.is_new_table(node.table)) {
      return;
    }
    const model::ColumnDef& col = node.column;
    // No default, DEFAULT NULL, and from PostgreSQL 11 on constant and stable
    // defaults (literals, now()), stored once: instant. Decided before any
    // message text is built, since most added columns end here.
    if (!col.serial && !col.identity && !col.generated_stored) {
      const model::Volatility v =
          col.default_value ? col.default_value->volatility : model::Volatility::Null;
      if (v == model::Volatility::Null ||
          (v != model::Volatility::Volatile && v != model::Volatility::Unknown &&
           ctx.pg_version() >= 11)) {
        return;
      }
    }
    const std::string table = node.table.display();
    const std::string name = model::ident(col.name);
    const std::string column = table + "." + name;
    const std::string rewrite = " rewrites all of " + table +
                                " while holding an ACCESS EXCLUSIVE lock on it: every read and "
                                "write of " +
                                table + " waits until the copy and its index rebuilds are done";

    if (col.serial) {
      ctx.report("adding serial column " + column + " fills every existing row from nextval(), " +
                     "so it" + rewrite,
                 "add a plain " + std::string(col.type == "bigserial" ? "bigint" : "integer") +
                     " column, CREATE SEQUENCE, ALTER COLUMN " + name +
                     " SET DEFAULT nextval('...'), and backfill old rows " +
                     std::string(kBackfill));
      return;
    }
    if (col.identity) {
      ctx.report("adding identity column " + column + " numbers every existing row, so it" +
                     rewrite,
                 "add a plain nullable column, backfill it " + std::string(kBackfill) +
                     ", and give it a sequence default (or ADD GENERATED ... AS IDENTITY once it "
                     "is filled)");
      return;
    }
    if (col.generated_stored) {
      ctx.report("adding stored generated column " + column +
                     " computes it for every existing row, so it" + rewrite,
                 "add a plain nullable column, keep it up to date with a trigger or in the "
                 "application, and backfill old rows " +
                     std::string(kBackfill));
      return;
    }
    const model::DefaultValue& def = *col.default_value;
    const std::optional<model::Span> at =
        def.span.empty() ? std::nullopt : std::optional<model::Span>(def.span);
    const std::string fn = def.function.empty() ? std::string("the default") : def.function;
    const std::string instead = "add " + name + " without a default, then ALTER TABLE " + table +
                                " ALTER COLUMN " + name + " SET DEFAULT ... (for " +
                                "new rows only), and backfill old rows " + std::string(kBackfill);
    if (def.volatility == model::Volatility::Volatile) {
      ctx.report("adding " + column + " with the volatile default " + fn +
                     " evaluates it for every existing row, so it" + rewrite,
                 instead, at);
      return;
    }
    if (ctx.pg_version() < 11) {
      ctx.report("adding " + column + " with a default on PostgreSQL " +
                     std::to_string(ctx.pg_version()) +
                     " (before 11 every non-null default is written into each row)" + rewrite,
                 instead + "; from PostgreSQL 11 on, constant defaults are instant", at);
      return;
    }
    // The volatility is unknown (an instant default returned above).
    ctx.report("adding " + column + " with the default " + fn +
                   ": rollsafe cannot tell whether it is volatile; if it is, ADD COLUMN" + rewrite,
               "if " + fn + " is IMMUTABLE or STABLE this is instant; otherwise " + instead, at,
               Severity::Warning);
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(AddColumnRewrite)

} // namespace rollsafe
