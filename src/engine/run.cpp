#include "engine/run.h"

#include "engine/linter.h"
#include "source/discover.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>

namespace rollsafe {

namespace {

struct Unit {
  std::vector<size_t> files; // indexes into the input, in lint order
};

} // namespace

RunResult run_lint(const RunInput& input, ConfigResolver& configs, const ReportSink& sink) {
  RunResult result;
  const size_t n = input.files.size() + (input.stdin_text ? 1 : 0);
  // Reports wait here until every earlier file is done, then go to `sink`.
  std::vector<std::optional<FileReport>> pending(n);
  std::vector<std::string> errors(n);
  std::vector<char> skipped(n, 0);
  std::mutex emit_mutex;
  size_t next_emit = 0;

  // Each file's settings, resolved up front: a bad configuration stops the run
  // (ConfigError) before anything is linted.
  std::vector<FileSettings> settings;
  settings.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    settings.push_back(
        configs.settings_for(i < input.files.size() ? input.files[i] : input.stdin_name));
  }

  // Group files into releases, keeping the order of first appearance.
  std::vector<Unit> units;
  std::unordered_map<std::string, size_t> unit_of;
  for (size_t i = 0; i < input.files.size(); ++i) {
    if (settings[i].excluded) {
      ++result.excluded;
      skipped[i] = 1;
      continue;
    }
    auto [it, inserted] = unit_of.try_emplace(release_key(input.files[i]), units.size());
    if (inserted) {
      units.emplace_back();
    }
    units[it->second].files.push_back(i);
  }
  if (input.stdin_text) {
    units.push_back({{input.files.size()}});
  }

  const auto emit_ready = [&]() {
    while (next_emit < n && (skipped[next_emit] != 0 || pending[next_emit])) {
      if (skipped[next_emit] == 0) {
        result.summary.add(*pending[next_emit]);
        sink(std::move(*pending[next_emit]));
        pending[next_emit].reset();
        if (!errors[next_emit].empty()) {
          result.errors.push_back(std::move(errors[next_emit]));
        }
      }
      ++next_emit;
    }
  };
  const auto done = [&](size_t i, FileReport&& report, std::string error) {
    const std::lock_guard<std::mutex> lock(emit_mutex);
    errors[i] = std::move(error);
    pending[i] = std::move(report);
    emit_ready();
  };

  std::atomic<size_t> next{0};
  auto worker = [&]() {
    std::array<std::unique_ptr<Linter>, 2> linters; // one per dialect, made on first use
    for (size_t u = next++; u < units.size(); u = next++) {
      model::Catalog catalog;
      for (const size_t i : units[u].files) {
        const bool is_stdin = i == input.files.size();
        const std::string& path = is_stdin ? input.stdin_name : input.files[i];
        FileReport report;
        std::string error;
        try {
          auto& linter = linters[static_cast<size_t>(settings[i].options.dialect)];
          if (!linter) {
            linter = std::make_unique<Linter>(settings[i].options.dialect);
          }
          std::string text = is_stdin ? *input.stdin_text : read_file(path);
          report = linter->lint(path, std::move(text), catalog, settings[i]);
        } catch (const InputError& e) {
          error = e.what();
        } catch (const std::exception& e) {
          error = "internal error while linting '" + path + "': " + e.what();
        }
        if (!error.empty()) {
          report = FileReport{};
          report.path = path;
          report.failed = true;
        }
        done(i, std::move(report), std::move(error));
      }
    }
  };

  unsigned jobs = input.jobs != 0 ? input.jobs : std::max(1U, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, units.size()));
  if (jobs <= 1) {
    worker();
  } else {
    std::vector<std::jthread> threads;
    threads.reserve(jobs);
    for (unsigned t = 0; t < jobs; ++t) {
      threads.emplace_back(worker);
    }
  }
  {
    const std::lock_guard<std::mutex> lock(emit_mutex);
    emit_ready();
  }
  return result;
}

} // namespace rollsafe
