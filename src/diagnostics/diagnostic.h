// What rules and parsers produce and reporters consume. Reporters see only this.
#pragma once

#include "diagnostics/text_store.h"
#include "model/model.h"
#include "model/phase.h"
#include "source/line_index.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace rollsafe {

enum class Severity : uint8_t { Warning, Error };
[[nodiscard]] std::string_view to_string(Severity s);

// The path reported for standard input when --stdin-filename names none.
inline constexpr std::string_view kStdinName = "<stdin>";

// The rule id reserved for statements the parser rejected.
inline constexpr std::string_view kSyntaxErrorRule = "syntax-error";

// One finding. Its texts are views: of static strings, or of the TextStore of
// the FileReport that holds it (FileReport::texts), so a finding moved into
// another report has its texts copied into that report's store (adopt()).
struct Diagnostic {
  // The rule's id: a static string (the registry's rules and the engine's own
  // ids, such as kSyntaxErrorRule, live for the whole program), so not copied.
  std::string_view rule;
  Severity severity = Severity::Error;
  model::Span span;
  std::string_view message;
  std::string_view help;
  // Filled in when the file's diagnostics are resolved against its text.
  Position start;
  Position end;
  // The line holding `start`, for the caret display: the whole line, or for a
  // line longer than kExcerptWidth code points a bounded excerpt around `start`
  // (so many findings on one huge line do not each copy it).
  std::string_view source_line;
  uint32_t source_column = 1;   // the line's column where `source_line` begins
  uint32_t line_columns = 0;    // code points in the whole line (0: `source_line` is all of it)
  uint32_t caret_width = 1;     // code points to underline in `source_line`
  std::string_view suppression; // for a suppressed finding: the directive's reason
};
// Sorting, holding and moving findings copies a few words each, frees nothing.
static_assert(std::is_trivially_copyable_v<Diagnostic>);

// Everything a reporter needs to know about one linted file.
struct FileReport {
  FileReport() = default;
  ~FileReport() = default;
  // A copy's findings have their texts copied into the copy's own store.
  FileReport(const FileReport& other);
  FileReport& operator=(const FileReport& other);
  FileReport(FileReport&&) noexcept = default;
  FileReport& operator=(FileReport&&) noexcept = default;

  std::string path;
  std::string dialect;
  Phase phase = Phase::Expand;
  std::string
      phase_source; // why: "--phase", "directive on line 1", "path segment 'expand'", "default"
  uint32_t statements = 0;
  bool failed = false; // could not be read or linted at all
  // More findings of a file already reported: findings decided only after the
  // last file (see run_lint). Counted as findings, not as another file.
  bool continuation = false;
  std::vector<Diagnostic> diagnostics;
  std::vector<Diagnostic> suppressed; // silenced by rollsafe: ignore[...] directives
  // The texts of `diagnostics` and `suppressed` that are not static strings.
  TextStore texts;

  // Appends `d` to `list` (this report's diagnostics or suppressed), with its
  // texts copied into this report's store: for a finding that comes from
  // another report, or whose texts are views of strings that do not last.
  Diagnostic& adopt(std::vector<Diagnostic>& list, const Diagnostic& d) {
    return list.emplace_back(copy_into(texts, d));
  }
  // `d` with its texts copied into `store`.
  [[nodiscard]] static Diagnostic copy_into(TextStore& store, const Diagnostic& d);
};

struct Summary {
  uint32_t files = 0;
  uint32_t statements = 0;
  uint32_t errors = 0;
  uint32_t warnings = 0;
  uint32_t suppressed = 0;
  uint32_t unreadable = 0; // files that could not be read
  void add(const FileReport& file);
};
[[nodiscard]] Summary summarize(const std::vector<FileReport>& files);

// Resolves byte spans to line/column and copies the caret line (or its excerpt),
// so the file's text can be released before the report is printed. One pass over
// the text whatever the number of diagnostics and however long their lines.
// The caret lines are copied into `texts` (the store of the report that holds
// the diagnostics).
void resolve_positions(std::string_view text, std::vector<Diagnostic>& diagnostics,
                       TextStore& texts);

// Orders a file's findings by where they start, then by rule id; stable, so
// findings of one rule at one offset keep the order they were reported in.
void sort_by_position(std::vector<Diagnostic>& diagnostics);

} // namespace rollsafe
