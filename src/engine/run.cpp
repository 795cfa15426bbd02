#include "engine/run.h"

#include "engine/linter.h"
#include "source/discover.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <exception>
#include <memory>
#include <thread>
#include <unordered_map>
#include <utility>

namespace rollsafe {

namespace {

struct Unit {
  std::vector<size_t> files; // indexes into the input, in lint order
};

} // namespace

RunResult run_lint(const RunInput& input, ConfigResolver& configs) {
  RunResult result;
  const size_t n = input.files.size() + (input.stdin_text ? 1 : 0);
  std::vector<FileReport> reports(n);
  std::vector<std::string> errors(n);

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

  std::atomic<size_t> next{0};
  auto worker = [&]() {
    std::array<std::unique_ptr<Linter>, 2> linters; // one per dialect, made on first use
    for (size_t u = next++; u < units.size(); u = next++) {
      model::Catalog catalog;
      for (const size_t i : units[u].files) {
        const bool is_stdin = i == input.files.size();
        const std::string& path = is_stdin ? input.stdin_name : input.files[i];
        try {
          auto& linter = linters[static_cast<size_t>(settings[i].options.dialect)];
          if (!linter) {
            linter = std::make_unique<Linter>(settings[i].options.dialect);
          }
          std::string text = is_stdin ? *input.stdin_text : read_file(path);
          reports[i] = linter->lint(path, std::move(text), catalog, settings[i]);
        } catch (const InputError& e) {
          reports[i].path = path;
          reports[i].failed = true;
          errors[i] = e.what();
        } catch (const std::exception& e) {
          reports[i].path = path;
          reports[i].failed = true;
          errors[i] = "internal error while linting '" + path + "': " + e.what();
        }
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
  for (size_t i = 0; i < n; ++i) {
    if (i < input.files.size() && settings[i].excluded) {
      continue;
    }
    result.files.push_back(std::move(reports[i]));
    if (!errors[i].empty()) {
      result.errors.push_back(std::move(errors[i]));
    }
  }
  return result;
}

} // namespace rollsafe
