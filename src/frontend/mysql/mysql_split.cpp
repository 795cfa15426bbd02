// The client-side statement splitter (see mysql_split.h). It follows the mysql
// client's own scanner (client/mysql.cc, add_line): quotes and comments first,
// then the current delimiter; the DELIMITER command only at the start of a line
// while no statement text is pending.
#include "frontend/mysql/mysql_split.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace rollsafe::mysql {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Bytes with no meaning to the splitter on their own (unless one starts the
// delimiter, which the caller checks): everything but whitespace, quotes and
// the bytes that may start a comment (`#`, `-`, `/`). A run of them is
// statement content in one step. One table lookup per byte.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> plain{};
  plain.fill(true);
  for (const unsigned char c : std::string_view(" \t\n\r\f\v'\"`#-/")) {
    plain[c] = false;
  }
  return plain;
}();
bool is_plain(char c) {
  return kPlain[static_cast<unsigned char>(c)];
}

bool iequals_prefix(std::string_view text, size_t at, std::string_view word) {
  if (text.size() - at < word.size()) {
    return false;
  }
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[at + i])) !=
        std::tolower(static_cast<unsigned char>(word[i]))) {
      return false;
    }
  }
  return true;
}

class Scanner {
public:
  explicit Scanner(std::string_view text) : text_(text) { set_delimiter(";"); }

  void run() {
    while (pos_ < text_.size()) {
      if (at_line_start_ && !pending_content_ && try_delimiter_command()) {
        continue;
      }
      const char c = text_[pos_];
      if (c == '\n') {
        at_line_start_ = true;
        ++pos_;
        continue;
      }
      if (is_space(c)) {
        ++pos_;
        // The blanks after a blank in one step. The DELIMITER test above, if it
        // ran here, skipped them too, so it would give the same answer after them.
        if (c == ' ' || c == '\t') {
          while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) {
            ++pos_;
          }
        }
        continue;
      }
      at_line_start_ = false;
      // The first byte is tested before the comparison: most bytes are not
      // the start of a delimiter, and this loop sees every byte of the script.
      if (c == delimiter_.front() && text_.compare(pos_, delimiter_.size(), delimiter_) == 0) {
        end_statement(pos_);
        pos_ += delimiter_.size();
        start_ = pos_;
        continue;
      }
      if (c == '\'' || c == '"' || c == '`') {
        content(pos_);
        skip_quoted(c);
      } else if (c == '#' || (c == '-' && starts_dash_comment())) {
        skip_line_comment();
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        skip_block_comment();
      } else {
        content(pos_);
        ++pos_;
        skip_content_run();
      }
    }
    end_statement(text_.size());
  }

  std::vector<model::Span> statements;
  std::vector<model::Span> comments;
  std::vector<ExecutableComment> executables;

private:
  // The rest of a run of plain bytes and whitespace after a plain byte of
  // statement content, in one step: it holds no quote, comment or delimiter
  // start. Line breaks inside it need no look either: with content pending,
  // a line cannot start a DELIMITER command. The content ends at the run's
  // last byte that is not whitespace; a line break after that byte leaves the
  // scan at the start of a line.
  void skip_content_run() {
    const char* s = text_.data();
    const size_t end = text_.size();
    size_t p = pos_;
    while (p < end && in_run_[static_cast<unsigned char>(s[p])]) {
      ++p;
    }
    pos_ = p;
    at_line_start_ = false;
    while (is_space(s[p - 1])) { // stops at the plain byte before the run at the latest
      at_line_start_ |= s[p - 1] == '\n';
      --p;
    }
    last_ = p;
  }

  void set_delimiter(std::string delimiter) {
    delimiter_ = std::move(delimiter);
    for (size_t c = 0; c < in_run_.size(); ++c) {
      in_run_.at(c) = is_plain(static_cast<char>(c)) || is_space(static_cast<char>(c));
    }
    in_run_.at(static_cast<unsigned char>(delimiter_.front())) = false;
  }

  // `--` starts a comment only when whitespace (or the end) follows.
  [[nodiscard]] bool starts_dash_comment() const {
    return text_.compare(pos_, 2, "--") == 0 &&
           (pos_ + 2 == text_.size() || is_space(text_[pos_ + 2]));
  }

  // The DELIMITER command: `delimiter xx` up to the end of the line. The new
  // delimiter is the first word (quotes allowed); the rest of the line is
  // ignored, as the client does.
  bool try_delimiter_command() {
    size_t p = pos_;
    while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t')) {
      ++p;
    }
    constexpr std::string_view kWord = "delimiter";
    if (!iequals_prefix(text_, p, kWord) || p + kWord.size() >= text_.size() ||
        (text_[p + kWord.size()] != ' ' && text_[p + kWord.size()] != '\t')) {
      return false;
    }
    p += kWord.size();
    while (p < text_.size() && (text_[p] == ' ' || text_[p] == '\t')) {
      ++p;
    }
    std::string delimiter;
    if (p < text_.size() && (text_[p] == '\'' || text_[p] == '"' || text_[p] == '`')) {
      const char quote = text_[p++];
      while (p < text_.size() && text_[p] != quote && text_[p] != '\n') {
        delimiter += text_[p++];
      }
    } else {
      while (p < text_.size() && !is_space(text_[p])) {
        delimiter += text_[p++];
      }
    }
    size_t eol = text_.find('\n', p);
    eol = eol == std::string_view::npos ? text_.size() : eol;
    if (delimiter.empty()) {
      return false; // the client complains and keeps the old delimiter
    }
    set_delimiter(std::move(delimiter));
    pos_ = eol;
    start_ = eol;
    return true;
  }

  void content(size_t at) {
    if (!pending_content_) {
      first_ = at;
      pending_content_ = true;
    }
    last_ = at + 1;
  }

  void end_statement(size_t at) {
    (void)at;
    while (pending_content_ && last_ > first_ && is_space(text_[last_ - 1])) {
      --last_; // an unterminated quote ran to the end of the file
    }
    if (pending_content_) {
      // Comments before the first statement token belong to the statement's
      // text in the client (it sends them too), but they are outside the span
      // we report, which starts at the first token. Trailing ones likewise.
      statements.push_back({static_cast<uint32_t>(first_), static_cast<uint32_t>(last_)});
    }
    pending_content_ = false;
  }

  void skip_quoted(char quote) {
    ++pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\\' && quote != '`' && pos_ + 1 < text_.size()) {
        pos_ += 2;
        continue;
      }
      ++pos_;
      if (c == quote) {
        if (pos_ < text_.size() && text_[pos_] == quote) {
          ++pos_; // doubled quote
          continue;
        }
        break;
      }
    }
    last_ = pos_;
  }

  void skip_line_comment() {
    const size_t begin = pos_;
    size_t eol = text_.find('\n', pos_);
    eol = eol == std::string_view::npos ? text_.size() : eol;
    size_t end = eol;
    if (end > begin && text_[end - 1] == '\r') {
      --end;
    }
    comments.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
    pos_ = eol;
  }

  void skip_block_comment() {
    const size_t begin = pos_;
    const bool executable =
        pos_ + 2 < text_.size() &&
        (text_[pos_ + 2] == '!' ||
         (text_[pos_ + 2] == 'M' && pos_ + 3 < text_.size() && text_[pos_ + 3] == '!'));
    if (executable) {
      // Its text is statement text; only the quotes inside still hide delimiters
      // (the client does not end a statement inside /*! */ either).
      content(pos_);
      ExecutableComment exec;
      exec.mariadb_only = text_[pos_ + 2] == 'M';
      pos_ += exec.mariadb_only ? 4 : 3;
      // MySQL reads a five-digit version, MariaDB's /*M! up to six digits.
      const size_t digits_end = pos_ + (exec.mariadb_only ? 6 : 5);
      while (pos_ < text_.size() && pos_ < digits_end &&
             std::isdigit(static_cast<unsigned char>(text_[pos_])) != 0) {
        exec.version = exec.version * 10 + (text_[pos_] - '0');
        ++pos_;
      }
      exec.open = {static_cast<uint32_t>(begin), static_cast<uint32_t>(pos_)};
      while (pos_ < text_.size() && text_.compare(pos_, 2, "*/") != 0) {
        const char c = text_[pos_];
        if (c == '\'' || c == '"' || c == '`') {
          skip_quoted(c);
        } else {
          ++pos_;
        }
      }
      if (pos_ < text_.size()) {
        exec.close = {static_cast<uint32_t>(pos_), static_cast<uint32_t>(pos_ + 2)};
        pos_ += 2;
      }
      executables.push_back(exec);
      last_ = pos_;
      return;
    }
    const size_t close = text_.find("*/", pos_ + 2);
    pos_ = close == std::string_view::npos ? text_.size() : close + 2;
    comments.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(pos_)});
    if (close == std::string_view::npos) {
      content(begin); // an unterminated comment: the server will reject it
      last_ = pos_;
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t start_ = 0;
  size_t first_ = 0;
  size_t last_ = 0;
  bool pending_content_ = false;
  bool at_line_start_ = true;
  std::string delimiter_;
  // The bytes skip_content_run() goes over: plain bytes and whitespace, but
  // not the delimiter's first byte.
  std::array<bool, 256> in_run_{};
};

} // namespace

ScriptScan scan_script(std::string_view text) {
  Scanner scanner(text);
  scanner.run();
  return {std::move(scanner.statements), std::move(scanner.comments),
          std::move(scanner.executables)};
}

std::vector<model::Span> split_statements(std::string_view text) {
  return scan_script(text).statements;
}

std::vector<model::Span> comment_spans(std::string_view text) {
  return scan_script(text).comments;
}

std::vector<ExecutableComment> executable_comments(std::string_view text) {
  return scan_script(text).executables;
}

} // namespace rollsafe::mysql
