#include "report/reporter.h"

#include <string>
#include <string_view>

namespace rollsafe {

namespace {

struct Palette {
  std::string_view bold, red, yellow, blue, cyan, reset;
};

constexpr Palette kColor{"\x1b[1m",    "\x1b[1;31m", "\x1b[1;33m",
                         "\x1b[1;34m", "\x1b[36m",   "\x1b[0m"};
constexpr Palette kPlain{"", "", "", "", "", ""};

// The padding under `line` up to `column` (1-based, in code points): tabs are
// kept so the caret lines up with what the terminal shows.
std::string caret_padding(std::string_view line, uint32_t column) {
  std::string pad;
  uint32_t col = 1;
  for (size_t i = 0; i < line.size() && col < column; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0U) == 0x80U) {
      continue;
    }
    pad += c == '\t' ? '\t' : ' ';
    ++col;
  }
  return pad;
}

void write_diagnostic(std::ostream& out, const FileReport& file, const Diagnostic& d,
                      const Palette& p, bool suppressed = false) {
  const bool error = d.severity == Severity::Error && !suppressed;
  out << p.bold << file.path << ':' << d.start.line << ':' << d.start.column << ":" << p.reset
      << ' ' << (error ? p.red : p.yellow) << (suppressed ? "suppressed" : to_string(d.severity))
      << '[' << d.rule << ']' << p.reset << p.bold << ": " << d.message << p.reset << '\n';
  const std::string number = std::to_string(d.start.line);
  const std::string gutter(number.size(), ' ');
  // An excerpt of a long line is marked with an ellipsis at each cut end; the
  // caret is placed within the excerpt (its first column is `source_column`).
  const bool cut_front = d.source_column > 1;
  const bool cut_back =
      d.line_columns > 0 && d.source_column - 1 + count_code_points(d.source_line) < d.line_columns;
  constexpr std::string_view kEllipsis = "\u2026";
  out << ' ' << p.blue << number << " |" << p.reset << ' ' << (cut_front ? kEllipsis : "")
      << d.source_line << (cut_back ? kEllipsis : "") << '\n';
  const uint32_t column =
      d.start.column >= d.source_column ? d.start.column - d.source_column + 1 : 1;
  out << ' ' << p.blue << gutter << " |" << p.reset << ' ' << (cut_front ? " " : "")
      << caret_padding(d.source_line, column) << (error ? p.red : p.yellow)
      << std::string(d.caret_width, '^') << p.reset << '\n';
  if (suppressed) {
    out << ' ' << gutter << ' ' << p.cyan << "reason:" << p.reset << ' ' << d.suppression << '\n';
  } else if (!d.help.empty()) {
    out << ' ' << gutter << ' ' << p.cyan << "help:" << p.reset << ' ' << d.help << '\n';
  }
}

std::string plural(uint32_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

} // namespace

void write_text_file(std::ostream& out, const FileReport& file, const TextStyle& style) {
  const Palette& p = style.color ? kColor : kPlain;
  const bool show =
      !file.diagnostics.empty() || (style.show_suppressed && !file.suppressed.empty());
  if (!show) {
    return;
  }
  if (!style.quiet) {
    out << p.bold << file.path << ":" << p.reset << " linted as " << to_string(file.phase) << " ("
        << file.phase_source << ")\n";
  }
  for (const Diagnostic& d : file.diagnostics) {
    write_diagnostic(out, file, d, p);
  }
  if (style.show_suppressed) {
    for (const Diagnostic& d : file.suppressed) {
      write_diagnostic(out, file, d, p, true);
    }
  }
  if (!style.quiet) {
    out << '\n';
  }
}

void write_text_summary(std::ostream& out, const Summary& s, const TextStyle& style) {
  if (style.quiet) {
    return;
  }
  const Palette& p = style.color ? kColor : kPlain;
  out << (s.errors > 0 ? p.red : (s.warnings > 0 ? p.yellow : p.bold)) << plural(s.errors, "error")
      << ", " << plural(s.warnings, "warning") << p.reset << " in " << plural(s.files, "file")
      << " (" << plural(s.statements, "statement") << ")";
  if (s.suppressed > 0) {
    out << "; " << s.suppressed << " suppressed";
  }
  if (style.excluded > 0) {
    out << "; " << plural(style.excluded, "file") << " excluded by configuration";
  }
  if (s.unreadable > 0) {
    out << "; " << plural(s.unreadable, "file") << " could not be read";
  }
  out << '\n';
}

void write_text(std::ostream& out, const std::vector<FileReport>& files, const TextStyle& style) {
  for (const FileReport& file : files) {
    write_text_file(out, file, style);
  }
  write_text_summary(out, summarize(files), style);
}

} // namespace rollsafe
