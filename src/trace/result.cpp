#include "trace/result.h"

namespace rollsafe::trace {

std::string Result::scalar() const {
  if (rows.empty() || rows.front().empty() || !rows.front().front()) {
    return "";
  }
  return *rows.front().front();
}

std::string Result::text() const {
  std::string out;
  for (const Row& row : rows) {
    std::string line;
    for (const auto& cell : row) {
      line += (line.empty() ? "" : "|") + (cell ? *cell : std::string("∅"));
    }
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

} // namespace rollsafe::trace
