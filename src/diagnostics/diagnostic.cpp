#include "diagnostics/diagnostic.h"

#include <algorithm>

namespace rollsafe {

std::string_view to_string(Severity s) {
  return s == Severity::Error ? "error" : "warning";
}

std::string_view to_string(Phase p) {
  switch (p) {
  case Phase::Expand:
    return "expand";
  case Phase::Migrate:
    return "migrate";
  case Phase::Contract:
    return "contract";
  }
  return "expand";
}

void Summary::add(const FileReport& f) {
  ++files;
  statements += f.statements;
  suppressed += static_cast<uint32_t>(f.suppressed.size());
  unreadable += f.failed ? 1 : 0;
  for (const auto& d : f.diagnostics) {
    if (d.severity == Severity::Error) {
      ++errors;
    } else {
      ++warnings;
    }
  }
}

Summary summarize(const std::vector<FileReport>& files) {
  Summary s;
  for (const auto& f : files) {
    s.add(f);
  }
  return s;
}

void resolve_positions(std::string_view text, std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) {
    return;
  }
  const LineIndex index(text);
  const auto size = static_cast<uint32_t>(text.size());
  // Columns are counted from the previous finding on the same line when there is
  // one, so many findings on one long line cost one pass over it, not one each.
  uint32_t prev_offset = 0;
  Position prev{0, 0};
  const auto position = [&](uint32_t offset) {
    Position p;
    const uint32_t line_start = index.line_start(offset);
    if (prev.line != 0 && prev_offset >= line_start && prev_offset <= offset) {
      p = {prev.line,
           prev.column + count_code_points(text.substr(prev_offset, offset - prev_offset))};
    } else {
      p = index.position(offset);
    }
    prev = p;
    prev_offset = offset;
    return p;
  };
  for (auto& d : diagnostics) {
    const uint32_t begin = std::min(d.span.begin, size);
    const uint32_t end = std::clamp(d.span.end, begin, size);
    d.start = position(begin);
    const std::string_view line = index.line_text(begin);
    const uint32_t line_start = index.line_start(begin);
    const uint32_t line_end = line_start + static_cast<uint32_t>(line.size());
    const uint32_t caret_end = std::min(end, line_end);
    d.caret_width = std::max<uint32_t>(
        1, count_code_points(text.substr(begin, caret_end > begin ? caret_end - begin : 0)));
    d.end = end <= line_end
                ? Position{d.start.line, d.start.column + (end > begin ? d.caret_width : 0)}
                : index.position(end);
    d.source_line.assign(line);
    prev = d.start;
    prev_offset = begin;
  }
}

} // namespace rollsafe
