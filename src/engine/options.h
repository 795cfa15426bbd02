// Settings that shape one lint run, whether they came from the command line or,
// later, from configuration.
#pragma once

#include "diagnostics/diagnostic.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace rollsafe {

enum class Dialect : uint8_t { Postgres, MySQL };
[[nodiscard]] std::string_view to_string(Dialect d);

struct LintOptions {
  Dialect dialect = Dialect::Postgres;
  std::optional<Phase> phase; // --phase: overrides detection
  int pg_version = 15;        // --pg-version
  bool assume_in_transaction = false;
};

} // namespace rollsafe
