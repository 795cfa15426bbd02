// Where a path's last '/' is, looked up with memrchr(): std::string_view::rfind
// looks at one char at a time, and the planner, the phase detection and the
// run's settings ask this of every file.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

namespace rollsafe {

// The index of the last '/' of `path`, or npos when it has none.
[[nodiscard]] inline size_t last_slash(std::string_view path) {
  const void* slash = path.empty() ? nullptr : ::memrchr(path.data(), '/', path.size());
  return slash == nullptr ? std::string_view::npos
                          : static_cast<size_t>(static_cast<const char*>(slash) - path.data());
}

} // namespace rollsafe
