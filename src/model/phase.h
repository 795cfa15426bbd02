// The phases of a rolling upgrade: expand (before the new code rolls out, old
// code serving), migrate (both versions serving; data only), contract (after
// every node runs the new code).
#pragma once

#include <cstdint>
#include <string_view>

namespace rollsafe {

enum class Phase : uint8_t { Expand, Migrate, Contract };
[[nodiscard]] std::string_view to_string(Phase p);

} // namespace rollsafe
