// phase-sync: per-phase repositories whose releases lack a step.
#include "engine/rule.h"

#include <array>
#include <string>
#include <unordered_map>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "phase-sync",
    .summary = "A release of per-phase repositories lacks its expand, migrate or contract step",
    .severity = Severity::Error,
    .category = Category::Phase,
    .phases = PhaseSet::all(),
    .rationale = R"(With per-phase repositories (expand_repo/, data_migration_repo/,
contract_repo/), release N is the files numbered N in each of them, and the
application checks at start-up that the database has applied every expand and
migrate step of its release. That check, and the deployment scripts that run
"expand N, deploy, migrate N, contract N", need every release to have all three
steps, even when one of them has nothing to do: a missing step shifts the
numbering, so the next release's contract is taken for this one's, or the
start-up check waits for a step that never comes. Add an empty file (a
comment) for a step with nothing to do.)",
    .example = R"(-- file: expand_repo/001_add_email.sql
ALTER TABLE users ADD COLUMN email text DEFAULT '';
-- file: contract_repo/001_none.sql
-- nothing to contract)",
    .safe = R"(-- file: expand_repo/001_add_email.sql
ALTER TABLE users ADD COLUMN email text DEFAULT '';
-- file: data_migration_repo/001_none.sql
-- nothing to migrate
-- file: contract_repo/001_none.sql
-- nothing to contract)",
};

struct Release {
  std::array<bool, 3> has{};
  const model::FileInfo* first_judged = nullptr;
};

struct Index {
  bool built = false;
  std::unordered_map<std::string, Release> releases;
};

constexpr std::array<std::string_view, 3> kRepos{"expand_repo", "data_migration_repo",
                                                 "contract_repo"};

class PhaseSync final : public Rule, public On<FileEnd> {
public:
  PhaseSync() : Rule(kInfo) {}
  void on(const FileEnd& /*end*/, Context& ctx) const override {
    const model::FileInfo* me = ctx.file();
    if (me == nullptr || me->layout != "phase-repos" || me->role != model::FileRole::Up) {
      return;
    }
    auto& index = ctx.run_state<Index>();
    if (!index.built) {
      for (const model::FileInfo* f : ctx.files()) {
        if (f->role != model::FileRole::Up || !f->layout_phase) {
          continue;
        }
        Release& r = index.releases[f->release];
        r.has[static_cast<size_t>(*f->layout_phase)] = true;
        if (!f->history && r.first_judged == nullptr) {
          r.first_judged = f;
        }
      }
      index.built = true;
    }
    const auto it = index.releases.find(me->release);
    if (it == index.releases.end() || it->second.first_judged != me) {
      return; // reported once per release, on its first judged file
    }
    std::string missing;
    for (size_t p = 0; p < kRepos.size(); ++p) {
      if (!it->second.has[p]) {
        missing += (missing.empty() ? "" : ", ") + std::string(kRepos[p]) + "/";
      }
    }
    if (missing.empty()) {
      return;
    }
    const std::string version = me->version.empty() ? std::string("of ") + me->path : me->version;
    ctx.report("release " + version + " has no step in " + missing +
                   ": every release needs its expand, migrate and contract step so the "
                   "repositories' versions line up",
               "add a file numbered " + (me->version.empty() ? "like the release" : me->version) +
                   " to " + missing + " (a comment is enough when the step has nothing to do)",
               model::Span{0, 0});
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(PhaseSync)

} // namespace rollsafe
