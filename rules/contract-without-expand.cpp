// contract-without-expand: a contract drop with no expand step before it.
#include "engine/rule.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "contract-without-expand",
    .summary = "A contract step drops a column or table with no expand step before it",
    .severity = Severity::Warning,
    .category = Category::Phase,
    .phases = phases(Phase::Contract),
    .rationale = R"(A contract step removes what the previous code used, once every node runs code
that no longer needs it. That is only true if an earlier release prepared it:
an expand step that added the replacement (the new column, the new table, the
sync trigger), followed by a deployment whose code stopped using the old one.
A drop in a contract step when neither its own release nor the release before
it has any expand step usually means the code change that stops using the
column or table was never shipped as its own release, so old nodes still read
it while the drop runs. Checked for histories with phase folders or per-phase
repositories; a warning, because a column can also go out of use without any
schema change.)",
    .example = R"(-- file: 2024.01/expand/0001_create_users.sql
CREATE TABLE users (id bigint PRIMARY KEY, nickname text);
-- file: 2024.02/contract/0001_none.sql
-- nothing to contract
-- file: 2024.03/contract/0001_drop_nickname.sql
ALTER TABLE users DROP COLUMN nickname;)",
    .safe = R"(-- file: 2024.01/expand/0001_create_users.sql
CREATE TABLE users (id bigint PRIMARY KEY, nickname text);
-- file: 2024.02/expand/0001_add_display_name.sql
ALTER TABLE users ADD COLUMN display_name text DEFAULT '';
-- file: 2024.02/contract/0001_drop_nickname.sql
ALTER TABLE users DROP COLUMN nickname;)",
};

struct Index {
  bool built = false;
  std::unordered_map<std::string, size_t> release_rank; // release -> position among releases
  std::vector<bool> has_expand;                         // by rank
};

class ContractWithoutExpand final : public Rule,
                                    public On<model::DropColumn>,
                                    public On<model::DropObject> {
public:
  ContractWithoutExpand() : Rule(kInfo) {}
  void on(const model::DropColumn& node, Context& ctx) const override {
    if (!ctx.is_new_column(node.table, node.column) && unprepared(ctx)) {
      ctx.report(concat("contract drops column ", node.table.column(node.column),
                        ", but neither this release nor the one before it has an expand step: "
                        "was the code that stops using it ever shipped on its own?"),
                 help());
    }
  }
  void on(const model::DropObject& node, Context& ctx) const override {
    if (node.kind == model::ObjectKind::Table && !ctx.is_new_table(node.name) && unprepared(ctx)) {
      ctx.report(concat("contract drops table ", node.name.display(),
                        ", but neither this release nor the one before it has an expand step: "
                        "was the code that stops using it ever shipped on its own?"),
                 help());
    }
  }

private:
  static std::string help() {
    return "ship the code that stops using it (with an expand step adding any replacement) in "
           "one release, and drop it in the contract step of a later one";
  }
  static bool unprepared(Context& ctx) {
    const model::FileInfo* me = ctx.file();
    if (me == nullptr || (me->layout != "release-folders" && me->layout != "phase-repos")) {
      return false;
    }
    auto& index = ctx.run_state<Index>();
    if (!index.built) {
      for (const model::FileInfo* f : ctx.files()) {
        auto [it, inserted] = index.release_rank.try_emplace(f->release, index.has_expand.size());
        if (inserted) {
          index.has_expand.push_back(false);
        }
        if (f->role == model::FileRole::Up && f->layout_phase == Phase::Expand) {
          index.has_expand[it->second] = true;
        }
      }
      index.built = true;
    }
    const auto it = index.release_rank.find(me->release);
    if (it == index.release_rank.end()) {
      return false;
    }
    const size_t rank = it->second;
    return !index.has_expand[rank] && (rank == 0 || !index.has_expand[rank - 1]);
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(ContractWithoutExpand)

} // namespace rollsafe
