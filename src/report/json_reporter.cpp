#include "report/reporter.h"

#include <nlohmann/json.hpp>

#include <utility>

namespace rollsafe {

// The format is documented in docs/json-format.md; keep them in step.
void write_json(std::ostream& out, const std::vector<FileReport>& files) {
  nlohmann::ordered_json jfiles = nlohmann::ordered_json::array();
  nlohmann::ordered_json jdiags = nlohmann::ordered_json::array();
  nlohmann::ordered_json jsuppressed = nlohmann::ordered_json::array();
  for (const FileReport& f : files) {
    jfiles.push_back({{"path", f.path},
                      {"dialect", f.dialect},
                      {"phase", to_string(f.phase)},
                      {"phase_source", f.phase_source},
                      {"statements", f.statements},
                      {"readable", !f.failed}});
    for (const Diagnostic& d : f.suppressed) {
      jsuppressed.push_back({{"rule", d.rule},
                             {"path", f.path},
                             {"line", d.start.line},
                             {"column", d.start.column},
                             {"message", d.message},
                             {"reason", d.suppression}});
    }
    for (const Diagnostic& d : f.diagnostics) {
      jdiags.push_back({{"rule", d.rule},
                        {"severity", to_string(d.severity)},
                        {"path", f.path},
                        {"line", d.start.line},
                        {"column", d.start.column},
                        {"end_line", d.end.line},
                        {"end_column", d.end.column},
                        {"message", d.message},
                        {"help", d.help},
                        {"phase", to_string(f.phase)}});
    }
  }
  const Summary s = summarize(files);
  nlohmann::ordered_json root;
  root["version"] = 1;
  root["files"] = std::move(jfiles);
  root["diagnostics"] = std::move(jdiags);
  root["suppressed"] = std::move(jsuppressed);
  root["summary"] = {{"files", s.files},
                     {"statements", s.statements},
                     {"errors", s.errors},
                     {"warnings", s.warnings},
                     {"suppressed", s.suppressed}};
  out << root.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

} // namespace rollsafe
