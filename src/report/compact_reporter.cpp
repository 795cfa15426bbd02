#include "report/ci_formats.h"

#include <algorithm>
#include <string_view>

namespace rollsafe {

namespace {

// One finding, one line: line breaks inside a message (a quoted identifier
// may hold one) become spaces.
// Writes `text` with line breaks turned into spaces, in runs rather than
// character by character.
void write_one_line(std::ostream& out, std::string_view text) {
  while (!text.empty()) {
    const size_t brk = text.find_first_of("\r\n");
    out.write(text.data(), static_cast<std::streamsize>(std::min(brk, text.size())));
    if (brk == std::string_view::npos) {
      return;
    }
    out.put(' ');
    text.remove_prefix(brk + 1);
  }
}

} // namespace

void write_compact(std::ostream& out, const FileReport& file) {
  for (const Diagnostic& d : file.diagnostics) {
    write_one_line(out, file.path);
    out << ':' << d.start.line << ':' << d.start.column << ": " << to_string(d.severity) << '['
        << d.rule << "]: ";
    write_one_line(out, d.message);
    out << '\n';
  }
}

} // namespace rollsafe
