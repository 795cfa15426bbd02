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

FileReport::FileReport(const FileReport& other)
    : path(other.path), dialect(other.dialect), phase(other.phase),
      phase_source(other.phase_source), statements(other.statements), failed(other.failed),
      continuation(other.continuation) {
  diagnostics.reserve(other.diagnostics.size());
  for (const Diagnostic& d : other.diagnostics) {
    adopt(diagnostics, d);
  }
  suppressed.reserve(other.suppressed.size());
  for (const Diagnostic& d : other.suppressed) {
    adopt(suppressed, d);
  }
}

FileReport& FileReport::operator=(const FileReport& other) {
  if (this != &other) {
    *this = FileReport(other);
  }
  return *this;
}

Diagnostic FileReport::copy_into(TextStore& store, const Diagnostic& d) {
  Diagnostic kept = d;
  kept.message = store.add(d.message);
  kept.help = store.add(d.help);
  kept.source_line = store.add(d.source_line);
  kept.suppression = store.add(d.suppression);
  return kept;
}

Summary summarize(const std::vector<FileReport>& files) {
  Summary s;
  for (const auto& f : files) {
    s.add(f);
  }
  return s;
}

namespace {

// The indexes 0..n-1 in the stable order of `less` (which compares indexes),
// or none when they are in that order already, as they mostly are: most
// files have no finding or one, and check() sorts a file's findings before
// resolving them, so a list per file would only spell out the identity.
template <class Less> std::vector<size_t> stable_order(size_t n, const Less& less) {
  bool sorted = true;
  for (size_t k = 1; k < n && sorted; ++k) {
    sorted = !less(k, k - 1);
  }
  if (sorted) {
    return {};
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), less);
  return order;
}

// The positions of `diagnostics` in the order of `key` (a byte offset, at most
// the text's size).
template <class Key>
std::vector<size_t> order_by(const std::vector<Diagnostic>& diagnostics, const Key& key) {
  return stable_order(diagnostics.size(), [&](size_t a, size_t b) { return key(a) < key(b); });
}

} // namespace

void resolve_positions(std::string_view text, std::vector<Diagnostic>& diagnostics,
                       TextStore& texts) {
  if (diagnostics.empty()) {
    return;
  }
  const auto size = static_cast<uint32_t>(text.size());
  const auto begin_of = [&](size_t i) { return std::min(diagnostics[i].span.begin, size); };
  const auto end_of = [&](size_t i) {
    return std::clamp(diagnostics[i].span.end, begin_of(i), size);
  };
  // Visited in offset order (the report keeps its own), so that the text is
  // walked once, columns are counted on from the finding before and each
  // line's width is counted once.
  const std::vector<size_t> order = order_by(diagnostics, begin_of); // empty: as they are
  LineWalker starts(text);
  uint32_t counted_line = UINT32_MAX;
  uint32_t counted_columns = 0;
  // The findings whose end is on a later line than their start: their ends are
  // found by a second walk. An end on the start's line is that line's column
  // plus the code points in between (counted per byte, so they add up).
  std::vector<size_t> later_ends;
  // The excerpt copied last: findings on one line (several rules on one
  // statement) share its copy.
  Excerpt copied{};
  std::string_view copied_line;
  for (size_t k = 0; k < diagnostics.size(); ++k) {
    const size_t i = order.empty() ? k : order[k];
    Diagnostic& d = diagnostics[i];
    const uint32_t begin = begin_of(i);
    d.start = starts.position(begin);
    const uint32_t line_begin = starts.begin();
    const uint32_t line_end = starts.end();
    const Excerpt shown = excerpt_around(text, line_begin, line_end, begin);
    if (shown.begin != copied.begin || shown.end != copied.end) {
      copied = shown;
      copied_line = texts.add(text.substr(shown.begin, shown.end - shown.begin));
    }
    d.source_line = copied_line;
    d.source_column = d.start.column - shown.before;
    if (shown.begin == line_begin && shown.end == line_end) {
      d.line_columns = 0;
    } else {
      if (counted_line != line_begin) {
        counted_line = line_begin;
        counted_columns = count_code_points(text.substr(line_begin, line_end - line_begin));
      }
      d.line_columns = counted_columns;
    }
    const uint32_t end = end_of(i);
    const uint32_t caret_end = std::min(end, shown.end);
    const uint32_t caret =
        count_code_points(text.substr(begin, caret_end > begin ? caret_end - begin : 0));
    d.caret_width = std::max<uint32_t>(1, caret);
    if (end == caret_end) {
      d.end = {d.start.line, d.start.column + caret};
    } else if (end <= line_end) {
      d.end = {d.start.line, d.start.column + count_code_points(text.substr(begin, end - begin))};
    } else {
      later_ends.push_back(i);
    }
  }
  if (later_ends.empty()) {
    return;
  }
  // The other ends, in their own offset order.
  if (!std::is_sorted(later_ends.begin(), later_ends.end(),
                      [&](size_t a, size_t b) { return end_of(a) < end_of(b); })) {
    std::stable_sort(later_ends.begin(), later_ends.end(),
                     [&](size_t a, size_t b) { return end_of(a) < end_of(b); });
  }
  LineWalker ends(text);
  for (const size_t i : later_ends) {
    diagnostics[i].end = ends.position(end_of(i));
  }
}

void sort_by_position(std::vector<Diagnostic>& diagnostics) {
  const auto less = [&](size_t a, size_t b) {
    const Diagnostic& x = diagnostics[a];
    const Diagnostic& y = diagnostics[b];
    return x.span.begin != y.span.begin ? x.span.begin < y.span.begin : x.rule < y.rule;
  };
  std::vector<size_t> order = stable_order(diagnostics.size(), less);
  if (order.empty()) {
    return; // in order already
  }
  // Moved into place along the permutation's cycles: only the findings out of
  // place move, each once (plus one per cycle), and no second list is
  // allocated. A stable sort of the findings themselves would move every one
  // through its buffer at each merge. order[k] is where position k's finding
  // is now; a position is marked done by order[k] == k.
  for (size_t k = 0; k < order.size(); ++k) {
    if (order[k] == k) {
      continue;
    }
    const Diagnostic held = diagnostics[k]; // trivially copyable: its texts are views
    size_t at = k;
    while (order[at] != k) {
      const size_t from = order[at];
      diagnostics[at] = diagnostics[from];
      order[at] = at;
      at = from;
    }
    diagnostics[at] = held;
    order[at] = at;
  }
}

} // namespace rollsafe
