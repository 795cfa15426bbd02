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

// Room for a message or help text with long names, so that it is built without growing.
constexpr size_t kTextReserve = 320;

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
    // " rewrites all of <table> while holding ...", after what makes it rewrite.
    const auto rewrite = [&](std::string message) {
      append_all(message, " rewrites all of ", table,
                 " while holding an ACCESS EXCLUSIVE lock on it: every read and write of ", table,
                 " waits until the copy and its index rebuilds are done");
      return message;
    };
    const auto start = [&](std::string_view what, std::string_view after = {}) {
      std::string message;
      message.reserve(kTextReserve);
      append_all(message, what, table, ".", name, after);
      return message;
    };

    if (col.serial) {
      ctx.report(rewrite(start("adding serial column ",
                               " fills every existing row from nextval(), so it")),
                 concat("add a plain ", col.type == "bigserial" ? "bigint" : "integer",
                        " column, CREATE SEQUENCE, ALTER COLUMN ", name,
                        " SET DEFAULT nextval('...'), and backfill old rows ", kBackfill));
      return;
    }
    if (col.identity) {
      ctx.report(rewrite(start("adding identity column ", " numbers every existing row, so it")),
                 concat("add a plain nullable column, backfill it ", kBackfill,
                        ", and give it a sequence default (or ADD GENERATED ... AS IDENTITY once "
                        "it is filled)"));
      return;
    }
    if (col.generated_stored) {
      ctx.report(rewrite(start("adding stored generated column ",
                               " computes it for every existing row, so it")),
                 concat("add a plain nullable column, keep it up to date with a trigger or in the "
                        "application, and backfill old rows ",
                        kBackfill));
      return;
    }
    const model::DefaultValue& def = *col.default_value;
    const std::optional<model::Span> at =
        def.span.empty() ? std::nullopt : std::optional<model::Span>(def.span);
    const std::string_view fn =
        def.function.empty() ? std::string_view("the default") : std::string_view(def.function);
    std::string instead;
    instead.reserve(kTextReserve);
    append_all(instead, "add ", name, " without a default, then ALTER TABLE ", table,
               " ALTER COLUMN ", name,
               " SET DEFAULT ... (for new rows only), and backfill old rows ", kBackfill);
    if (def.volatility == model::Volatility::Volatile) {
      std::string message = start("adding ");
      append_all(message, " with the volatile default ", fn,
                 " evaluates it for every existing row, so it");
      ctx.report(rewrite(std::move(message)), std::move(instead), at);
      return;
    }
    if (ctx.pg_version() < 11) {
      std::string message = start("adding ");
      append_all(message, " with a default on PostgreSQL ", std::to_string(ctx.pg_version()),
                 " (before 11 every non-null default is written into each row)");
      instead += "; from PostgreSQL 11 on, constant defaults are instant";
      ctx.report(rewrite(std::move(message)), std::move(instead), at);
      return;
    }
    // The volatility is unknown (an instant default returned above).
    std::string message = start("adding ");
    append_all(message, " with the default ", fn,
               ": rollsafe cannot tell whether it is volatile; if it is, ADD COLUMN");
    ctx.report(rewrite(std::move(message)),
               concat("if ", fn, " is IMMUTABLE or STABLE this is instant; otherwise ", instead),
               at, Severity::Warning);
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(AddColumnRewrite)

} // namespace rollsafe
