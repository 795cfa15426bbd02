// `rollsafe:` directives in SQL comments:
//   -- rollsafe: phase=contract                          (before the first statement)
//   -- rollsafe: ignore[rule-id, other-id] reason="..."  (the statement it is in, else the next)
//   -- rollsafe: ignore-file[rule-id] reason="..."       (the whole file)
#pragma once

#include "diagnostics/diagnostic.h"
#include "model/model.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rollsafe {

// Ids of findings the engine itself reports about directives.
inline constexpr std::string_view kInvalidDirectiveRule = "invalid-directive";
inline constexpr std::string_view kUnusedSuppressionRule = "unused-suppression";
inline constexpr std::string_view kUnexplainedSuppressionRule = "unexplained-suppression";

struct Directive {
  enum class Kind : uint8_t { Phase, Ignore, IgnoreFile, Invalid };
  Kind kind = Kind::Invalid;
  model::Span span; // the comment
  Phase phase = Phase::Expand;
  std::vector<std::string> rules;
  std::optional<std::string> reason;
  std::string error; // why an Invalid directive is invalid
};

// The directive in one comment (markers included), or nullopt when the comment
// holds no `rollsafe:` directive at all.
[[nodiscard]] std::optional<Directive> parse_directive(std::string_view comment, model::Span span);

} // namespace rollsafe
