// Splits a MySQL/MariaDB client script into statements the way the mysql and
// mariadb command-line clients do, before any parsing.
#pragma once

#include "model/model.h"

#include <string_view>
#include <vector>

namespace rollsafe::mysql {

// The statements of `text`, in order: each span is one statement's text without
// its delimiter, trimmed of surrounding whitespace. Statements end at `;` or at
// the delimiter set by the client's `DELIMITER xx` command (whose line is
// consumed, not a statement). Quotes (' " ` , with doubling; ' and " also with
// backslash escapes), `#` comments, `-- ` comments (only with whitespace or the
// end of the line after the dashes) and `/* */` comments hide delimiters. A piece
// holding nothing but comments and whitespace is not a statement; executable
// comments (`/*! ... */`, `/*M! ... */`) are not plain comments and count.
std::vector<model::Span> split_statements(std::string_view text);

// A comment of a MySQL script: `#`, `-- ` or `/* */` (executable comments
// `/*! */` and `/*M! */` are not comments: the server runs their text).
// Every comment of `text` in order, found with the same scanner as
// split_statements (DELIMITER lines are not scanned for comments).
std::vector<model::Span> comment_spans(std::string_view text);

// An executable comment: `/*!NNNNN text */` (version 0 when no digits follow
// the `!`) or MariaDB's `/*M!NNNNNN text */`. `open` covers `/*!NNNNN`, `close`
// the `*/` (empty when unterminated).
struct ExecutableComment {
  model::Span open;
  model::Span close;
  int version = 0;
  bool mariadb_only = false;
};
std::vector<ExecutableComment> executable_comments(std::string_view text);

// All three of the above from one pass over `text`.
struct ScriptScan {
  std::vector<model::Span> statements;
  std::vector<model::Span> comments;
  std::vector<ExecutableComment> executables;
};
ScriptScan scan_script(std::string_view text);

} // namespace rollsafe::mysql
