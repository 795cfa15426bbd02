// What a rule knows besides the node in front of it: the file's phase, the target
// version, the transaction state, what earlier statements of the release created,
// and where to report.
#pragma once

#include "common/concat.h"
#include "config/config.h"
#include "diagnostics/diagnostic.h"
#include "engine/options.h"
#include "model/catalog.h"
#include "model/file_info.h"
#include "model/model.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rollsafe {

class Rule;

// What a history (docs/histories.md: one migration directory's files, of the
// histories a run may hold) shares with its rules: every file of the history
// in order, those before the boundary included (so a rule can see versions and
// phases of files before and after the one it judges), and per-rule state
// that lives for the whole history. The run empties it when the next history
// starts. Files are judged one at a time, so the state needs no lock.
struct RunShared {
  std::vector<const model::FileInfo*> files;
  std::unordered_map<const Rule*, std::shared_ptr<void>> state;
  // Pending findings (Context::report_pending): where each was reported.
  struct Pending {
    size_t file = 0;       // position in the run
    std::string_view rule; // the rule's id (static, like Diagnostic::rule)
    uint32_t offset = 0;   // the diagnostic's span.begin
  };

  // Records an undecided finding under `key` (rule id + the rule's key); a
  // later one under the same key replaces it.
  void add_pending(std::string key, Pending p);
  // Withdraws the finding under `key`, if it is undecided.
  void withdraw(const std::string& key);
  // Whether file `file` has an undecided finding.
  [[nodiscard]] bool undecided(size_t file) const { return keys_.contains(file); }
  // The undecided findings of file `file`.
  [[nodiscard]] std::vector<Pending> undecided_in(size_t file) const;
  // Takes the findings of file `file` withdrawn so far.
  std::vector<Pending> take_withdrawn(size_t file);
  // Every file of the history has been judged: what is still undecided stands.
  void decide_all();

private:
  std::unordered_map<std::string, Pending> pending_; // undecided, by key
  // file -> the keys of its undecided findings (no entry when it has none)
  std::unordered_map<size_t, std::vector<std::string>> keys_;
  std::unordered_map<size_t, std::vector<Pending>> withdrawn_; // file -> withdrawn, until it leaves
  void unlist(const std::string& key, size_t file);
};

class Context {
public:
  using Levels = std::map<std::string, RuleLevel, std::less<>>;
  // Findings go to `report`'s diagnostics, their texts to its store.
  Context(const LintOptions& options, Phase phase, const model::Catalog& catalog,
          FileReport& report, const Levels* levels = nullptr)
      : options_(options), phase_(phase), catalog_(catalog), out_(report.diagnostics),
        texts_(report.texts), levels_(levels) {}

  [[nodiscard]] Phase phase() const { return phase_; }
  [[nodiscard]] Dialect dialect() const { return options_.dialect; }
  [[nodiscard]] int pg_version() const { return options_.pg_version; }
  // MySQL dialect only: MariaDB semantics, and the server version
  // (major * 10000 + minor * 100 + patch: 80029, 101100).
  [[nodiscard]] bool mariadb() const { return options_.mariadb; }
  [[nodiscard]] int mysql_version() const { return options_.mysql_version; }
  // "MySQL 8.0.29", "MariaDB 10.11": the target server, for messages.
  [[nodiscard]] std::string server_name() const {
    return (options_.mariadb ? "MariaDB " : "MySQL ") +
           format_server_version(options_.mysql_version);
  }
  // Inside BEGIN ... COMMIT, or the migration tool wraps every file in a transaction.
  [[nodiscard]] bool in_transaction() const {
    return options_.assume_in_transaction || in_transaction_block_;
  }
  // Which transaction block the statement runs in: 0 outside any, else a number
  // that changes with every BEGIN (the whole file is one block under
  // --assume-in-transaction).
  [[nodiscard]] uint32_t transaction_id() const {
    return in_transaction_block_ ? block_id_ : (options_.assume_in_transaction ? 1 : 0);
  }
  // The file set lock_timeout (MySQL: lock_wait_timeout) before this statement.
  [[nodiscard]] bool lock_timeout_set() const { return lock_timeout_set_; }
  [[nodiscard]] const model::Catalog& catalog() const { return catalog_; }
  // What the directory's layout says about this file (role, version, release);
  // null when the file was linted on its own (a test, standard input).
  [[nodiscard]] const model::FileInfo* file() const { return file_; }
  // Every file of this file's history, in order (empty when a file is linted on its own).
  [[nodiscard]] const std::vector<const model::FileInfo*>& files() const {
    static const std::vector<const model::FileInfo*> none;
    return run_ != nullptr ? run_->files : none;
  }

  // Shorthands for the catalog questions most rules ask.
  [[nodiscard]] bool is_new_table(const model::Name& table) const {
    return catalog_.is_new_table(table);
  }
  [[nodiscard]] bool is_new_column(const model::Name& table, std::string_view column) const {
    return catalog_.is_new_column(table, column);
  }

  [[nodiscard]] const model::Statement& statement() const { return *statement_; }
  // The node being checked; null while a statement-level rule runs.
  [[nodiscard]] const model::Item* item() const { return item_; }

  // Reports a finding of the current rule at the current item, or the statement
  // for statement-level rules, or `span` when given. Rules build `message` and
  // `help` with concat() (common/concat.h), or pass a constant; both are
  // copied into the file's TextStore, so a temporary is fine.
  void report(std::string_view message, std::string_view help, std::optional<model::Span> span = {},
              std::optional<Severity> severity = {});

  // A finding that stands only if nothing later in its history withdraws it: for
  // rules that judge a statement by what the rest of the history does (a
  // trigger created in expand and never dropped). It is reported like any other
  // at the current item (or `span`), and the run holds this file's report back
  // until every pending finding in it is withdrawn or the history's last file is judged,
  // then emits it in order. Outside a run (a file linted on its own) the future
  // is unknown, so nothing is reported. `key` names what is pending for the
  // current rule (unique per rule).
  void report_pending(const std::string& key, std::string_view message, std::string_view help,
                      std::optional<model::Span> span = {});
  // Withdraws the current rule's pending finding `key`, if any.
  void withdraw(const std::string& key);

  // The current rule's own state for this file, created on first use: for rules
  // that decide only once they have seen more of the file (see On<FileEnd>).
  template <class T> T& file_state() {
    auto& slot = state_slot(rule_);
    if (!slot) {
      slot = std::make_shared<T>();
    }
    return *static_cast<T*>(slot.get());
  }

  // The current rule's state for the whole history (like file_state()), for
  // rules that index the history's files once (files()).
  template <class T> T& run_state() {
    auto& slot = run_ != nullptr ? run_->state[rule_] : state_slot(rule_);
    if (!slot) {
      slot = std::make_shared<T>();
    }
    return *static_cast<T*>(slot.get());
  }

  // A value derived from the current statement (and item, for node rules) that
  // several rules need: `Compute(ctx)` runs for the first rule that asks, and
  // the rules after it get the same object. Slots are typed and keyed by the
  // computing function (one slot per function, so two derivations never mix);
  // a slot holds the value for one statement and item, and is recomputed when
  // asked for another item or after the engine moves on to the next statement
  // (begin_statement()). Nothing is computed for rules that do not ask.
  //
  // Compute must give every rule the same answer: it may read the statement,
  // the item, the options and the catalog, and what the file showed before this
  // statement through shared_file_state(), never the asking rule's own state
  // (file_state(), run_state()) or report anything. It may ask for other memos.
  // The reference stays valid until the slot is recomputed (another item, the
  // next statement); its object is then assigned the new value.
  //
  // Example: rules/support/mysql_online_ddl.h classifies an ALTER TABLE's
  // actions once for alter-table-copy and online-ddl-unstated.
  template <auto Compute> const auto& memo() {
    using T = std::decay_t<decltype(Compute(*this))>;
    const void* key = &memo_key<Compute>;
    for (const MemoSlot& slot : memo_) {
      if (slot.key == key) {
        if (slot.statement == statement_number_ && slot.item == item_) {
          return *static_cast<const T*>(slot.value.get());
        }
        break;
      }
    }
    // Computed before the slot is looked up again: Compute may add slots.
    T value = Compute(*this);
    MemoSlot* slot = nullptr;
    for (MemoSlot& s : memo_) {
      if (s.key == key) {
        slot = &s;
      }
    }
    if (slot == nullptr) {
      slot = &memo_.emplace_back();
      slot->key = key;
      slot->value = std::make_shared<T>(std::move(value));
    } else {
      *static_cast<T*>(slot->value.get()) = std::move(value);
    }
    slot->statement = statement_number_;
    slot->item = item_;
    return *static_cast<const T*>(slot->value.get());
  }

  // State for this file that belongs to no rule, one object per type T,
  // created on first use: what memo() computations follow through the file
  // (e.g. SET foreign_key_checks). Each rule's own state is file_state().
  template <class T> T& shared_file_state() {
    auto& slot = state_slot(&type_key<T>);
    if (!slot) {
      slot = std::make_shared<T>();
    }
    return *static_cast<T*>(slot.get());
  }

  // ---- Used by the engine only. ----
  void set_current(const Rule* rule, const model::Statement* statement, const model::Item* item) {
    rule_ = rule;
    statement_ = statement;
    item_ = item;
  }
  // The rules are about to see the next statement: memo() values are stale.
  void begin_statement() { ++statement_number_; }
  void set_in_transaction_block(bool v) {
    if (v && !in_transaction_block_) {
      ++block_id_;
    }
    in_transaction_block_ = v;
  }
  void set_lock_timeout(bool v) { lock_timeout_set_ = v; }
  void set_file(const model::FileInfo* file) { file_ = file; }
  void set_run(RunShared* run) { run_ = run; }

private:
  const LintOptions& options_;
  Phase phase_;
  const model::Catalog& catalog_;
  std::vector<Diagnostic>& out_;
  TextStore& texts_;
  const Levels* levels_; // per-rule levels from the configuration
  const model::FileInfo* file_ = nullptr;
  RunShared* run_ = nullptr;
  const Rule* rule_ = nullptr;
  const model::Statement* statement_ = nullptr;
  const model::Item* item_ = nullptr;
  bool in_transaction_block_ = false;
  uint32_t block_id_ = 1; // the first BEGIN makes it 2, so it never equals the assumed block
  bool lock_timeout_set_ = false;
  // Keyed by the rule (file_state()) or by type_key<T> (shared_file_state()).
  // A file's rules keep state under a handful of keys: a list searched in
  // order costs less than a hash table built and freed for every file.
  std::vector<std::pair<const void*, std::shared_ptr<void>>> state_;
  // The slot of `key` in state_, added empty on first use.
  std::shared_ptr<void>& state_slot(const void* key) {
    for (auto& [k, value] : state_) {
      if (k == key) {
        return value;
      }
    }
    if (state_.empty()) {
      state_.reserve(4); // room for the keys of most files at once
    }
    return state_.emplace_back(key, nullptr).second;
  }

  // A distinct address per type / per computing function.
  template <class T> static constexpr char type_key = 0;
  template <auto Compute> static constexpr char memo_key = 0;
  struct MemoSlot {
    const void* key = nullptr;
    uint64_t statement = 0; // statement_number_ when computed
    const model::Item* item = nullptr;
    std::shared_ptr<void> value;
  };
  std::vector<MemoSlot> memo_; // a handful: one per computing function asked for
  uint64_t statement_number_ = 0;
};

} // namespace rollsafe
