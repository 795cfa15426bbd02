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

// The text report's bytes: `bytes` is kept at its full size (grown, never
// shrunk), the first `used` of them hold the report so far.
struct TextBuffer {
  std::string bytes;
  size_t used = 0;
};

// write_text_file() for a whole run: the reports of consecutive files share one
// buffer, written out in blocks of 64 KiB (a system call per block, not per
// file: on 1,443 small files, 27 writes instead of 512). `per_file`: write each
// file's report as soon as it is done (for a terminal, where a reader waits).
// flush() before writing anything else to `out`; the destructor flushes too.
class TextWriter {
public:
  TextWriter(std::ostream& out, const TextStyle& style, bool per_file);
  ~TextWriter();
  TextWriter(const TextWriter&) = delete;
  TextWriter& operator=(const TextWriter&) = delete;
  TextWriter(TextWriter&&) = delete;
  TextWriter& operator=(TextWriter&&) = delete;
  void file(const FileReport& f);
  void flush();

private:
  std::ostream& out_;
  TextStyle style_;
  bool per_file_;
  TextBuffer text_;
};

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
