// out-of-order: a new migration sorts before one that is already applied.
#include "engine/rule.h"

#include <string>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "out-of-order",
    .summary = "A new migration sorts before a migration that is already applied",
    .severity = Severity::Error,
    .category = Category::Phase,
    .phases = PhaseSet::all(),
    .rationale = R"(Databases that already ran the history have applied every file up to the last
one. A new file whose version sorts before an applied one (a branch that picked
its number before another branch merged, a timestamp from a clock that was
behind) is skipped or refused: Flyway stops with "Detected resolved migration
not applied to database" unless outOfOrder is set, golang-migrate and dbmate
never run it on databases that are past its version, and where it does run, it
runs after the later file on old databases but before it on fresh ones, so the
schema depends on where it was deployed. Reported for files judged with
--changed-since or --history: the files before the boundary are the applied ones.)",
    .example = R"(-- file: V1__create_users.sql
-- rollsafe-test: history
CREATE TABLE users (id bigint PRIMARY KEY);
-- file: V3__add_email.sql
-- rollsafe-test: history
ALTER TABLE users ADD COLUMN email text DEFAULT '';
-- file: V2__add_locale.sql
ALTER TABLE users ADD COLUMN locale text DEFAULT 'en';)",
    .safe = R"(-- file: V1__create_users.sql
-- rollsafe-test: history
CREATE TABLE users (id bigint PRIMARY KEY);
-- file: V3__add_email.sql
-- rollsafe-test: history
ALTER TABLE users ADD COLUMN email text DEFAULT '';
-- file: V4__add_locale.sql
ALTER TABLE users ADD COLUMN locale text DEFAULT 'en';)",
};

// A migration the tool records as applied. Diesel runs only the up.sql of its
// folders, the files the layout gives a version: another file is linted and
// replayed, but no database records it, so it neither is nor follows one.
bool recorded(const model::FileInfo& f) {
  return f.role == model::FileRole::Up && (f.layout != "diesel" || !f.version.empty());
}

struct Index {
  bool built = false;
  const model::FileInfo* last_applied = nullptr; // the last history file that is applied
};

class OutOfOrder final : public Rule, public On<FileEnd> {
public:
  OutOfOrder() : Rule(kInfo) {}
  void on(const FileEnd& /*end*/, Context& ctx) const override {
    const model::FileInfo* me = ctx.file();
    if (me == nullptr || me->history || me->modified || !recorded(*me) || me->layout == "sqitch" ||
        me->layout == "files") {
      return;
    }
    auto& index = ctx.run_state<Index>();
    if (!index.built) {
      for (const model::FileInfo* f : ctx.files()) {
        if (f->history && recorded(*f)) {
          index.last_applied = f;
        }
      }
      index.built = true;
    }
    const model::FileInfo* applied = index.last_applied;
    if (applied == nullptr || applied->position < me->position || applied->path == me->path) {
      return;
    }
    ctx.report("this new migration sorts before " + applied->path +
                   ", which is already applied: databases past that version skip or refuse it",
               "give it a version after " +
                   (applied->version.empty() ? applied->path : applied->version) +
                   // A Diesel migration's version is its folder's name.
                   (me->layout == "diesel" ? " (rename its folder)" : " (rename the file)") +
                   ", so that it runs last everywhere",
               model::Span{0, 0});
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(OutOfOrder)

} // namespace rollsafe
