// trigger-not-dropped: a sync trigger or function an expand step creates and no
// later step of the history drops.
#include "engine/rule.h"

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rollsafe {
namespace {

constexpr RuleInfo kInfo{
    .id = "trigger-not-dropped",
    .summary = "A trigger or sync function created in expand is never dropped by a later contract",
    .severity = Severity::Warning,
    .category = Category::Phase,
    .phases = PhaseSet::all(),
    .rationale = R"(An expand step often adds a trigger (and the function it runs) that keeps a new
column or table in sync with the old one while old and new code write side by
side. It is scaffolding: once the old code is gone the new code writes both
shapes itself, and the contract step removes the trigger with the old column.
A sync trigger that is never dropped keeps firing on every write for the life
of the table, doubles the work of each INSERT and UPDATE, and writes a column
the code may have stopped reading, or fails once its source column is dropped.

Judged over the whole history: the finding is reported at the CREATE TRIGGER
(and at the CREATE FUNCTION of a function created in the same expand file as a
trigger: the sync function it runs) once the last file has been seen and
nothing later dropped it, directly or by dropping its table. A drop in any later
step counts, not only in a contract. Only for directories (a file linted on its
own has no later history), and only for the files judged: a trigger created in
the history before --changed-since is not reported. A warning: some triggers
(audit logs, updated_at stamps) are meant to stay; suppress those with a
reason.)",
    .example = R"(-- file: r01/expand/0001_create_users.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- file: r02/expand/0001_add_email_normalized.sql
ALTER TABLE users ADD COLUMN email_normalized text;
CREATE FUNCTION users_sync_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.email_normalized := lower(NEW.email); RETURN NEW; END $$;
CREATE TRIGGER users_sync_email BEFORE INSERT OR UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION users_sync_email();
-- file: r02/contract/0001_none.sql
SELECT 1;)",
    .safe = R"(-- file: r01/expand/0001_create_users.sql
CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- file: r02/expand/0001_add_email_normalized.sql
ALTER TABLE users ADD COLUMN email_normalized text;
CREATE FUNCTION users_sync_email() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.email_normalized := lower(NEW.email); RETURN NEW; END $$;
CREATE TRIGGER users_sync_email BEFORE INSERT OR UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION users_sync_email();
-- file: r02/contract/0001_drop_sync.sql
DROP TRIGGER users_sync_email ON users;
DROP FUNCTION users_sync_email();)",
};

// What is pending, for withdrawing it when its table goes.
struct Pending {
  std::unordered_map<std::string, std::vector<std::string>> triggers_by_table; // table -> keys
};

// Functions created so far in the current expand file, and whether the file
// created a trigger: a function is a sync function when its file does.
struct FileFunctions {
  std::vector<std::pair<std::string, model::Span>> functions; // key, where created
  std::vector<std::string> names;
  bool trigger = false;
};

class TriggerNotDropped final : public Rule,
                                public On<model::CreateObject>,
                                public On<model::DropObject>,
                                public On<FileEnd> {
public:
  TriggerNotDropped() : Rule(kInfo) {}

  void on(const model::CreateObject& node, Context& ctx) const override {
    if (!judged(ctx) || ctx.phase() != Phase::Expand) {
      return;
    }
    if (node.kind == model::ObjectKind::Trigger) {
      const std::string key = trigger_key(node.table, node.name);
      const std::string trigger = model::ident(node.name.name);
      const std::string table = node.table.display();
      ctx.report_pending(key,
                         concat("trigger ", trigger, " on ", table,
                                " is created in an expand step and never dropped later in the "
                                "history: it keeps firing on every write to ",
                                table, " after the rollout"),
                         help("DROP TRIGGER ", trigger, " ON ", table));
      ctx.run_state<Pending>().triggers_by_table[table_key(node.table)].push_back(key);
      ctx.file_state<FileFunctions>().trigger = true;
    } else if (node.kind == model::ObjectKind::Function) {
      auto& mine = ctx.file_state<FileFunctions>();
      mine.functions.emplace_back(function_key(node.name), ctx.item()->span);
      mine.names.push_back(node.name.display());
    }
  }

  void on(const model::DropObject& node, Context& ctx) const override {
    if (!judged(ctx)) {
      return;
    }
    switch (node.kind) {
    case model::ObjectKind::Trigger:
      ctx.withdraw(trigger_key(node.table, node.name));
      break;
    case model::ObjectKind::Function: {
      const std::string key = function_key(node.name);
      ctx.withdraw(key);
      auto& mine = ctx.file_state<FileFunctions>(); // created and dropped in one file
      for (size_t i = mine.names.size(); i-- > 0;) {
        if (mine.functions[i].first == key) {
          mine.functions.erase(mine.functions.begin() + static_cast<std::ptrdiff_t>(i));
          mine.names.erase(mine.names.begin() + static_cast<std::ptrdiff_t>(i));
        }
      }
      break;
    }
    case model::ObjectKind::Table: {
      auto& pending = ctx.run_state<Pending>().triggers_by_table;
      const auto it = pending.find(table_key(node.name));
      if (it != pending.end()) {
        for (const std::string& key : it->second) {
          ctx.withdraw(key);
        }
        pending.erase(it);
      }
      break;
    }
    default:
      break;
    }
  }

  // The functions of an expand file that created a trigger are its sync functions.
  void on(const FileEnd& /*end*/, Context& ctx) const override {
    auto& mine = ctx.file_state<FileFunctions>();
    if (!mine.trigger) {
      return;
    }
    for (size_t i = 0; i < mine.functions.size(); ++i) {
      const std::string& name = mine.names[i];
      ctx.report_pending(mine.functions[i].first,
                         concat("function ", name,
                                " runs a trigger created in this expand step and is never dropped "
                                "later in the history"),
                         help("DROP FUNCTION ", name), mine.functions[i].second);
    }
  }

private:
  static bool judged(const Context& ctx) {
    return ctx.file() != nullptr && ctx.file()->layout != "files";
  }
  static std::string table_key(const model::Name& table) { return table.display(); }
  static std::string trigger_key(const model::Name& table, const model::Name& trigger) {
    return concat("trigger ", table_key(table), " ", model::ident(trigger.name));
  }
  static std::string function_key(const model::Name& function) {
    return concat("function ", function.display());
  }
  // The help, with the statement that drops it (given in pieces).
  template <class... Drop> static std::string help(const Drop&... drop) {
    return concat("once the old code is gone, drop it in a contract step (", drop...,
                  "); if it is meant to stay (an audit or updated_at trigger), suppress this with "
                  "the reason");
  }
};

} // namespace

ROLLSAFE_REGISTER_RULE(TriggerNotDropped)

} // namespace rollsafe
