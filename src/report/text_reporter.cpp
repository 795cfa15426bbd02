#include "report/reporter.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
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

// The text report's buffer: a cursor writes into room made once per finding,
// so each piece is a copy without a capacity check, and a short piece (most are:
// punctuation, colours, numbers) is copied inline rather than by a call to memcpy.
char* room(TextBuffer& buf, size_t n) {
  if (buf.used + n > buf.bytes.size()) {
    buf.bytes.resize(std::max(buf.used + n, 2 * buf.bytes.size()));
  }
  return buf.bytes.data() + buf.used;
}

void commit(TextBuffer& buf, const char* end) {
  buf.used = static_cast<size_t>(end - buf.bytes.data());
}

// Copies N bytes from `s` to `w` in one fixed-size load and store.
template <size_t N> [[gnu::always_inline]] inline void copy_fixed(char* w, const char* s) {
  std::array<char, N> chunk; // NOLINT(cppcoreguidelines-pro-type-member-init): filled at once
  std::memcpy(chunk.data(), s, N);
  std::memcpy(w, chunk.data(), N);
}

// Copies `s` to `w` (which has room for it); returns the end of the copy. Up to
// 32 bytes move as two overlapping fixed-size loads and stores.
[[gnu::always_inline]] inline char* put(char* w, std::string_view s) {
  const size_t n = s.size();
  const char* src = s.data();
  if (n > 32) {
    std::memcpy(w, src, n);
  } else if (n >= 16) {
    copy_fixed<16>(w, src);
    copy_fixed<16>(w + n - 16, src + n - 16);
  } else if (n >= 8) {
    copy_fixed<8>(w, src);
    copy_fixed<8>(w + n - 8, src + n - 8);
  } else if (n >= 4) {
    copy_fixed<4>(w, src);
    copy_fixed<4>(w + n - 4, src + n - 4);
  } else {
    for (size_t i = 0; i < n; ++i) {
      w[i] = src[i];
    }
  }
  return w + n;
}

// Copies each of `parts` in turn, each inlined: where a part's size is a
// constant (punctuation, labels, the palette's codes), its copy is a fixed
// load and store and an empty colour code is nothing at all, where a loop over
// a list of views chose the copy by size at run time for every part.
template <class... Parts>
[[gnu::always_inline]] inline char* put_all(char* w, const Parts&... parts) {
  ((w = put(w, std::string_view(parts))), ...);
  return w;
}

// The decimal digits of n.
char* put_number(char* w, uint32_t n) {
  return std::to_chars(w, w + 10, n).ptr;
}

char* put_repeated(char* w, size_t n, char c) {
  std::memset(w, c, n);
  return w + n;
}

// The padding under `line` up to `column` (1-based, in code points): tabs are
// kept so the caret lines up with what the terminal shows. At most one byte per
// byte of `line`.
char* put_caret_padding(char* w, std::string_view line, uint32_t column) {
  // Most lines are ASCII without tabs before the caret: one space per byte.
  const std::string_view before = line.substr(0, std::min<size_t>(column - 1, line.size()));
  if (before.find('\t') == std::string_view::npos && all_ascii(before)) {
    return put_repeated(w, before.size(), ' ');
  }
  uint32_t col = 1;
  for (size_t i = 0; i < line.size() && col < column; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0U) == 0x80U) {
      continue;
    }
    *w++ = c == '\t' ? '\t' : ' ';
    ++col;
  }
  return w;
}

// What a finding adds besides its texts, at most: colours, numbers, gutters,
// punctuation, labels.
constexpr size_t kFindingFrame = 256;

// One finding, formatted into `buf`: the report is built in memory and written
// in one block per file, not through a dozen stream insertions per finding.
// One copy per palette, so that without colours the compiler drops the empty
// colour codes (a third of the pieces) instead of copying nothing at run time.
template <bool Color>
void write_diagnostic(TextBuffer& buf, const FileReport& file, const Diagnostic& d,
                      bool suppressed) {
  constexpr const Palette& p = Color ? kColor : kPlain;
  const std::string_view note_text = suppressed ? std::string_view(d.suppression) : d.help;
  char* w = room(buf, kFindingFrame + file.path.size() + d.rule.size() + d.message.size() +
                          2 * d.source_line.size() + d.caret_width + note_text.size());
  const bool error = d.severity == Severity::Error && !suppressed;
  const std::string_view severity_color = error ? p.red : p.yellow;
  w = put_all(w, p.bold, file.path, ":");
  w = put_number(w, d.start.line);
  *w++ = ':';
  w = put_number(w, d.start.column);
  w = put_all(w, ":", p.reset, " ", severity_color,
              suppressed ? std::string_view("suppressed") : to_string(d.severity), "[", d.rule, "]",
              p.reset, p.bold, ": ", d.message, p.reset, "\n", " ", p.blue);
  const char* digits_start = w;
  w = put_number(w, d.start.line);
  const auto gutter = static_cast<size_t>(w - digits_start);
  // An excerpt of a long line is marked with an ellipsis at each cut end; the
  // caret is placed within the excerpt (its first column is `source_column`).
  const bool cut_front = d.source_column > 1;
  const bool cut_back =
      d.line_columns > 0 && d.source_column - 1 + count_code_points(d.source_line) < d.line_columns;
  constexpr std::string_view kEllipsis = "\u2026";
  w = put_all(w, " |", p.reset, " ", cut_front ? kEllipsis : "", d.source_line,
              cut_back ? kEllipsis : "", "\n", " ", p.blue);
  const uint32_t column =
      d.start.column >= d.source_column ? d.start.column - d.source_column + 1 : 1;
  w = put_repeated(w, gutter, ' ');
  w = put_all(w, " |", p.reset, " ", cut_front ? std::string_view(" ") : std::string_view());
  w = put_caret_padding(w, d.source_line, column);
  w = put(w, severity_color);
  w = put_repeated(w, d.caret_width, '^');
  w = put_all(w, p.reset, "\n");
  if (suppressed || !d.help.empty()) {
    *w++ = ' ';
    w = put_repeated(w, gutter, ' ');
    w = put_all(w, " ", p.cyan,
                suppressed ? std::string_view("reason:") : std::string_view("help:"), p.reset, " ",
                note_text, "\n");
  }
  commit(buf, w);
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

// Writes out what `buf` holds.
void write_out(TextBuffer& buf, std::ostream& out) {
  if (buf.used > 0) {
    out.write(buf.bytes.data(), static_cast<std::streamsize>(buf.used));
    buf.used = 0;
  }
}

// Appends `file`'s report to `buf`, writing it out whenever it reaches kBlock.
void append_text_file(TextBuffer& buf, std::ostream& out, const FileReport& file,
                      const TextStyle& style) {
  const Palette& p = style.color ? kColor : kPlain;
  const bool show =
      !file.diagnostics.empty() || (style.show_suppressed && !file.suppressed.empty());
  if (!show) {
    return;
  }
  if (!style.quiet) {
    const std::string_view phase = to_string(file.phase);
    char* w = room(buf, kFindingFrame + file.path.size() + phase.size() + file.phase_source.size());
    w = put_all(w, p.bold, file.path, ":", p.reset, " linted as ", phase, " (", file.phase_source,
                ")\n");
    commit(buf, w);
  }
  const auto emit = [&](const Diagnostic& d, bool suppressed) {
    if (style.color) {
      write_diagnostic<true>(buf, file, d, suppressed);
    } else {
      write_diagnostic<false>(buf, file, d, suppressed);
    }
    if (buf.used >= kBlock) {
      write_out(buf, out);
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
    *room(buf, 1) = '\n';
    ++buf.used;
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
  if (per_file_ || text_.used >= kBlock) {
    flush();
  }
}

void TextWriter::flush() {
  write_out(text_, out_);
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
