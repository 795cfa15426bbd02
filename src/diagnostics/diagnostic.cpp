#include "diagnostics/diagnostic.h"

#include <climits>

#include <algorithm>
#include <cstdint>
#include <numeric>

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
  files += f.continuation ? 0 : 1;
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
  // Visited in offset order (the report keeps its own), so that columns are
  // counted on from the finding before and each line's width is counted once.
  std::vector<size_t> order(diagnostics.size());
  std::iota(order.begin(), order.end(), size_t{0});
  const auto begin_of = [&](size_t i) { return std::min(diagnostics[i].span.begin, size); };
  const auto end_of = [&](size_t i) {
    return std::clamp(diagnostics[i].span.end, begin_of(i), size);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return begin_of(a) < begin_of(b); });
  PositionCursor starts(index, text);
  uint32_t counted_line = UINT32_MAX;
  uint32_t counted_columns = 0;
  for (const size_t i : order) {
    Diagnostic& d = diagnostics[i];
    const uint32_t begin = begin_of(i);
    d.start = starts.at(begin);
    const std::string_view line = index.line_text(begin);
    const uint32_t line_begin = index.line_start(begin);
    const uint32_t line_end = line_begin + static_cast<uint32_t>(line.size());
    const Excerpt shown = excerpt_around(text, line_begin, line_end, begin);
    d.source_line.assign(text.substr(shown.begin, shown.end - shown.begin));
    d.source_column = d.start.column - shown.before;
    if (shown.begin == line_begin && shown.end == line_end) {
      d.line_columns = 0;
    } else {
      if (counted_line != line_begin) {
        counted_line = line_begin;
        counted_columns = count_code_points(line);
      }
      d.line_columns = counted_columns;
    }
    const uint32_t caret_end = std::min(end_of(i), shown.end);
    d.caret_width = std::max<uint32_t>(
        1, count_code_points(text.substr(begin, caret_end > begin ? caret_end - begin : 0)));
  }
  // The ends, in their own offset order.
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return end_of(a) < end_of(b); });
  PositionCursor ends(index, text);
  for (const size_t i : order) {
    diagnostics[i].end = ends.at(end_of(i));
  }
}

} // namespace rollsafe
