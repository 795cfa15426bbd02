#include "report/reporter.h"

#include <nlohmann/json.hpp>

#include <utility>

namespace rollsafe {

namespace {
std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}
} // namespace

// The format is documented in docs/json-format.md; keep them in step. Findings
// are written as each file completes, so memory does not grow with the number of
// files; the small per-file entries and the summary follow at the end.
JsonWriter::JsonWriter(std::ostream& out) : out_(out) {
  out_ << "{\n  \"version\": 1,\n  \"diagnostics\": [";
}

void JsonWriter::layout(const std::string& root, const std::string& name,
                        const std::string& summary) {
  layouts_.push_back(dump({{"path", root}, {"layout", name}, {"summary", summary}}));
}

void JsonWriter::file(const FileReport& f) {
  summary_.add(f);
  if (!f.continuation) {
    files_.push_back(dump({{"path", f.path},
                           {"dialect", f.dialect},
                           {"phase", to_string(f.phase)},
                           {"phase_source", f.phase_source},
                           {"statements", f.statements},
                           {"readable", !f.failed}}));
  }
  for (const Diagnostic& d : f.suppressed) {
    suppressed_.push_back(dump({{"rule", d.rule},
                                {"path", f.path},
                                {"line", d.start.line},
                                {"column", d.start.column},
                                {"message", d.message},
                                {"reason", d.suppression}}));
  }
  for (const Diagnostic& d : f.diagnostics) {
    out_ << (first_ ? "\n    " : ",\n    ")
         << dump({{"rule", d.rule},
                  {"severity", to_string(d.severity)},
                  {"path", f.path},
                  {"line", d.start.line},
                  {"column", d.start.column},
                  {"end_line", d.end.line},
                  {"end_column", d.end.column},
                  {"message", d.message},
                  {"help", d.help},
                  {"phase", to_string(f.phase)}});
    first_ = false;
  }
}

void JsonWriter::finish() {
  const auto list = [&](const std::vector<std::string>& items) {
    for (size_t i = 0; i < items.size(); ++i) {
      out_ << (i == 0 ? "\n    " : ",\n    ") << items[i];
    }
    out_ << (items.empty() ? "]" : "\n  ]");
  };
  out_ << (first_ ? "]" : "\n  ]") << ",\n  \"files\": [";
  list(files_);
  out_ << ",\n  \"suppressed\": [";
  list(suppressed_);
  if (!layouts_.empty()) {
    out_ << ",\n  \"layouts\": [";
    list(layouts_);
  }
  const Summary& s = summary_;
  out_ << ",\n  \"summary\": "
       << dump({{"files", s.files},
                {"statements", s.statements},
                {"errors", s.errors},
                {"warnings", s.warnings},
                {"suppressed", s.suppressed}})
       << "\n}\n";
}

void write_json(std::ostream& out, const std::vector<FileReport>& files) {
  JsonWriter writer(out);
  for (const FileReport& f : files) {
    writer.file(f);
  }
  writer.finish();
}

} // namespace rollsafe
