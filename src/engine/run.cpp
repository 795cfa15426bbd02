#include "engine/run.h"

#include "engine/linter.h"
#include "source/discover.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <unordered_map>
#include <utility>

namespace rollsafe {

namespace {

struct Unit {
  std::vector<size_t> files; // indexes into the input, in lint order
};

} // namespace

RunResult run_lint(const RunInput& input, const LintOptions& options) {
  RunResult result;
  const size_t n = input.files.size() + (input.stdin_text ? 1 : 0);
  result.files.resize(n);
  std::vector<std::string> errors(n);

  // Group files into releases, keeping the order of first appearance.
  std::vector<Unit> units;
  std::unordered_map<std::string, size_t> unit_of;
  for (size_t i = 0; i < input.files.size(); ++i) {
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
    Linter linter(options);
    for (size_t u = next++; u < units.size(); u = next++) {
      model::Catalog catalog;
      for (const size_t i : units[u].files) {
        const bool is_stdin = i == input.files.size();
        const std::string& path = is_stdin ? input.stdin_name : input.files[i];
        try {
          std::string text = is_stdin ? *input.stdin_text : read_file(path);
          result.files[i] = linter.lint(path, std::move(text), catalog);
        } catch (const InputError& e) {
          result.files[i].path = path;
          result.files[i].failed = true;
          errors[i] = e.what();
        } catch (const std::exception& e) {
          result.files[i].path = path;
          result.files[i].failed = true;
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
  for (auto& e : errors) {
    if (!e.empty()) {
      result.errors.push_back(std::move(e));
    }
  }
  return result;
}

} // namespace rollsafe
