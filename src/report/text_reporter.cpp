#include "report/reporter.h"

#include <array>
#include <charconv>
#include <initializer_list>
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

// Appends the padding under `line` up to `column` (1-based, in code points):
// tabs are kept so the caret lines up with what the terminal shows.
void append_caret_padding(std::string& out, std::string_view line, uint32_t column) {
  uint32_t col = 1;
  for (size_t i = 0; i < line.size() && col < column; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0U) == 0x80U) {
      continue;
    }
    out += c == '\t' ? '\t' : ' ';
    ++col;
  }
}

// Appends the decimal digits of n.
void append_number(std::string& out, uint32_t n) {
  std::array<char, 10> digits{};
  const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), n);
  out.append(digits.data(), end);
}

// Appends the concatenation of `parts`.
void append(std::string& out, std::initializer_list<std::string_view> parts) {
  for (const std::string_view part : parts) {
    out += part;
  }
}

// One finding, formatted into `out`: the report is built in memory and written
// in one block per file, not through a dozen stream insertions per finding.
void write_diagnostic(std::string& out, const FileReport& file, const Diagnostic& d,
                      const Palette& p, bool suppressed = false) {
  const bool error = d.severity == Severity::Error && !suppressed;
  const std::string_view severity_color = error ? p.red : p.yellow;
  append(out, {p.bold, file.path, ":"});
  append_number(out, d.start.line);
  out += ':';
  append_number(out, d.start.column);
  append(out, {":", p.reset, " ", severity_color,
               suppressed ? std::string_view("suppressed") : to_string(d.severity), "[", d.rule,
               "]", p.reset, p.bold, ": ", d.message, p.reset, "\n"});
  append(out, {" ", p.blue});
  const size_t digits_start = out.size();
  append_number(out, d.start.line);
  const size_t gutter = out.size() - digits_start;
  // An excerpt of a long line is marked with an ellipsis at each cut end; the
  // caret is placed within the excerpt (its first column is `source_column`).
  const bool cut_front = d.source_column > 1;
  const bool cut_back =
      d.line_columns > 0 && d.source_column - 1 + count_code_points(d.source_line) < d.line_columns;
  constexpr std::string_view kEllipsis = "\u2026";
  append(out, {" |", p.reset, " ", cut_front ? kEllipsis : "", d.source_line,
               cut_back ? kEllipsis : "", "\n"});
  const uint32_t column =
      d.start.column >= d.source_column ? d.start.column - d.source_column + 1 : 1;
  append(out, {" ", p.blue});
  out.append(gutter, ' ');
  append(out, {" |", p.reset, " ", cut_front ? " " : ""});
  append_caret_padding(out, d.source_line, column);
  out += severity_color;
  out.append(d.caret_width, '^');
  append(out, {p.reset, "\n"});
  const auto note = [&](std::string_view label, std::string_view text) {
    out += ' ';
    out.append(gutter, ' ');
    append(out, {" ", p.cyan, label, p.reset, " ", text, "\n"});
  };
  if (suppressed) {
    note("reason:", d.suppression);
  } else if (!d.help.empty()) {
    note("help:", d.help);
  }
}

std::string plural(uint32_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

} // namespace

namespace {

// Reports are written out in blocks of about this many bytes: one write() per
// block, not one per file, and a file with a million findings does not hold its
// whole report in memory.
constexpr size_t kBlock = size_t{64} << 10U;

// Appends `file`'s report to `text`, writing `text` out whenever it reaches kBlock.
void append_text_file(std::string& text, std::ostream& out, const FileReport& file,
                      const TextStyle& style) {
  const Palette& p = style.color ? kColor : kPlain;
  const bool show =
      !file.diagnostics.empty() || (style.show_suppressed && !file.suppressed.empty());
  if (!show) {
    return;
  }
  const auto write_out = [&] {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    text.clear();
  };
  if (!style.quiet) {
    append(text, {p.bold, file.path, ":", p.reset, " linted as ", to_string(file.phase), " (",
                  file.phase_source, ")\n"});
  }
  const auto emit = [&](const Diagnostic& d, bool suppressed) {
    write_diagnostic(text, file, d, p, suppressed);
    if (text.size() >= kBlock) {
      write_out();
    }
  };
  for (const Diagnostic& d : file.diagnostics) {
    emit(d, false);
  }
  if (style.show_suppressed) {
    for (const Diagnostic& d : file.suppressed) {
      emit(d, true);
    }
  }
  if (!style.quiet) {
    text += '\n';
  }
}

} // namespace

void write_text_file(std::ostream& out, const FileReport& file, const TextStyle& style) {
  TextWriter(out, style, /*per_file=*/true).file(file);
}

TextWriter::TextWriter(std::ostream& out, const TextStyle& style, bool per_file)
    : out_(out), style_(style), per_file_(per_file) {}

TextWriter::~TextWriter() {
  flush();
}

void TextWriter::file(const FileReport& f) {
  append_text_file(text_, out_, f, style_);
  if (per_file_ || text_.size() >= kBlock) {
    flush();
  }
}

void TextWriter::flush() {
  if (!text_.empty()) {
    out_.write(text_.data(), static_cast<std::streamsize>(text_.size()));
    text_.clear();
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
