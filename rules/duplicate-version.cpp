// duplicate-version: two migrations of one history carry the same version.
#include "engine/rule.h"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "duplicate-version",
    .summary = "Two migration files carry the same version",
    .severity = Severity::Error,
    .category = Category::Phase,
    .phases = PhaseSet::all(),
    .rationale = R"(Migration tools identify a migration by its version: Flyway's V2__, the number
of golang-migrate, dbmate and Rails files, the timestamp of a Diesel folder
(`2019-09-12-100000` is recorded as 20190912100000), the number that pairs the files of a
release in per-phase repositories. Two files with one version are usually two
branches that each added "the next" migration. Flyway refuses to migrate
("Found more than one migration with version 2"), golang-migrate fails or
applies only one of them, and a tool that records applied versions skips the
second file on every database that already has the first, so production and a
fresh database end up with different schemas. Checked across the whole
history, already-applied files included.)",
    .example = R"(-- file: V1__create_users.sql
CREATE TABLE users (id bigint PRIMARY KEY);
-- file: V2__add_email.sql
ALTER TABLE users ADD COLUMN email text DEFAULT '';
-- file: V2__add_locale.sql
ALTER TABLE users ADD COLUMN locale text DEFAULT 'en';)",
    .safe = R"(-- file: V1__create_users.sql
CREATE TABLE users (id bigint PRIMARY KEY);
-- file: V2__add_email.sql
ALTER TABLE users ADD COLUMN email text DEFAULT '';
-- file: V3__add_locale.sql
ALTER TABLE users ADD COLUMN locale text DEFAULT 'en';)",
};

// The identity of a file's version within its layout: versions collide only
// within one group (a phase of per-phase repositories, or all the versions of
// the other versioned layouts). Views into the files' FileInfo, which live for
// the run, so building the index of a long history copies no version.
struct VersionKey {
  static constexpr int8_t kNone = -1;   // not a version that must be unique
  static constexpr int8_t kAll = 3;     // flyway, golang-migrate, diesel, dbmate, numbered, alembic
  static constexpr int8_t kNoPhase = 4; // per-phase repositories, outside a phase folder
  int8_t group = kNone;                 // else the phase's number
  std::string_view version;             // without leading zeros: V01 and V1 are both 1
  bool operator==(const VersionKey&) const = default;
};

struct VersionKeyHash {
  size_t operator()(const VersionKey& k) const {
    return std::hash<std::string_view>{}(k.version) ^ static_cast<size_t>(k.group);
  }
};

// Group kNone when the layout has no versions that must be unique (release
// folders, Sqitch's change names).
VersionKey version_key(const model::FileInfo& f) {
  if (f.role != model::FileRole::Up || f.version.empty()) {
    return {};
  }
  // Diesel compares its versions as text (the folders' versions, dashes left
  // out): `0009_a/` and `9_b/` are two versions.
  if (f.layout == "diesel") {
    return {VersionKey::kAll, f.version};
  }
  const size_t nz = f.version.find_first_not_of('0');
  const std::string_view version =
      nz == std::string::npos ? std::string_view("0") : std::string_view(f.version).substr(nz);
  if (f.layout == "phase-repos") {
    return {f.layout_phase ? static_cast<int8_t>(*f.layout_phase) : VersionKey::kNoPhase, version};
  }
  if (f.layout == "flyway" || f.layout == "golang-migrate" || f.layout == "dbmate" ||
      f.layout == "numbered" || f.layout == "alembic") {
    return {VersionKey::kAll, version};
  }
  return {};
}

struct Index {
  bool built = false;
  // key -> the first file with it
  std::unordered_map<VersionKey, const model::FileInfo*, VersionKeyHash> first;
};

class DuplicateVersion final : public Rule, public On<FileEnd> {
public:
  DuplicateVersion() : Rule(kInfo) {}
  void on(const FileEnd& /*end*/, Context& ctx) const override {
    const model::FileInfo* me = ctx.file();
    if (me == nullptr) {
      return;
    }
    const VersionKey key = version_key(*me);
    if (key.group == VersionKey::kNone) {
      return;
    }
    auto& index = ctx.run_state<Index>();
    if (!index.built) {
      for (const model::FileInfo* f : ctx.files()) {
        if (const VersionKey k = version_key(*f); k.group != VersionKey::kNone) {
          index.first.try_emplace(k, f);
        }
      }
      index.built = true;
    }
    const auto it = index.first.find(key);
    if (it == index.first.end() || it->second == me || it->second->path == me->path) {
      return;
    }
    ctx.report("version " + me->version + " is also the version of " + it->second->path + ": " +
                   me->layout + " refuses to run, or applies only one of them",
               // A Diesel migration's version is its folder's name.
               me->layout == "diesel"
                   ? "give this migration the next free version (rename its folder)"
                   : "give this migration the next free version (rename the file)",
               model::Span{0, 0});
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(DuplicateVersion)

} // namespace rollsafe
