// Reporters turn file reports into output. They see diagnostics only.
#pragma once

#include "diagnostics/diagnostic.h"

#include <ostream>
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

} // namespace rollsafe
