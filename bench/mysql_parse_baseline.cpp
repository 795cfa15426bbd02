// The floor for the MySQL path: lexing and parsing every statement of every
// *.sql file under the given paths the way the frontend does, and nothing else
// (no executable-comment handling, no lowering, no rules, no output).
//
//   mysql_parse_baseline [--antlr-lexer] [-j N] [--repeat N] [--kv] PATHS...
//   mysql_parse_baseline --profile-decisions PATHS...
//
// Statements are cut with the client's splitter
// (rollsafe::mysql::split_statements, DELIMITER included), inside the timed
// region: a script cannot be parsed without it. Each statement is lexed by the
// frontend's hand-written lexer into its pooled token buffer
// (src/frontend/mysql/mysql_lexer.h) and parsed by the ANTLR parser generated
// from grammar/: SLL prediction with bail-out first, full LL only when that
// fails, with one lexer and parser per thread reused across statements and
// files, so ANTLR's DFA cache stays warm.
//
// --antlr-lexer: the previous floor instead, the lexer ANTLR generates from
// grammar/MySqlLexer.g4 through a CommonTokenStream, reading ANTLR's stock
// ANTLRInputStream (a UTF-32 copy of the statement), the way a plain ANTLR
// program reads its input.
//
// --profile-decisions: no timing; parses every file once with ANTLR's
// profiling prediction and prints, per grammar decision that was predicted at
// least once, how often and with how much lookahead (the decisions whose
// lookahead reads far are where the grammar makes the parser slow).
#include "MySqlLexer.h"
#include "MySqlParser.h"
#include "antlr4-runtime.h"
#include "baseline_main.h"
#include "frontend/mysql/mysql_lexer.h"
#include "frontend/mysql/mysql_split.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string_view>

namespace {

namespace g = rollsafe_mysql_grammar;

// SLL with bail-out, then LL with recovery; true when the statement parses.
bool parse_tokens(g::MySqlParser& parser, antlr4::TokenStream& tokens,
                  const std::shared_ptr<antlr4::ANTLRErrorStrategy>& bail,
                  const std::shared_ptr<antlr4::ANTLRErrorStrategy>& recover) {
  parser.setTokenStream(&tokens);
  parser.setErrorHandler(bail);
  auto* atn = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  atn->setPredictionMode(antlr4::atn::PredictionMode::SLL);
  try {
    parser.statement();
    return true;
  } catch (const antlr4::ParseCancellationException&) {
    tokens.seek(0);
    parser.reset();
    parser.setErrorHandler(recover);
    atn->setPredictionMode(antlr4::atn::PredictionMode::LL);
    parser.statement();
    return parser.getNumberOfSyntaxErrors() == 0;
  }
}

class StatementParser {
public:
  explicit StatementParser(bool antlr_lexer)
      : antlr_lexer_(antlr_lexer), lexer_(&input_), antlr_tokens_(&lexer_), parser_(&tokens_),
        bail_(std::make_shared<antlr4::BailErrorStrategy>()),
        recover_(std::make_shared<antlr4::DefaultErrorStrategy>()) {
    lexer_.removeErrorListeners();
    parser_.removeErrorListeners();
  }

  // Turns on ANTLR's profiling prediction (Parser::setProfile).
  void profile() { parser_.setProfile(true); }
  [[nodiscard]] const g::MySqlParser& parser() const { return parser_; }

  // The number of statements of `text` that do not parse.
  size_t parse_file(const std::string& text) {
    size_t errors = 0;
    for (const auto& span : rollsafe::mysql::split_statements(text)) {
      errors += parse(text, span.begin, span.end) ? 0 : 1;
    }
    return errors;
  }

private:
  bool parse(const std::string& text, size_t begin, size_t end) {
    if (antlr_lexer_) {
      input_.load(text.substr(begin, end - begin)); // the 4.9 runtime loads only from a string
      lexer_.setInputStream(&input_);
      antlr_tokens_.setTokenSource(&lexer_);
      return parse_tokens(parser_, antlr_tokens_, bail_, recover_);
    }
    tokens_.lex(text, begin, end);
    return parse_tokens(parser_, tokens_, bail_, recover_);
  }

  bool antlr_lexer_;
  rollsafe::mysql::TokenBuffer tokens_;
  antlr4::ANTLRInputStream input_;
  g::MySqlLexer lexer_;
  antlr4::CommonTokenStream antlr_tokens_;
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

// --profile-decisions: the decisions by total lookahead, largest first.
int profile_decisions(const std::vector<std::string>& paths) {
  StatementParser parser(false);
  parser.profile();
  size_t errors = 0;
  for (const auto& file : bench::read_sql_files(paths)) {
    errors += parser.parse_file(file.text);
  }
  antlr4::atn::ParseInfo info = parser.parser().getParseInfo();
  const std::vector<antlr4::atn::DecisionInfo> all = info.getDecisionInfo();
  std::vector<const antlr4::atn::DecisionInfo*> decisions; // DecisionInfo cannot be assigned
  for (const auto& d : all) {
    if (d.invocations > 0) {
      decisions.push_back(&d);
    }
  }
  std::sort(decisions.begin(), decisions.end(), [](const auto* a, const auto* b) {
    return a->SLL_TotalLook + a->LL_TotalLook > b->SLL_TotalLook + b->LL_TotalLook;
  });
  const antlr4::atn::ATN& atn = parser.parser().getATN();
  const std::vector<std::string>& rules = parser.parser().getRuleNames();
  std::printf("%8s %-22s %10s %12s %8s %8s %12s %12s\n", "decision", "rule", "calls", "SLL look",
              "max", "LL falls", "ATN trans", "DFA trans");
  for (const auto* d : decisions) {
    const std::string& rule = rules[atn.decisionToState[d->decision]->ruleIndex];
    std::printf("%8zu %-22s %10lld %12lld %8lld %8lld %12lld %12lld\n", d->decision, rule.c_str(),
                d->invocations, d->SLL_TotalLook, d->SLL_MaxLook, d->LL_Fallback,
                d->SLL_ATNTransitions + d->LL_ATNTransitions,
                d->SLL_DFATransitions + d->LL_DFATransitions);
  }
  std::printf("statements that do not parse: %zu\n", errors);
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  // --antlr-lexer is this baseline's own option; the rest go to baseline_main.
  bool antlr_lexer = false;
  bool profile = false;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--antlr-lexer") {
      antlr_lexer = true;
    } else if (std::string_view(argv[i]) == "--profile-decisions") {
      profile = true;
    } else {
      args.push_back(argv[i]);
    }
  }
  if (profile) {
    return profile_decisions(std::vector<std::string>(args.begin() + 1, args.end()));
  }
  bench::Baseline b;
  b.name = "mysql_parse_baseline [--antlr-lexer | --profile-decisions]";
  b.label = antlr_lexer ? "ANTLR MySQL lex+parse baseline (generated lexer)"
                        : "MySQL lex+parse baseline (hand-written lexer, ANTLR parser)";
  b.counted_by = "rollsafe::mysql::split_statements";
  b.count_statements = count_statements;
  b.make_parser = [antlr_lexer] {
    return [parser = std::make_shared<StatementParser>(antlr_lexer)](const bench::SqlFile& f) {
      return parser->parse_file(f.text);
    };
  };
  return bench::baseline_main(static_cast<int>(args.size()), args.data(), b);
}
