#include "report/ci_formats.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace rollsafe {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD"; // U+FFFD

// The code point starting at `text[i]`, and its length; -1 when the bytes there
// are not UTF-8.
int32_t decode(std::string_view text, size_t i, size_t& length) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  length = 1;
  if (b0 < 0x80U) {
    return b0;
  }
  uint32_t cp = 0;
  uint32_t min = 0;
  if ((b0 & 0xE0U) == 0xC0U) {
    length = 2;
    cp = b0 & 0x1FU;
    min = 0x80;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    length = 3;
    cp = b0 & 0x0FU;
    min = 0x800;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    length = 4;
    cp = b0 & 0x07U;
    min = 0x10000;
  } else {
    return -1;
  }
  if (i + length > text.size()) {
    length = 1;
    return -1;
  }
  for (size_t k = 1; k < length; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0U) != 0x80U) {
      length = 1;
      return -1;
    }
    cp = (cp << 6U) | (b & 0x3FU);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    length = 1;
    return -1;
  }
  return static_cast<int32_t>(cp);
}

bool allowed_in_xml(int32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

// Escapes markup, and replaces what XML 1.0 cannot hold (control characters,
// bytes that are not UTF-8) with U+FFFD. In attributes, line breaks and tabs
// are kept as character references (a parser would normalise them to spaces).
std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t length = 1;
    const int32_t cp = decode(text, i, length);
    if (cp < 0 || !allowed_in_xml(cp)) {
      out += kReplacement;
    } else if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '"' && attribute) {
      out += "&quot;";
    } else if (cp == '\n' && attribute) {
      out += "&#10;";
    } else if (cp == '\r') {
      out += "&#13;";
    } else if (cp == '\t' && attribute) {
      out += "&#9;";
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

std::string attr(std::string_view text) {
  return xml_escape(text, true);
}

} // namespace

void write_junit(std::ostream& out, const std::vector<FileReport>& files) {
  uint32_t failures = 0;
  uint32_t errors = 0;
  for (const FileReport& f : files) {
    errors += f.failed ? 1 : 0;
    failures += !f.failed && !f.diagnostics.empty() ? 1 : 0;
  }
  const std::string counts = " tests=\"" + std::to_string(files.size()) + "\" failures=\"" +
                             std::to_string(failures) + "\" errors=\"" + std::to_string(errors) +
                             "\"";
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"rollsafe\"" << counts << ">\n"
      << "  <testsuite name=\"rollsafe\"" << counts << " skipped=\"0\">\n";
  for (const FileReport& f : files) {
    out << R"(    <testcase classname="rollsafe" name=")" << attr(f.path) << '"';
    if (!f.failed && f.diagnostics.empty()) {
      out << "/>\n";
      continue;
    }
    out << ">\n";
    if (f.failed) {
      out << "      <error message=\"could not be read or linted\"/>\n";
    }
    for (const Diagnostic& d : f.diagnostics) {
      std::string text = f.path + ':' + std::to_string(d.start.line) + ':' +
                         std::to_string(d.start.column) + ": " +
                         std::string(to_string(d.severity)) + '[' + std::string(d.rule) + "]: ";
      text += d.message;
      if (!d.help.empty()) {
        text += "\nhelp: ";
        text += d.help;
      }
      out << "      <failure type=\"" << attr(d.rule) << "\" message=\"" << attr(d.message) << "\">"
          << xml_escape(text, false) << "</failure>\n";
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

} // namespace rollsafe
