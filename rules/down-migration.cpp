// down-migration: a down / revert / undo / downgrade migration that destroys data.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "down-migration",
    .summary = "A down migration drops or rewrites data written since the upgrade",
    .severity = Severity::Warning,
    .category = Category::Compatibility,
    .phases = PhaseSet::all(),
    .rationale = R"(Down, revert, undo and downgrade migrations (golang-migrate's .down.sql,
dbmate's `-- migrate:down` section, Sqitch's revert/, Flyway's U files, Alembic's
downgrade) run when a release is rolled back. By then the upgraded application
has been writing to the new tables and columns; a down migration that drops
them, truncates or deletes rows, or changes a column's type destroys everything
written since the upgrade, and the old code that comes back cannot use it
anyway. Roll back the code, not the schema: expand-phase changes are compatible
with the old code by construction, so they can stay; restore from a backup when
data really must go back. Warning by default; configure it as an error
([rules] down-migration = "error") to forbid destructive down migrations.)",
    .example = R"(-- file: 000001_create_users.up.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- file: 000001_create_users.down.sql
DROP TABLE users;)",
    .safe = R"(-- file: 000001_create_users.up.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- file: 000001_create_users.down.sql
-- Roll back the code, keep the table: the old release never reads it.
SELECT 1;)",
    .down_files = true,
};

class DownMigration final : public Rule,
                            public On<model::DropObject>,
                            public On<model::DropColumn>,
                            public On<model::AlterColumnType>,
                            public On<model::Truncate>,
                            public On<model::Dml> {
public:
  DownMigration() : Rule(kInfo) {}
  // Only down migrations are reported (most files are not): each handler asks
  // first, before it builds any text.
  void on(const model::DropObject& node, Context& ctx) const override {
    if (down(ctx) &&
        (node.kind == model::ObjectKind::Table || node.kind == model::ObjectKind::Schema ||
         node.kind == model::ObjectKind::MaterializedView)) {
      report(ctx, concat("drops ", model::to_string(node.kind), " ", node.name.display(),
                         " and every row written to it since the upgrade"));
    }
  }
  void on(const model::DropColumn& node, Context& ctx) const override {
    if (down(ctx)) {
      report(ctx, concat("drops column ", node.table.column(node.column),
                         " and every value written to it since the upgrade"));
    }
  }
  void on(const model::AlterColumnType& node, Context& ctx) const override {
    if (down(ctx)) {
      report(ctx, concat("rewrites column ", node.table.column(node.column), " as ", node.new_type,
                         ", converting (or failing on) values written since the upgrade"));
    }
  }
  void on(const model::Truncate& node, Context& ctx) const override {
    if (down(ctx)) {
      report(ctx, concat("truncates ", node.table.display(),
                         ", deleting rows written since the upgrade"));
    }
  }
  void on(const model::Dml& node, Context& ctx) const override {
    if (down(ctx) && (node.kind == model::DmlKind::Delete || node.kind == model::DmlKind::Update)) {
      report(ctx, concat(node.kind == model::DmlKind::Delete ? "deletes" : "rewrites", " rows of ",
                         node.table.display(), " written since the upgrade"));
    }
  }

private:
  static bool down(const Context& ctx) {
    return ctx.file() != nullptr && ctx.file()->role == model::FileRole::Down;
  }
  static void report(Context& ctx, std::string_view what) {
    ctx.report(concat("this down migration ", what),
               "roll back the application, not the schema (the expand-phase change is "
               "compatible with the old code); restore from a backup if data must go back");
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DownMigration)

} // namespace rollsafe
