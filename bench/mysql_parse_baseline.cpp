// The floor for the MySQL path: the ANTLR lexer and parser generated from
// grammar/ on every statement of every *.sql file under the given paths, and
// nothing else (no executable-comment handling, no lowering, no rules, no output).
//
//   mysql_parse_baseline [-j N] [--repeat N] [--kv] PATHS...
//
// Statements are cut with the client's splitter (rollsafe::mysql::split_statements,
// DELIMITER included), inside the timed region: a script cannot be parsed without
// it. Each statement is parsed as the frontend does it: SLL prediction with
// bail-out first, full LL only when that fails, with one lexer and parser per
// thread reused across statements and files, so ANTLR's DFA cache stays warm.
// The characters come from ANTLR's stock ANTLRInputStream (a UTF-32 copy of the
// statement), the way a plain ANTLR program reads its input.
#include "MySqlLexer.h"
#include "MySqlParser.h"
#include "antlr4-runtime.h"
#include "baseline_main.h"
#include "frontend/mysql/mysql_split.h"

#include <memory>

namespace {

namespace g = rollsafe_mysql_grammar;

class StatementParser {
public:
  StatementParser()
      : lexer_(&input_), tokens_(&lexer_), parser_(&tokens_),
        bail_(std::make_shared<antlr4::BailErrorStrategy>()),
        recover_(std::make_shared<antlr4::DefaultErrorStrategy>()) {
    lexer_.removeErrorListeners();
    parser_.removeErrorListeners();
  }

  // The number of statements of `text` that do not parse.
  size_t parse_file(const std::string& text) {
    size_t errors = 0;
    for (const auto& span : rollsafe::mysql::split_statements(text)) {
      errors += parse(text.data() + span.begin, span.end - span.begin) ? 0 : 1;
    }
    return errors;
  }

private:
  bool parse(const char* data, size_t size) {
    input_.load(std::string(data, size)); // the 4.9 runtime loads only from a string
    lexer_.setInputStream(&input_);
    tokens_.setTokenSource(&lexer_);
    parser_.setTokenStream(&tokens_);
    parser_.setErrorHandler(bail_);
    auto* atn = parser_.getInterpreter<antlr4::atn::ParserATNSimulator>();
    atn->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    try {
      parser_.statement();
      return true;
    } catch (const antlr4::ParseCancellationException&) {
      tokens_.seek(0);
      parser_.reset();
      parser_.setErrorHandler(recover_);
      atn->setPredictionMode(antlr4::atn::PredictionMode::LL);
      parser_.statement();
      return parser_.getNumberOfSyntaxErrors() == 0;
    }
  }

  antlr4::ANTLRInputStream input_;
  g::MySqlLexer lexer_;
  antlr4::CommonTokenStream tokens_;
  g::MySqlParser parser_;
  std::shared_ptr<antlr4::ANTLRErrorStrategy> bail_;
  std::shared_ptr<antlr4::ANTLRErrorStrategy> recover_;
};

size_t count_statements(const std::vector<bench::SqlFile>& files) {
  size_t n = 0;
  for (const auto& f : files) {
    n += rollsafe::mysql::split_statements(f.text).size();
  }
  return n;
}

} // namespace

int main(int argc, char** argv) {
  bench::Baseline b;
  b.name = "mysql_parse_baseline";
  b.label = "ANTLR MySQL lex+parse baseline";
  b.counted_by = "rollsafe::mysql::split_statements";
  b.count_statements = count_statements;
  b.make_parser = [] {
    return [parser = std::make_shared<StatementParser>()](const bench::SqlFile& f) {
      return parser->parse_file(f.text);
    };
  };
  return bench::baseline_main(argc, argv, b);
}
