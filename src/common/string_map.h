// A map (or set) keyed by std::string that is looked up with a std::string_view (C++20
// heterogeneous lookup), so a lookup by a name or path it already has builds no
// string. Used by the catalog (names) and the configuration lookup (folders).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace rollsafe {

// The hash is the one std::hash<std::string> uses: iteration order is unchanged.
// Not noexcept on purpose: libstdc++ then stores each node's hash, as it does
// for std::hash<std::string>, instead of hashing every key again on a rehash
// (measured on the catalog: the noexcept version cost more on inserts than
// lookups saved).
struct StringHash {
  using is_transparent = void;
  // NOLINTNEXTLINE(performance-noexcept-*)
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <class T>
using StringMap = std::unordered_map<std::string, T, StringHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

} // namespace rollsafe
