#include "engine/options.h"

#include <array>
#include <charconv>
#include <string>

namespace rollsafe {

std::string_view to_string(Dialect d) {
  return d == Dialect::Postgres ? "postgres" : "mysql";
}

std::optional<int> parse_server_version(std::string_view text) {
  std::array<int, 3> parts{};
  size_t count = 0;
  const char* p = text.data();
  const char* end = text.data() + text.size();
  while (count < 3) {
    const auto [next, ec] = std::from_chars(p, end, parts[count]);
    if (ec != std::errc() || next == p || parts[count] < 0 || parts[count] > 99) {
      return std::nullopt;
    }
    ++count;
    p = next;
    if (p == end) {
      break;
    }
    if (*p != '.') {
      return std::nullopt;
    }
    ++p;
  }
  if (p != end) {
    return std::nullopt;
  }
  const int major = parts[0];
  if (major < 5 || major > 11) {
    return std::nullopt;
  }
  return major * 10000 + parts[1] * 100 + parts[2];
}

std::string format_server_version(int version) {
  std::string out = std::to_string(version / 10000) + "." + std::to_string(version / 100 % 100);
  if (version % 100 != 0) {
    out += "." + std::to_string(version % 100);
  }
  return out;
}

} // namespace rollsafe
