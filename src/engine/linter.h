// Lints one file: checks the input, decides its phase, parses it with the
// dialect's frontend and runs the rules over each statement as it is lowered.
// One Linter per thread: it owns a frontend and the per-phase handler tables,
// built once and reused for every file.
#pragma once

#include "config/config.h"
#include "diagnostics/diagnostic.h"
#include "engine/options.h"
#include "engine/registry.h"
#include "frontend/frontend.h"
#include "model/catalog.h"

#include <array>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace rollsafe {

// The rule id reserved for input that is not SQL text (NUL bytes, bad UTF-8).
inline constexpr std::string_view kInvalidInputRule = "invalid-input";

class Linter {
public:
  explicit Linter(Dialect dialect);

  // `text` is consumed (the buffer is released when the call returns); `catalog`
  // carries what earlier files of the same release created.
  FileReport lint(const std::string& path, std::string text, model::Catalog& catalog,
                  const FileSettings& settings);

private:
  using Table = std::array<std::vector<Handler>, std::variant_size_v<model::Node>>;
  Dialect dialect_;
  std::unique_ptr<Frontend> frontend_;
  std::array<Table, 3> by_phase_; // handlers enabled in each phase
  std::array<std::vector<Handler>, 3> statement_by_phase_;
  std::array<std::vector<Handler>, 3> file_end_by_phase_;
};

} // namespace rollsafe
