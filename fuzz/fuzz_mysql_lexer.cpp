// libFuzzer target: the hand-written MySQL lexer (src/frontend/mysql/mysql_lexer.h)
// against the lexer ANTLR generates from grammar/MySqlLexer.g4, its
// specification, on arbitrary bytes: over the whole input, over each statement as
// the client splits it, and over each statement again with the markers of
// executable comments blanked (as the frontend does when the target runs them).
// Any difference in a token's type, start, stop or channel aborts with the first
// mismatch.
#include "frontend/mysql/mysql_antlr_lexer.h"
#include "frontend/mysql/mysql_split.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

void check(rollsafe::mysql::LexerDiff& diff, const std::string& text, size_t begin, size_t end) {
  const std::string mismatch = diff.compare(text, begin, end);
  if (!mismatch.empty()) {
    std::fprintf(stderr, "MySQL lexers differ on bytes [%zu, %zu): %s\n", begin, end,
                 mismatch.c_str());
    std::abort();
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static rollsafe::mysql::LexerDiff diff;
  std::string text(reinterpret_cast<const char*>(data), size);
  check(diff, text, 0, text.size());
  for (const auto& span : rollsafe::mysql::split_statements(text)) {
    check(diff, text, span.begin, span.end);
  }
  const auto executable = rollsafe::mysql::executable_comments(text);
  if (!executable.empty()) {
    for (const auto& exec : executable) {
      std::fill_n(text.begin() + exec.open.begin, exec.open.end - exec.open.begin, ' ');
      std::fill_n(text.begin() + exec.close.begin, exec.close.end - exec.close.begin, ' ');
    }
    for (const auto& span : rollsafe::mysql::split_statements(text)) {
      check(diff, text, span.begin, span.end);
    }
  }
  return 0;
}
