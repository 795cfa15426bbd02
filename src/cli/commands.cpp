#include "cli/commands.h"

#include "engine/phase.h"
#include "engine/registry.h"
#include "engine/run.h"
#include "report/reporter.h"
#include "source/discover.h"
#include "version.h"

#include <nlohmann/json.hpp>
#include <pg_query.h>

#include <unistd.h>

#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <sstream>

namespace rollsafe::cli {

namespace {

std::string phases_text(PhaseSet set) {
  std::string out;
  for (const Phase p : {Phase::Expand, Phase::Migrate, Phase::Contract}) {
    if (set.contains(p)) {
      out += (out.empty() ? "" : ",") + std::string(to_string(p));
    }
  }
  return out;
}

bool use_color(const std::string& mode) {
  if (mode == "always") {
    return true;
  }
  if (mode == "never") {
    return false;
  }
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && *no_color != '\0') {
    return false;
  }
  return isatty(STDOUT_FILENO) != 0;
}

} // namespace

void Commands::define(CLI::App& app) {
  app.set_version_flag("--version", std::string("rollsafe ") + kVersion + " (libpg_query " +
                                        PG_VERSION + ", PostgreSQL " + PG_MAJORVERSION +
                                        " grammar)");
  app.require_subcommand(1);
  app.fallthrough(false);

  lint_ = app.add_subcommand("lint", "Lint migration files and directories");
  lint_
      ->add_option("paths", paths_,
                   "Files or directories (directories: every *.sql below, in version order); "
                   "- reads standard input")
      ->required();
  lint_->add_option("--dialect", dialect_, "SQL dialect")
      ->check(CLI::IsMember({"postgres", "postgresql"}))
      ->capture_default_str();
  lint_->add_option("--phase", phase_, "Lint every file as this phase (default: detected)")
      ->check(CLI::IsMember({"expand", "migrate", "contract"}));
  lint_->add_option("--pg-version", pg_version_, "Target PostgreSQL major version")
      ->check(CLI::Range(9, 18))
      ->capture_default_str();
  lint_->add_flag("--assume-in-transaction", assume_in_transaction_,
                  "The migration tool runs each file inside a transaction");
  lint_->add_option("--format", format_, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  lint_->add_option("--color", color_, "Colour the text output (NO_COLOR is honoured)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  lint_->add_flag("-q,--quiet", quiet_, "Print findings only: no phase notes, no summary");
  lint_->add_option("--stdin-filename", stdin_filename_,
                    "Path to report (and detect the phase from) for standard input");
  lint_->add_option("-j,--jobs", jobs_, "Files linted in parallel (default: one per core)")
      ->check(CLI::Range(1U, 1024U));

  rules_ = app.add_subcommand("rules", "List the rules");
  rules_->add_option("--format", rules_format_, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  explain_ = app.add_subcommand("explain", "Explain a rule: why it matters and the safe sequence");
  explain_->add_option("rule", rule_id_, "Rule id")->required();
}

int Commands::run(const CLI::App& /*app*/) {
  if (lint_->parsed()) {
    return lint();
  }
  if (rules_->parsed()) {
    return rules();
  }
  return explain();
}

int Commands::lint() {
  LintOptions options;
  options.dialect = Dialect::Postgres;
  if (!phase_.empty()) {
    options.phase = parse_phase(phase_);
  }
  options.pg_version = pg_version_;
  options.assume_in_transaction = assume_in_transaction_;

  RunInput input;
  input.jobs = jobs_;
  std::vector<std::string> paths;
  for (const auto& p : paths_) {
    if (p == "-") {
      if (input.stdin_text) {
        std::cerr << "rollsafe: '-' (standard input) given more than once\n";
        return kExitFailure;
      }
      std::ostringstream buffer;
      buffer << std::cin.rdbuf();
      input.stdin_text = buffer.str();
      input.stdin_name = stdin_filename_.empty() ? "<stdin>" : stdin_filename_;
    } else {
      paths.push_back(p);
    }
  }
  try {
    input.files = discover(paths);
  } catch (const InputError& e) {
    std::cerr << "rollsafe: " << e.what() << '\n';
    return kExitFailure;
  }

  const RunResult result = run_lint(input, options);
  if (format_ == "json") {
    write_json(std::cout, result.files);
  } else {
    write_text(std::cout, result.files, TextStyle{use_color(color_), quiet_});
  }
  std::cout.flush();
  for (const auto& e : result.errors) {
    std::cerr << "rollsafe: " << e << '\n';
  }
  if (!result.errors.empty()) {
    return kExitFailure;
  }
  return summarize(result.files).errors > 0 ? kExitFindings : kExitClean;
}

int Commands::rules() const {
  const auto all = Registry::instance().rules();
  if (rules_format_ == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const Rule* r : all) {
      const RuleInfo& i = r->info();
      nlohmann::ordered_json phases = nlohmann::ordered_json::array();
      for (const Phase p : {Phase::Expand, Phase::Migrate, Phase::Contract}) {
        if (i.phases.contains(p)) {
          phases.push_back(to_string(p));
        }
      }
      out.push_back({{"id", i.id},
                     {"severity", to_string(i.severity)},
                     {"category", to_string(i.category)},
                     {"phases", phases},
                     {"summary", i.summary}});
    }
    std::cout << out.dump(2) << '\n';
    return kExitClean;
  }
  size_t width = 4;
  for (const Rule* r : all) {
    width = std::max(width, r->info().id.size());
  }
  std::cout << std::left << std::setw(static_cast<int>(width) + 2) << "RULE" << std::setw(9)
            << "SEVERITY" << std::setw(25) << "PHASES"
            << "SUMMARY\n";
  for (const Rule* r : all) {
    const RuleInfo& i = r->info();
    std::cout << std::setw(static_cast<int>(width) + 2) << i.id << std::setw(9)
              << to_string(i.severity) << std::setw(25) << phases_text(i.phases) << i.summary
              << '\n';
  }
  return kExitClean;
}

int Commands::explain() const {
  const Rule* rule = Registry::instance().find(rule_id_);
  if (rule == nullptr) {
    std::cerr << "rollsafe: unknown rule '" << rule_id_ << "' (rollsafe rules lists them)\n";
    return kExitFailure;
  }
  const RuleInfo& i = rule->info();
  std::cout << i.id << ": " << i.summary << "\n\n"
            << "Severity: " << to_string(i.severity) << "    Category: " << to_string(i.category)
            << "    Phases: " << phases_text(i.phases) << "\n\n"
            << "Why\n"
            << i.rationale << "\n\n"
            << "Unsafe\n"
            << i.example << "\n\n"
            << "Safe sequence\n"
            << i.safe << '\n';
  return kExitClean;
}

} // namespace rollsafe::cli
