#include "common/concat.h"
#include "report/ci_formats.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace rollsafe {

namespace {

// What GitHub's toolkit escapes in a workflow command's message...
std::string escape_data(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
    case '%':
      out += "%25";
      break;
    case '\r':
      out += "%0D";
      break;
    case '\n':
      out += "%0A";
      break;
    default:
      out += c;
    }
  }
  return out;
}

// ...and in its properties, where ':' and ',' are separators.
std::string escape_property(std::string_view text) {
  std::string out;
  for (const char c : escape_data(text)) {
    switch (c) {
    case ':':
      out += "%3A";
      break;
    case ',':
      out += "%2C";
      break;
    default:
      out += c;
    }
  }
  return out;
}

} // namespace

void write_github(std::ostream& out, const FileReport& f, const SourceRoot& root) {
  const std::string file = escape_property(root.display(f.path));
  if (f.failed) {
    out << "::error file=" << file
        << ",title=rollsafe::" << escape_data(f.path + " could not be read or linted") << '\n';
  }
  for (const Diagnostic& d : f.diagnostics) {
    // An exclusive end at the start of a line ends on the line before.
    uint32_t end_line = d.end.line;
    if (end_line > d.start.line && d.end.column == 1) {
      --end_line;
    }
    out << "::" << (d.severity == Severity::Error ? "error" : "warning") << " file=" << file
        << ",line=" << d.start.line;
    // GitHub takes columns only for an annotation within one line; its end
    // column is the last offending character's.
    if (end_line <= d.start.line) {
      uint32_t last = d.line_columns > 0 ? d.line_columns : count_code_points(d.source_line);
      if (d.end.line == d.start.line) {
        last = d.end.column > d.start.column ? d.end.column - 1 : d.start.column;
      }
      out << ",col=" << d.start.column << ",endLine=" << d.start.line
          << ",endColumn=" << std::max(last, d.start.column);
    } else {
      out << ",endLine=" << end_line;
    }
    out << ",title=" << escape_property("rollsafe " + std::string(d.rule)) << "::"
        << escape_data(d.help.empty() ? std::string(d.message)
                                      : concat(d.message, "\nhelp: ", d.help))
        << '\n';
  }
}

} // namespace rollsafe
