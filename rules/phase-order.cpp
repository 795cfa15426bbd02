// phase-order: a statement in the wrong phase folder of a history, named with the
// file that should hold it.
#include "engine/rule.h"
#include "rules/support/describe.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <variant>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "phase-order",
    .summary = "A statement sits in the wrong phase folder: name the file that should hold it",
    .severity = Severity::Error,
    .category = Category::Phase,
    .phases = phases(Phase::Expand, Phase::Migrate),
    .rationale = R"(In a history laid out by phase (release folders with expand/, migrate/ and
contract/ inside, or expand_repo/, data_migration_repo/ and contract_repo/),
each folder is applied at its own moment of the deployment: expand before the
new code, migrate while old and new code run side by side, contract once the
old code is gone. A drop of an index or constraint in an expand folder takes
away what the old code, still serving, relies on (a unique index it counts on,
a constraint it expects to catch its mistakes); any schema change in a migrate
folder escapes both the expand review and the contract review, and tools that
check "is the schema up to date" look only at expand and contract. The finding
names the phase folder, or the file, of the same release that should hold the
statement.

Only for layouts with explicit phase folders or repositories (a phase set by a
directive or a file name has no folder to name). To report each statement once,
the statements that an expand-phase rule already reports with its own reason and
the advice to move it to the contract phase (drop-column, drop-table,
drop-view, add-foreign-key, set-not-null, add-check-constraint,
add-unique-constraint) are left to that rule; phase-order reports the other
contract-kind operations in expand folders (dropping an index or a constraint),
and every schema change in migrate folders, where it replaces ddl-in-migrate.)",
    .example = R"(-- file: r01/expand/0001_create_users.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE UNIQUE INDEX users_email_key ON users (email);
-- file: r02/expand/0001_add_login.sql
ALTER TABLE users ADD COLUMN login text;
DROP INDEX users_email_key;
-- file: r02/contract/0001_cleanup.sql
SELECT 1;)",
    .safe = R"(-- file: r01/expand/0001_create_users.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE UNIQUE INDEX users_email_key ON users (email);
-- file: r02/expand/0001_add_login.sql
ALTER TABLE users ADD COLUMN login text;
-- file: r02/contract/0001_cleanup.sql
DROP INDEX users_email_key;)",
};

// Whether a schema change restricts or removes what old code relies on: it
// belongs in contract; any other schema change adds and belongs in expand.
bool contract_kind(const model::Node& node) {
  return std::visit(
      [](const auto& n) {
        using T = std::decay_t<decltype(n)>;
        if constexpr (std::is_same_v<T, model::AddConstraint>) {
          return n.constraint.kind != model::ConstraintKind::PrimaryKey;
        } else {
          return std::is_same_v<T, model::DropObject> || std::is_same_v<T, model::DropColumn> ||
                 std::is_same_v<T, model::DropConstraint> || std::is_same_v<T, model::SetNotNull> ||
                 std::is_same_v<T, model::ValidateConstraint> ||
                 std::is_same_v<T, model::RenameObject> || std::is_same_v<T, model::RenameColumn> ||
                 std::is_same_v<T, model::AlterColumnType> ||
                 std::is_same_v<T, model::RedefineColumn>;
        }
      },
      node);
}

// The folder name a phase has in this layout.
std::string folder(const std::string& layout, Phase phase) {
  if (layout == "phase-repos") {
    return phase == Phase::Expand     ? "expand_repo"
           : phase == Phase::Contract ? "contract_repo"
                                      : "data_migration_repo";
  }
  return std::string(to_string(phase));
}

// The first up-migration file of each release in each phase, indexed once per
// run: scanning every file of the run for each finding was quadratic.
struct FirstFiles {
  bool built = false;
  std::unordered_map<std::string, std::array<const model::FileInfo*, 3>> by_release;
};

// Where a statement of `me` belongs when it belongs in `want`: the first file of
// that phase in the same release, else the phase folder next to `me`'s (the
// same release), else just the phase.
std::string find_destination(Context& ctx, Phase want) {
  const model::FileInfo& me = *ctx.file();
  auto& first = ctx.run_state<FirstFiles>();
  if (!first.built) {
    for (const model::FileInfo* f : ctx.files()) {
      if (f->role == model::FileRole::Up && f->layout_phase) {
        const model::FileInfo*& slot =
            first.by_release[f->release][static_cast<size_t>(*f->layout_phase)];
        slot = slot != nullptr ? slot : f;
      }
    }
    first.built = true;
  }
  if (auto it = first.by_release.find(me.release); it != first.by_release.end()) {
    if (const model::FileInfo* f = it->second[static_cast<size_t>(want)]) {
      return f->path;
    }
  }
  // Replace the last path component naming me's phase folder.
  const std::string mine = "/" + folder(me.layout, *me.layout_phase) + "/";
  const size_t at = ("/" + me.path).rfind(mine);
  if (at != std::string::npos) {
    std::string path = ("/" + me.path).substr(0, at) + "/" + folder(me.layout, want) + "/";
    return path.substr(1) + (me.layout == "phase-repos"
                                 ? " (a new file numbered " + me.release + ")"
                                 : " (a new file)");
  }
  return "the " + std::string(to_string(want)) + " phase";
}

// destination()'s answers for the file being judged, by phase: the same for
// every statement of the file.
struct Destinations {
  std::array<std::optional<std::string>, 3> by_phase;
};

// find_destination(), once per file and phase.
const std::string& destination(Context& ctx, Phase want) {
  std::optional<std::string>& known =
      ctx.file_state<Destinations>().by_phase[static_cast<size_t>(want)];
  if (!known) {
    known = find_destination(ctx, want);
  }
  return *known;
}

class PhaseOrder final : public Rule,
                         public On<model::Statement>,
                         public On<model::DropObject>,
                         public On<model::DropConstraint> {
public:
  PhaseOrder() : Rule(kInfo) {}

  // Migrate folders: every schema change.
  void on(const model::Statement& statement, Context& ctx) const override {
    if (!in(ctx, Phase::Migrate)) {
      return;
    }
    const auto ddl = std::find_if(statement.items.begin(), statement.items.end(),
                                  [](const model::Item& item) { return model::is_ddl(item.node); });
    if (ddl == statement.items.end()) {
      return;
    }
    const bool restricts =
        std::any_of(statement.items.begin(), statement.items.end(),
                    [](const model::Item& item) { return contract_kind(item.node); });
    const Phase want = restricts ? Phase::Contract : Phase::Expand;
    ctx.report(concat("`", describe_ddl(statement.kind, ddl->node), "` belongs in the ",
                      to_string(want), " phase, not in a migrate folder: move it to ",
                      destination(ctx, want)),
               restricts ? "the migrate phase only moves data; drop or restrict in the contract "
                           "step, once the old code is gone"
                         : "the migrate phase only moves data; add in the expand step, before "
                           "the new code that needs it is deployed");
  }

  // Expand folders: the contract-kind operations no expand-phase rule reports.
  void on(const model::DropObject& node, Context& ctx) const override {
    if (node.kind != model::ObjectKind::Index) {
      return; // tables, views, types, schemas: their own expand-phase rules
    }
    if (!in(ctx, Phase::Expand) || ctx.catalog().is_new_object(node.kind, node.name)) {
      return;
    }
    report_expand(ctx,
                  concat("DROP ", upper_ascii(to_string(node.kind)), " ", node.name.display()));
  }
  void on(const model::DropConstraint& node, Context& ctx) const override {
    if (!in(ctx, Phase::Expand) || ctx.is_new_table(node.table)) {
      return;
    }
    report_expand(
        ctx, concat("DROP CONSTRAINT ", model::ident(node.name), " on ", node.table.display()));
  }

private:
  static bool in(const Context& ctx, Phase phase) {
    return ctx.phase() == phase && ctx.file() != nullptr && ctx.file()->layout_phase == phase &&
           (ctx.file()->layout == "release-folders" || ctx.file()->layout == "phase-repos");
  }
  static void report_expand(Context& ctx, std::string_view what) {
    ctx.report(concat("`", what,
                      "` belongs in the contract phase, not in an expand folder: move it to ",
                      destination(ctx, Phase::Contract)),
               "the old code still runs while expand is applied and may rely on it; remove it "
               "in the contract step, once the old code is gone");
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(PhaseOrder)

} // namespace rollsafe
