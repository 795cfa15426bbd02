// Reporters turn file reports into output. They see diagnostics only.
#pragma once

#include "diagnostics/diagnostic.h"

#include <ostream>
#include <string>
#include <vector>

namespace rollsafe {

struct TextStyle {
  bool color = false;
  bool quiet = false;           // diagnostics only: no phase notes, no summary
  bool show_suppressed = false; // also print findings silenced by directives
  uint32_t excluded = 0;        // files the configuration excluded, for the summary
};

void write_text(std::ostream& out, const std::vector<FileReport>& files, const TextStyle& style);
void write_json(std::ostream& out, const std::vector<FileReport>& files);

// Streaming forms: each file is written as soon as it is linted, so the output
// of a run over thousands of files needs memory for one file at a time.
void write_text_file(std::ostream& out, const FileReport& file, const TextStyle& style);
void write_text_summary(std::ostream& out, const Summary& summary, const TextStyle& style);

class JsonWriter {
public:
  explicit JsonWriter(std::ostream& out);
  // A migration directory's layout, listed under "layouts" (only when a
  // directory was linted).
  void layout(const std::string& root, const std::string& name, const std::string& summary);
  void file(const FileReport& f);
  void finish();

private:
  std::ostream& out_;
  bool first_ = true;
  Summary summary_;
  std::vector<std::string> files_;      // one compact JSON object each
  std::vector<std::string> suppressed_; // likewise
  std::vector<std::string> layouts_;    // likewise
};

} // namespace rollsafe
