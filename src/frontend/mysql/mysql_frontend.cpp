// The MySQL/MariaDB frontend's driver: splits the script the way the mysql
// client does, lexes each statement with the hand-written lexer (mysql_lexer.h,
// proven against grammar/MySqlLexer.g4), runs the ANTLR parser generated from
// grammar/ on its tokens (SLL with bail-out first, full LL only when that fails),
// and hands each parse tree to the lowering of its family.
#include "MySqlLexer.h"
#include "MySqlParser.h"
#include "antlr4-runtime.h"
#include "frontend/frontend.h"
#include "frontend/mysql/mysql_lexer.h"
#include "frontend/mysql/mysql_lower.h"
#include "frontend/mysql/mysql_split.h"

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rollsafe {
namespace mysql {
namespace {

// Brackets nested deeper than this are reported instead of parsed: the parser
// recurses once per level and would otherwise overflow the stack.
constexpr int kMaxParenDepth = 1000;

// Keeps the first syntax error of the full-LL pass.
class FirstError final : public antlr4::BaseErrorListener {
public:
  void syntaxError(antlr4::Recognizer* /*recognizer*/, antlr4::Token* offending, size_t /*line*/,
                   size_t /*column*/, const std::string& /*msg*/,
                   std::exception_ptr /*e*/) override {
    if (!failed) {
      failed = true;
      token = offending;
    }
  }
  bool failed = false;
  antlr4::Token* token = nullptr;
};

// "syntax error at or near "X"", the wording MySQL and PostgreSQL users know;
// the token is cut to its first line and 40 bytes.
std::string error_message(const antlr4::Token* token, bool at_end) {
  if (token == nullptr || at_end || token->getType() == antlr4::Token::EOF) {
    return "syntax error at end of statement";
  }
  std::string text = token->getText();
  const size_t cut = std::min(text.find_first_of("\r\n"), size_t{40});
  if (cut < text.size()) {
    text.resize(cut);
    text += "...";
  }
  return "syntax error at or near \"" + text + "\"";
}

class MySqlFrontend final : public Frontend {
public:
  MySqlFrontend()
      : parser_(&tokens_), simulator_(parser_.getInterpreter<antlr4::atn::ParserATNSimulator>()),
        bail_(std::make_shared<antlr4::BailErrorStrategy>()),
        recover_(std::make_shared<antlr4::DefaultErrorStrategy>()) {
    parser_.removeErrorListeners();
    parser_.addErrorListener(&errors_);
  }

  void set_target(const ParseTarget& target) override { target_ = target; }

  std::vector<Comment> comments(const std::string& text) override {
    std::vector<Comment> out;
    const ScriptScan scan = scan_script(text);
    const auto& statements = scan.statements;
    for (const auto& span : scan.comments) {
      const bool leading = statements.empty() || span.end <= statements.front().begin;
      out.push_back(
          {span, std::string_view(text).substr(span.begin, span.end - span.begin), leading});
    }
    return out;
  }

  void parse(const std::string& text, StatementSink& sink) override {
    buffer_ = text;
    // One pass finds the executable comments and the statements; only when a
    // comment's markers were blanked can the statements differ (its text may
    // hold a delimiter), and the blanked script is split again.
    ScriptScan scan = scan_script(buffer_);
    if (apply_executable_comments(scan.executables)) {
      scan.statements = split_statements(buffer_);
    }
    for (const auto& span : scan.statements) {
      parse_statement(text, span.begin, span.end, sink);
    }
  }

private:
  // Executable comments whose text the target server runs lose their markers
  // (blanked in place so no offset moves); the others stay comments. Returns
  // whether any was blanked.
  bool apply_executable_comments(const std::vector<ExecutableComment>& executables) {
    bool blanked = false;
    for (const auto& exec : executables) {
      bool runs = false;
      if (exec.mariadb_only) {
        runs = target_.mariadb && exec.version <= target_.mysql_version;
      } else if (target_.mariadb) {
        // MariaDB runs MySQL's /*!NNNNN */ only below 5.7 (50700): later MySQL
        // versions are not its ancestors.
        runs = exec.version < 50700;
      } else {
        runs = exec.version <= target_.mysql_version;
      }
      if (runs) {
        std::fill_n(buffer_.begin() + exec.open.begin, exec.open.end - exec.open.begin, ' ');
        std::fill_n(buffer_.begin() + exec.close.begin, exec.close.end - exec.close.begin, ' ');
        blanked = true;
      }
    }
    return blanked;
  }

  // Parses buffer_[begin, end) as one statement; `text` is the original file.
  void parse_statement(const std::string& text, uint32_t begin, uint32_t end, StatementSink& sink,
                       int prepare_depth = 0) {
    tokens_.lex(buffer_, begin, end);
    if (tokens_.size() <= 1) {
      return; // executable comments the target does not run: nothing left
    }
    if (const antlr4::Token* deep = tokens_.first_nested_deeper_than(kMaxParenDepth)) {
      sink.syntax_error(LowerCtx::span(deep),
                        "brackets nested deeper than " + std::to_string(kMaxParenDepth) +
                            " levels; rollsafe does not parse this statement");
      return;
    }
    g::MySqlParser::StatementContext* tree = nullptr;
    parser_.setTokenStream(&tokens_);
    parser_.setErrorHandler(bail_);
    simulator_->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    errors_.failed = false;
    try {
      tree = parser_.statement();
    } catch (const antlr4::ParseCancellationException&) {
      tokens_.seek(0);
      parser_.reset();
      parser_.setErrorHandler(recover_);
      simulator_->setPredictionMode(antlr4::atn::PredictionMode::LL);
      errors_.failed = false;
      tree = parser_.statement();
    }
    if (errors_.failed) {
      const antlr4::Token* token = errors_.token;
      const bool at_end = token == nullptr || token->getType() == antlr4::Token::EOF;
      // At the end of the statement: point at its last token.
      const antlr4::Token* at = at_end ? tokens_.get(tokens_.size() - 2) : token;
      sink.syntax_error(LowerCtx::span(at), error_message(token, at_end));
      return;
    }
    if (target_.mariadb) {
      if (const antlr4::Token* bad = mariadb_rejects(tree)) {
        sink.syntax_error(LowerCtx::span(bad), error_message(bad, false) +
                                                   " (MariaDB does not accept this MySQL syntax)");
        return;
      }
    }
    const LowerCtx ctx{text, {begin, end}, &tokens_};
    model::Statement statement = lower(tree->sqlStatement(), ctx);
    Prepared prepared;
    if (auto* prepare = tree->sqlStatement()->prepareStatement();
        prepare != nullptr && prepare->textLiteral() != nullptr && prepare_depth == 0) {
      prepared = prepared_text(prepare->textLiteral());
    }
    // The tree is freed now, while its nodes are still in the cache and before
    // the rules allocate, not when the next statement's parse starts (which
    // cost twice as much, measured: docs/performance-log.md, "MySQL: rollsafe's
    // own part of the lint"). Nothing below reads it.
    parser_.reset();
    sink.statement(std::move(statement));
    if (prepared.valid) {
      parse_prepared(text, prepared, sink);
    }
  }

  // PREPARE s FROM '<statement>': the literal's text is linted as a statement.
  // Its content is unescaped in place in buffer_ (padded with blanks), so the
  // positions of what it contains point into the literal.
  struct Prepared {
    bool valid = false;
    uint32_t begin = 0; // the literal's content in buffer_
    uint32_t end = 0;
    std::string value; // unescaped
  };
  static Prepared prepared_text(g::MySqlParser::TextLiteralContext* literal) {
    if (literal->CHARSET_INTRODUCER() != nullptr || literal->NATIONAL_STRING() != nullptr ||
        literal->getStart() != literal->getStop()) {
      return {};
    }
    return {true, static_cast<uint32_t>(literal->getStart()->getStartIndex() + 1),
            static_cast<uint32_t>(literal->getStart()->getStopIndex()),
            string_literal_value(literal)};
  }
  void parse_prepared(const std::string& text, const Prepared& prepared, StatementSink& sink) {
    const uint32_t begin = prepared.begin;
    const uint32_t end = prepared.end;
    const std::string& value = prepared.value;
    std::copy(value.begin(), value.end(), buffer_.begin() + begin);
    std::fill(buffer_.begin() + begin + static_cast<ptrdiff_t>(value.size()), buffer_.begin() + end,
              ' ');
    for (const auto& span :
         split_statements(std::string_view(buffer_).substr(begin, end - begin))) {
      parse_statement(text, begin + span.begin, begin + span.end, sink, 1);
    }
  }

  // MySQL syntax that MariaDB's parser rejects although the shared grammar
  // accepts it: ALGORITHM=/LOCK= on DROP INDEX, and CAST(... AS JSON).
  const antlr4::Token* mariadb_rejects(g::MySqlParser::StatementContext* tree) {
    if (auto* drop = tree->sqlStatement() != nullptr ? tree->sqlStatement()->dropIndex() : nullptr;
        drop != nullptr && !drop->onlineClause().empty()) {
      return drop->onlineClause(0)->getStart();
    }
    const auto is = [](const antlr4::Token* t, std::string_view word) {
      return to_lower(t->getText()) == word;
    };
    for (size_t i = 0; i + 2 < tokens_.size(); ++i) {
      const antlr4::Token* as = tokens_.get(i);
      const antlr4::Token* json = tokens_.get(i + 1);
      if (as->getType() != g::MySqlLexer::AS || !is(json, "json") ||
          tokens_.get(i + 2)->getType() != g::MySqlLexer::RPAREN) {
        continue;
      }
      int depth = 0; // find the bracket this AS is in, and what precedes it
      for (size_t j = i; j-- > 0;) {
        const auto type = tokens_.get(j)->getType();
        depth += type == g::MySqlLexer::RPAREN ? 1 : type == g::MySqlLexer::LPAREN ? -1 : 0;
        if (depth < 0) {
          if (j > 0 && is(tokens_.get(j - 1), "cast")) {
            return json;
          }
          break;
        }
      }
    }
    return nullptr;
  }

  static model::Statement lower(g::MySqlParser::SqlStatementContext* stmt, const LowerCtx& ctx) {
    model::Statement out;
    out.span = ctx.span(stmt);
    if (!lower_table_statement(stmt, ctx, out) && !lower_index_statement(stmt, ctx, out) &&
        !lower_drop_statement(stmt, ctx, out) && !lower_data_statement(stmt, ctx, out) &&
        !lower_session_statement(stmt, ctx, out) && !lower_object_statement(stmt, ctx, out)) {
      // The generic fallback: the statement's leading keywords are its kind.
      std::string kind = to_upper(stmt->getStart()->getText());
      out.kind = kind;
      out.items.push_back({model::OtherStatement{std::move(kind), false}, out.span});
    }
    return out;
  }

  ParseTarget target_;
  std::string buffer_;
  TokenBuffer tokens_;
  g::MySqlParser parser_;
  // The parser's simulator, found once: getInterpreter<>() is a dynamic_cast
  // that walks the class names (the simulator is a subclass, CachedPrediction).
  antlr4::atn::ParserATNSimulator* simulator_;
  FirstError errors_;
  std::shared_ptr<antlr4::ANTLRErrorStrategy> bail_;
  std::shared_ptr<antlr4::ANTLRErrorStrategy> recover_;
};

} // namespace
} // namespace mysql

std::string mysql_parser_runtime_version() {
  return antlr4::RuntimeMetaData::VERSION;
}

std::unique_ptr<Frontend> make_mysql_frontend() {
  return std::make_unique<mysql::MySqlFrontend>();
}

} // namespace rollsafe
