#include "engine/run.h"

#include "common/last_slash.h"
#include "common/string_map.h"
#include "engine/linter.h"
#include "engine/workers.h"
#include "source/discover.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <deque>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace rollsafe {

namespace {

// How many files may be prepared ahead of the one being judged, per thread:
// enough to keep every core parsing while the judging thread catches up, few
// enough that memory stays flat in the number of files.
constexpr size_t kAheadPerThread = 8;

// The index of the history being judged before the first file.
constexpr size_t kBeforeFirst = std::numeric_limits<size_t>::max();

// The file not yet prepared in any slot.
constexpr size_t kNoFile = std::numeric_limits<size_t>::max();

struct Slot {
  std::optional<PreparedFile> file;
  std::string error; // why it could not be read or parsed
  // The file prepared in it (its index), once it is: stored last, with
  // release, so the judging thread that reads it (acquire) sees the rest.
  std::atomic<size_t> ready{kNoFile};
};

} // namespace

unsigned job_count(unsigned requested) {
  return requested != 0 ? requested : usable_cpus();
}

// Files are prepared (read, checked, parsed, lowered) by every thread, each
// taking the next file in order, at most a window ahead of the judging. The
// calling thread alone judges them, in order, as they become ready, and
// prepares files itself while the next one is not ready: the rules and the
// catalog see the files one at a time, in order, exactly as a single thread
// would, and their memory stays in one core's caches.
RunResult run_lint(RunInput input, ConfigResolver& configs, const ReportSink& sink) {
  RunResult result;
  std::vector<SourceUnit> units = std::move(input.units);
  if (units.empty()) {
    for (const std::string& f : input.files) {
      units.push_back(single_file_unit(f));
    }
  }
  RunShared shared;
  // Where each history's units start (they come grouped by history), and one
  // past the last unit.
  std::vector<size_t> history_starts;
  for (size_t i = 0; i < units.size(); ++i) {
    model::FileInfo& info = units[i].info;
    info.path = std::move(units[i].path); // read from here on: units[i].path is moved-from
    info.position = i;
    info.complete_history = input.schema.has_value() || info.layout != "files";
    if (i == 0 || info.history_index != units[i - 1].info.history_index) {
      history_starts.push_back(i);
    }
  }
  const size_t files = units.size();
  history_starts.push_back(files);
  const size_t n = files + (input.stdin_text ? 1 : 0);
  // Standard input is judged last, with the files named one by one when there
  // are any (they are the last history), else as a history of its own.
  const bool stdin_alone = files == 0 || units.back().info.layout != "files";

  // Each file's settings, resolved up front: a bad configuration stops the run
  // (ConfigError) before anything is linted. Files of one folder share their
  // settings unless a configuration's globs tell them apart: the resolver is
  // asked once per folder (as written), and its answer kept here, since a
  // layout's order (by version) may go back and forth between folders.
  std::vector<const FileSettings*> settings(n);
  std::deque<FileSettings> own; // the settings that depend on a file's path
  {
    StringMap<const FileSettings*> by_folder; // nullptr: they depend on the path
    const std::pair<const std::string, const FileSettings*>* last = nullptr;
    for (size_t i = 0; i < n; ++i) {
      const std::string& path = i < files ? units[i].info.path : input.stdin_name;
      const std::string_view folder = std::string_view(path).substr(0, last_slash(path) + 1);
      if (last == nullptr || folder != last->first) {
        auto it = by_folder.find(folder);
        if (it == by_folder.end()) {
          it = by_folder.emplace(std::string(folder), configs.shared_settings_for(path)).first;
        }
        last = &*it;
      }
      settings[i] =
          last->second != nullptr ? last->second : &own.emplace_back(configs.settings_for(path));
    }
  }

  model::Catalog catalog;
  if (input.schema) {
    // The dump's objects have served traffic: its own release, so nothing in it is new.
    Linter linter(settings.empty() ? Dialect::Postgres : settings.front()->options.dialect);
    const FileSettings schema_settings =
        settings.empty() ? FileSettings{} : configs.settings_for(*input.schema);
    std::string text = read_file(*input.schema);
    blank_psql_meta_commands(text);
    PreparedFile dump =
        linter.prepare(*input.schema, std::move(text), schema_settings, Defer::Never);
    for (const PreparedFile::Event& e : dump.events) {
      if (e.syntax_error) {
        throw InputError("cannot read the schema dump '" + *input.schema + "': " + e.message);
      }
    }
    model::FileInfo info;
    info.release = "--schema";
    linter.replay(std::move(dump), catalog, info);
  }
  // Each history starts from the dump (or from nothing): kept for the second
  // history on, when there is one.
  const size_t histories = history_starts.size() - 1 + (input.stdin_text && stdin_alone ? 1 : 0);
  const model::Catalog start = histories > 1 && input.schema ? catalog : model::Catalog{};

  // The file being judged (all before it are): written by the judging thread
  // alone, with release once the file's slot is emptied.
  std::atomic<size_t> judged{0};
  WaitPoint window_open; // judged moved on (see window_step)
  WaitPoint file_ready;  // a slot became ready
  std::atomic<size_t> next{0};

  unsigned jobs = job_count(input.jobs);
  jobs = static_cast<unsigned>(std::max<size_t>(1, std::min<size_t>(jobs, n)));
  const size_t window = kAheadPerThread * jobs;
  // A preparer that has to sleep for the window sleeps until it has this many
  // files of room, and the judging thread tells sleepers only when `judged`
  // reaches a multiple of it: one wake per step, not one per file judged (a
  // wake per file, each a futex call on both sides and, on a VM, an IPI to a
  // halted vCPU, kept the judging thread the slower one for the whole run).
  const size_t window_step = std::max<size_t>(1, window / 2);
  // Polling while waiting pays only when every thread has a core of its own.
  const bool poll = jobs <= usable_cpus();
  // A file is prepared only once the file `window` places before it is judged,
  // so `window` slots serve them all, file i in slot i % window: memory (and
  // page faults) do not grow with the number of files. A slot is ready for
  // file i when it names i.
  std::vector<Slot> slots(std::min(n, window));
  const auto slot_of = [&](size_t i) -> Slot& { return slots[i % slots.size()]; };
  // Releases what file i's slot holds, once the file is judged.
  const auto empty_slot = [&](size_t i) {
    Slot& slot = slot_of(i);
    slot.file.reset();
    slot.error.clear();
  };
  // One thread judges each file right after preparing it: it may as well lower
  // each statement as it judges it.
  const Defer defer = jobs == 1 ? Defer::All : Defer::Large;

  // Whether file i is prepared.
  const auto is_ready = [&](size_t i) {
    return slot_of(i).ready.load(std::memory_order_acquire) == i;
  };
  // File i is prepared: the judging thread may take it.
  const auto mark_ready = [&](size_t i) {
    slot_of(i).ready.store(i, std::memory_order_release);
    file_ready.notify_all();
  };

  // Linters, one per thread and dialect, made on first use.
  using Linters = std::array<std::unique_ptr<Linter>, 2>;
  const auto linter_for = [&](Linters& linters, size_t i) -> Linter& {
    auto& linter = linters[static_cast<size_t>(settings[i]->options.dialect)];
    if (!linter) {
      linter = std::make_unique<Linter>(settings[i]->options.dialect);
    }
    return *linter;
  };

  // Reports wait here while a pending finding in them, or in a report before
  // them, is undecided (Context::report_pending), and leave in order. Only
  // diagnostics are held, from the first undecided file on: usually nothing.
  // Used by the judging thread only.
  std::deque<std::pair<size_t, FileReport>> held;
  // At most this many reports wait. Past it (a finding that stays undecided to
  // the end, such as a trigger never dropped, early in a long history), the
  // reports leave in order without their undecided findings, which wait alone
  // and, if they stand, leave after the last file as a second report of their
  // file. So memory does not grow with the number of files.
  constexpr size_t kMaxHeld = 64;
  std::vector<std::pair<size_t, FileReport>> late;
  // Whether diagnostic d is one of `list`, the pending findings of its file.
  const auto one_of = [](const std::vector<RunShared::Pending>& list, const Diagnostic& d) {
    return std::any_of(list.begin(), list.end(), [&](const RunShared::Pending& p) {
      return p.rule == d.rule && p.offset == d.span.begin;
    });
  };
  const auto drop_withdrawn = [&](size_t i, FileReport& report) {
    const std::vector<RunShared::Pending> withdrawn = shared.take_withdrawn(i);
    if (!withdrawn.empty()) {
      const auto is_withdrawn = [&](const Diagnostic& d) { return one_of(withdrawn, d); };
      std::erase_if(report.diagnostics, is_withdrawn);
      std::erase_if(report.suppressed, is_withdrawn);
    }
  };
  // Moves the diagnostics of `from` that are in `open` to the end of `into`
  // (a list of `to`, whose store gets their texts), both in their order. In
  // one pass, in place: a report spills when the window is full, which on a
  // long history is nearly every report, and std::stable_partition would
  // allocate a buffer of the whole list and move every finding through it
  // (the rest of the list only closes the gap).
  const auto move_open = [&](const std::vector<RunShared::Pending>& open,
                             std::vector<Diagnostic>& from, FileReport& to,
                             std::vector<Diagnostic>& into) {
    auto kept = from.begin();
    for (auto it = from.begin(); it != from.end(); ++it) {
      if (one_of(open, *it)) {
        to.adopt(into, *it);
      } else {
        if (kept != it) {
          *kept = *it;
        }
        ++kept;
      }
    }
    from.erase(kept, from.end());
  };
  // Report i leaves: what was withdrawn from it is dropped, the rest counted and written.
  const auto leave = [&](size_t i, FileReport& report) {
    drop_withdrawn(i, report);
    result.summary.add(report);
    sink(std::move(report));
  };
  const auto flush = [&](bool all) {
    const bool spill = held.size() > kMaxHeld;
    while (!held.empty() && (all || spill || !shared.undecided(held.front().first))) {
      const size_t i = held.front().first;
      FileReport report = std::move(held.front().second);
      held.pop_front();
      if (spill && shared.undecided(i)) {
        const std::vector<RunShared::Pending> open = shared.undecided_in(i);
        FileReport rest;
        rest.path = report.path;
        rest.dialect = report.dialect;
        rest.phase = report.phase;
        rest.phase_source = report.phase_source;
        rest.continuation = true;
        move_open(open, report.diagnostics, rest, rest.diagnostics);
        move_open(open, report.suppressed, rest, rest.suppressed);
        late.emplace_back(i, std::move(rest));
      }
      leave(i, report);
    }
  };

  // The history being judged: its index among history_starts.
  size_t current = kBeforeFirst;
  // What is still pending in the history judged so far stands, and its held
  // reports leave. On the judging thread.
  const auto end_history = [&]() {
    shared.decide_all();
    flush(true);
    for (auto& [i, report] : late) {
      drop_withdrawn(i, report);
      if (report.diagnostics.empty() && report.suppressed.empty()) {
        continue;
      }
      result.summary.add(report); // a continuation: its findings, not another file
      sink(std::move(report));
    }
    late.clear();
  };
  // Ends the history being judged, if any; the next starts from `start`, with
  // rule state of its own and only its files in Context::files().
  const auto next_history = [&]() {
    if (current != kBeforeFirst) {
      end_history();
      shared.state.clear();
      catalog = start;
    }
    current = current == kBeforeFirst ? 0 : current + 1;
    shared.files.clear();
    if (current + 1 < history_starts.size()) {
      shared.files.reserve(history_starts[current + 1] - history_starts[current]);
      for (size_t i = history_starts[current]; i < history_starts[current + 1]; ++i) {
        shared.files.push_back(&units[i].info);
      }
    }
  };

  const auto judge = [&](Linters& linters, size_t i) {
    if (i < files ? current == kBeforeFirst || i == history_starts[current + 1]
                  : stdin_alone && current != kBeforeFirst) {
      next_history();
    }
    // Judged in its slot, where it was prepared (the caller empties the slot):
    // a PreparedFile is eight strings and vectors, and moving it into the slot
    // and out again, with the husks' destructors, was about 1,000
    // instructions per file.
    Slot& slot = slot_of(i);
    std::optional<PreparedFile>& file = slot.file;
    const bool is_stdin = i == files;
    const std::string& path = is_stdin ? input.stdin_name : units[i].info.path;
    const model::FileInfo* info = is_stdin ? nullptr : &units[i].info;
    if (settings[i]->excluded) {
      ++result.excluded;
      return;
    }
    const bool history = info != nullptr && info->history;
    if (history && slot.error.empty()) {
      // Before the boundary: what it did is replayed, nothing is reported. Down
      // and verify scripts change nothing on upgrade.
      if (info->role == model::FileRole::Up || info->role == model::FileRole::Repeatable) {
        linter_for(linters, i).replay(std::move(*file), catalog, *info);
      }
      ++result.history;
      return;
    }
    if (info != nullptr && info->role == model::FileRole::Verify && slot.error.empty()) {
      return; // read-only checks: not linted, not replayed
    }
    // Built where it stays (not a default report that check()'s is moved into):
    // the file's, or an empty one when it could not be read or linted.
    FileReport report = [&] {
      if (slot.error.empty()) {
        try {
          return linter_for(linters, i)
              .check(std::move(*file), catalog, *settings[i], info, &shared);
        } catch (const std::exception& e) {
          slot.error = "internal error while linting '" + path + "': " + e.what();
        }
      }
      return FileReport{};
    }();
    if (!slot.error.empty()) {
      result.errors.push_back(std::move(slot.error));
      if (history) {
        return;
      }
      report.path = path;
      report.failed = true;
    }
    if (info != nullptr && !info->unit.empty() && !report.failed) {
      report.phase_source = info->unit + "; " + report.phase_source;
    }
    if (held.empty() && !shared.undecided(i)) {
      leave(i, report); // nothing waits, before it or in it (the usual case)
      return;
    }
    held.emplace_back(i, std::move(report));
    flush(false);
  };

  // Judges every ready file in order; returns when the next one is not ready.
  const auto judge_ready = [&](Linters& linters) {
    for (size_t i = judged.load(std::memory_order_relaxed); i < n && is_ready(i); ++i) {
      judge(linters, i);
      empty_slot(i);
      judged.store(i + 1, std::memory_order_release); // the slot is free for file i + window
      if ((i + 1) % window_step == 0) {
        window_open.notify_all();
      }
    }
  };

  // Reads, checks, parses and lowers file i into its slot (without marking it
  // ready). The slot is free: the file `window` places before it was judged
  // and its slot emptied before `judged` moved past it.
  const auto prepare = [&](Linters& linters, size_t i) {
    const bool is_stdin = i == files;
    const std::string& path = is_stdin ? input.stdin_name : units[i].info.path;
    Slot& slot = slot_of(i);
    if (!settings[i]->excluded) {
      try {
        std::string text = is_stdin ? *input.stdin_text : read_file(path, input.folders);
        if (!is_stdin) {
          apply_section(units[i], text);
        }
        linter_for(linters, i)
            .prepare_into(slot.file.emplace(), path, std::move(text), *settings[i], defer,
                          is_stdin ? nullptr : &units[i].info);
      } catch (const InputError& e) {
        slot.error = e.what();
      } catch (const std::exception& e) {
        slot.error = "internal error while linting '" + path + "': " + e.what();
      }
    }
  };

  // The other threads prepare files, each the next one not taken, once the
  // window reaches it, and wake the judging thread if it waits for that file.
  const auto preparer = [&]() {
    Linters linters;
    for (size_t i = next++; i < n; i = next++) {
      if (i >= judged.load(std::memory_order_acquire) + window) {
        // Polls for the one slot it needs, then sleeps until there is room for
        // a step of files: a multiple of window_step, which the judging thread
        // reaches and says so.
        const size_t room = i + 1 - window; // `judged` that frees file i's slot
        const size_t step = (room + window_step - 1) / window_step * window_step;
        window_open.wait([&] { return judged.load(std::memory_order_acquire) >= room; }, poll,
                         [&] { return judged.load(std::memory_order_acquire) >= step; });
      }
      prepare(linters, i);
      mark_ready(i);
    }
  };

  // The calling thread judges every file, and while the next one is not ready
  // prepares one it takes. Judging on one thread only keeps the catalog, the
  // rules' state and the report's buffer in its core's caches; when any thread
  // that finished the next file judged, they moved between the cores with the
  // turn (the real migrations at -j2: 6.4 % less wall time, 5.5 % less CPU).
  // It waits only for a file another thread is preparing: the file it took is
  // prepared at once when inside the window, and otherwise lies beyond the
  // next one to judge, which another thread took.
  const auto judge_and_prepare = [&]() {
    Linters linters;
    size_t mine = kNoFile; // a file this thread took and has not prepared yet
    for (;;) {
      judge_ready(linters);
      const size_t first = judged.load(std::memory_order_relaxed); // written here only
      if (first == n) {
        return;
      }
      if (mine == kNoFile) {
        if (const size_t i = next++; i < n) {
          mine = i;
        }
      }
      if (mine != kNoFile && mine < first + window) {
        prepare(linters, mine);
        slot_of(mine).ready.store(mine, std::memory_order_relaxed); // read on this thread
        mine = kNoFile;
        continue;
      }
      file_ready.wait([&] { return is_ready(first); }, poll);
    }
  };

  if (jobs <= 1) {
    // Alone: each file is judged right after it is prepared, with no window to
    // wait for, no lock and no other thread to tell.
    Linters linters;
    for (size_t i = 0; i < n; ++i) {
      prepare(linters, i);
      judge(linters, i);
      empty_slot(i);
    }
  } else {
    // This thread is one of the workers: one thread fewer to start and to end
    // (mimalloc hands back a thread's heap when it ends, 1.4 M instructions).
    // An exception leaving it ends the process, as it would in the others,
    // rather than leave them waiting for files this thread no longer judges.
    // Workers::run gives the same task to every thread, so the task asks
    // which thread it runs on.
    const std::thread::id judging_thread = std::this_thread::get_id();
    const auto work_here = [&]() noexcept {
      if (std::this_thread::get_id() == judging_thread) {
        judge_and_prepare();
      } else {
        preparer();
      }
    };
    if (input.workers != nullptr) {
      input.workers->run(std::min(jobs - 1, input.workers->size()), work_here);
    } else {
      std::vector<std::jthread> threads;
      threads.reserve(jobs - 1);
      for (unsigned t = 1; t < jobs; ++t) {
        threads.emplace_back(work_here);
      }
      work_here();
    }
  }
  // Every file has been judged: what is still pending in the last history stands.
  end_history();
  return result;
}

} // namespace rollsafe
