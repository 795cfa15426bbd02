#include "report/ci_formats.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>

namespace rollsafe {

namespace {

// FNV-1a, 64 bits: stable across runs, platforms and versions.
class Fnv1a {
public:
  void add(std::string_view bytes) {
    for (const char c : bytes) {
      hash_ = (hash_ ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    }
    // A separator, so that ("ab", "c") and ("a", "bc") differ.
    hash_ = (hash_ ^ 0xFFU) * 0x100000001b3ULL;
  }
  [[nodiscard]] std::string hex() const {
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out(16, '0');
    uint64_t h = hash_;
    for (size_t i = out.size(); i-- > 0; h >>= 4U) {
      out[i] = kHex[h & 0xFU];
    }
    return out;
  }

private:
  uint64_t hash_ = 0xcbf29ce484222325ULL;
};

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

} // namespace

// The fingerprint names a finding independently of its line number, so that
// GitLab matches it across commits that move it: the file, the rule, the text of
// the offending line (indentation aside) and which occurrence of that triple it is.
void write_gitlab(std::ostream& out, const std::vector<FileReport>& files, const SourceRoot& root) {
  nlohmann::ordered_json issues = nlohmann::ordered_json::array();
  for (const FileReport& f : files) {
    const std::string path = root.display(f.path);
    std::map<std::tuple<std::string_view, std::string_view>, uint32_t> seen;
    for (const Diagnostic& d : f.diagnostics) {
      const std::string_view line = trim(d.source_line);
      const uint32_t occurrence = seen[{d.rule, line}]++;
      Fnv1a hash;
      hash.add(path);
      hash.add(d.rule);
      hash.add(line);
      hash.add(std::to_string(occurrence));
      std::string description(d.message);
      if (!d.help.empty()) {
        description += " (help: ";
        description += d.help;
        description += ")";
      }
      issues.push_back({{"description", description},
                        {"check_name", d.rule},
                        {"fingerprint", hash.hex()},
                        {"severity", d.severity == Severity::Error ? "major" : "minor"},
                        {"location", {{"path", path}, {"lines", {{"begin", d.start.line}}}}}});
    }
  }
  out << issues.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

} // namespace rollsafe
