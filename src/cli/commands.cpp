#include "cli/commands.h"

#include "config/config.h"
#include "engine/directives.h"
#include "engine/linter.h"
#include "engine/phase.h"
#include "engine/registry.h"
#include "engine/run.h"
#include "frontend/frontend.h"
#include "history/inputs.h"
#include "report/ci_formats.h"
#include "report/reporter.h"
#include "source/discover.h"
#include "version.h"

#include <nlohmann/json.hpp>
#include <pg_query.h>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <optional>
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

// "postgres,mysql": the dialects a rule checks (mysql covers MariaDB).
std::string dialects_text(DialectSet set) {
  std::string out;
  for (const Dialect d : {Dialect::Postgres, Dialect::MySQL}) {
    if (set.contains(d)) {
      out += (out.empty() ? "" : ",") + std::string(to_string(d));
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

// What SARIF says about each rule, the reserved ids included.
std::vector<RuleMeta> rule_metas() {
  std::vector<RuleMeta> out;
  for (const Rule* r : Registry::instance().rules()) {
    const RuleInfo& i = r->info();
    out.push_back({std::string(i.id), std::string(i.summary), std::string(i.rationale),
                   std::string(i.safe), i.severity});
  }
  const auto reserved = [&](std::string_view id, std::string summary, std::string rationale,
                            Severity severity) {
    out.push_back({std::string(id), std::move(summary), std::move(rationale), "", severity});
  };
  reserved(kSyntaxErrorRule,
           std::string("The statement does not parse with PostgreSQL ") + PG_MAJORVERSION +
               "'s grammar",
           "rollsafe never passes a file it could not check: a statement the parser rejects is "
           "an error, and the rest of the file is still checked.",
           Severity::Error);
  reserved(kInvalidInputRule, "The file holds NUL bytes or invalid UTF-8",
           "A migration file is UTF-8 text; rollsafe cannot check bytes that are not.",
           Severity::Error);
  reserved(kInvalidDirectiveRule, "A rollsafe: directive cannot be understood",
           "A directive that does not parse would silently not do what its author meant.",
           Severity::Error);
  reserved(kUnexplainedSuppressionRule, "A suppression gives no reason",
           "Every exception to a rule must say why it is safe, so that reviewers can check it.",
           Severity::Error);
  reserved(kUnusedSuppressionRule, "A suppression suppresses nothing",
           "A suppression whose finding is gone (or whose rule does not exist) would hide the "
           "next, unrelated finding of that rule.",
           Severity::Warning);
  return out;
}

// Lints for the formats of CI systems and editors: compact and github stream
// file by file; sarif, gitlab and junit need the whole run.
RunResult lint_to(const std::string& format, std::ostream& out, RunInput input,
                  ConfigResolver& configs) {
  const SourceRoot root = SourceRoot::find(std::filesystem::current_path());
  if (format == "compact") {
    return run_lint(std::move(input), configs, [&](FileReport&& f) { write_compact(out, f); });
  }
  if (format == "github") {
    return run_lint(std::move(input), configs, [&](FileReport&& f) { write_github(out, f, root); });
  }
  std::vector<FileReport> files;
  RunResult result = run_lint(std::move(input), configs, [&](FileReport&& f) {
    // Findings decided after the last file join their file's report.
    if (f.continuation) {
      for (FileReport& earlier : files) {
        if (earlier.path == f.path) {
          // Their texts move with them into the earlier report's store.
          for (const Diagnostic& d : f.diagnostics) {
            earlier.adopt(earlier.diagnostics, d);
          }
          for (const Diagnostic& d : f.suppressed) {
            earlier.adopt(earlier.suppressed, d);
          }
          return;
        }
      }
    }
    files.push_back(std::move(f));
  });
  if (format == "gitlab") {
    write_gitlab(out, files, root);
  } else if (format == "junit") {
    write_junit(out, files);
  } else {
    const std::string home = kHomepageUrl;
    write_sarif(out, files,
                SarifTool{kVersion, home, home.empty() ? "" : home + "#rules", rule_metas()}, root);
  }
  return result;
}

} // namespace

void Commands::define(CLI::App& app) {
  app.set_version_flag("--version", std::string("rollsafe ") + kVersion + " (libpg_query " +
                                        PG_VERSION + ", PostgreSQL " + PG_MAJORVERSION +
                                        " grammar; MySQL/MariaDB grammar on ANTLR runtime " +
                                        mysql_parser_runtime_version() + ")");
  app.require_subcommand(1);
  app.fallthrough(false);

  lint_ = app.add_subcommand("lint", "Lint migration files and directories");
  lint_
      ->add_option("paths", paths_,
                   "Files or directories (directories: every *.sql below, in version order); "
                   "- reads standard input")
      ->required();
  lint_->add_option("--dialect", dialect_, "SQL dialect")
      ->check(CLI::IsMember({"postgres", "postgresql", "mysql", "mariadb"}))
      ->capture_default_str();
  lint_->add_option("--phase", phase_, "Lint every file as this phase (default: detected)")
      ->check(CLI::IsMember({"expand", "migrate", "contract"}));
  lint_->add_option("--pg-version", pg_version_, "Target PostgreSQL major version")
      ->check(CLI::Range(9, 18))
      ->capture_default_str();
  lint_
      ->add_option("--mysql-version", mysql_version_,
                   "Target MySQL or MariaDB version, e.g. 8.0, 8.0.13, 10.11 (default: 8.0 for "
                   "mysql, 10.11 for mariadb)")
      ->check([](const std::string& v) {
        return parse_server_version(v) ? std::string()
                                       : "not a MySQL or MariaDB version such as 8.0 or 10.11";
      });
  lint_->add_flag("--assume-in-transaction", assume_in_transaction_,
                  "The migration tool runs each file inside a transaction");
  lint_->add_option("--format", format_, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "github", "gitlab", "junit", "compact"}))
      ->capture_default_str();
  lint_->add_option("-o,--output", output_,
                    "Write the report to this file; a summary line still goes to standard output");
  lint_->add_option("--color", color_, "Colour the text output (NO_COLOR is honoured)")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  lint_->add_flag("-q,--quiet", quiet_, "Print findings only: no phase notes, no summary");
  lint_->add_option("--stdin-filename", stdin_filename_,
                    "Path to report (and detect the phase from) for standard input");
  lint_
      ->add_option("-j,--jobs", jobs_,
                   "Files linted in parallel (default: one per CPU this process may use)")
      ->check(CLI::Range(1U, 1024U));
  lint_->add_option("--config", config_,
                    "Use this configuration file instead of looking for rollsafe.toml");
  lint_->add_flag("--show-suppressed", show_suppressed_,
                  "Also show findings silenced by rollsafe: ignore[...] directives");
  std::vector<std::string> layouts{"auto"};
  layouts.insert(layouts.end(), layout_names().begin(), layout_names().end());
  lint_->add_option("--layout", layout_, "Migration directory layout (default: detected)")
      ->check(CLI::IsMember(layouts))
      ->capture_default_str();
  lint_->add_option("--changed-since", changed_since_,
                    "Judge only files git reports added or changed since this revision (and "
                    "untracked ones); replay the rest as history");
  lint_->add_option("--history", history_,
                    "Migration directory to replay as history; only the paths given are judged "
                    "(what a pre-commit hook passes)");
  lint_->add_option("--schema", schema_,
                    "Structure dump (pg_dump --schema-only) to start the catalog from");

  config_cmd_ = app.add_subcommand(
      "config", "Print the effective configuration for a path and where each value comes from");
  config_cmd_->add_option("path", config_path_, "A migration file or folder (default: .)");
  config_cmd_->add_option("--config", config_, "Use this configuration file");

  rules_ = app.add_subcommand("rules", "List the rules");
  rules_->add_option("--format", rules_format_, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  explain_ = app.add_subcommand("explain", "Explain a rule: why it matters and the safe sequence");
  explain_->add_option("rule", rule_id_, "Rule id")->required();

  trace_ = app.add_subcommand(
      "trace", "Run a migration on a scratch database and report locks, rewrites and timings "
               "per statement next to the static findings");
  trace_->add_option("file", trace_file_, "The migration file")->required();
  auto* pg = trace_->add_option("--pg", trace_pg_,
                                "PostgreSQL connection URI or string; the file runs in one "
                                "transaction that is rolled back");
  auto* mysql = trace_->add_option("--mysql", trace_mysql_,
                                   "MariaDB/MySQL URI: mysql://user[:password]@host[:port]/db or "
                                   "mysql://user@/db?socket=PATH (DDL commits: the changes stay)");
  pg->excludes(mysql);
  mysql->excludes(pg);
  trace_->add_flag("--i-know-this-is-scratch", trace_scratch_,
                   "Run even though the database name does not end in _scratch");
  trace_->add_option("--format", trace_format_, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  trace_->add_option("--config", config_, "Use this configuration file for the static findings");
}

int Commands::run(const CLI::App& /*app*/) {
  if (lint_->parsed()) {
    return lint();
  }
  if (config_cmd_->parsed()) {
    return show_config();
  }
  if (rules_->parsed()) {
    return rules();
  }
  if (trace_->parsed()) {
    return trace();
  }
  return explain();
}

CommandLineSettings Commands::command_line_settings() const {
  CommandLineSettings cli;
  if (!config_.empty()) {
    cli.config = config_;
  }
  if (lint_->count("--dialect") > 0) {
    const bool mysql = dialect_ == "mysql" || dialect_ == "mariadb";
    cli.dialect = mysql ? Dialect::MySQL : Dialect::Postgres;
    cli.mariadb = dialect_ == "mariadb";
  }
  if (!mysql_version_.empty()) {
    cli.mysql_version = parse_server_version(mysql_version_);
  }
  if (!phase_.empty()) {
    cli.phase = parse_phase(phase_);
  }
  if (lint_->count("--pg-version") > 0) {
    cli.pg_version = pg_version_;
  }
  cli.assume_in_transaction = assume_in_transaction_;
  return cli;
}

int Commands::lint() {
  RunInput input;
  input.jobs = jobs_;
  std::vector<std::string> paths;
  for (const auto& p : paths_) {
    if (p == "-") {
      if (input.stdin_text) {
        std::cerr << "rollsafe: '-' (standard input) given more than once\n";
        return kExitFailure;
      }
      try {
        input.stdin_text = read_standard_input(); // closed or unreadable: exit 2
      } catch (const InputError& e) {
        std::cerr << "rollsafe: " << e.what() << '\n';
        return kExitFailure;
      }
      input.stdin_name = stdin_filename_.empty() ? std::string(kStdinName) : stdin_filename_;
    } else {
      paths.push_back(p);
    }
  }
  // A run over a directory or several files starts its other threads now:
  // they set up while this one plans (one file is linted on this thread).
  std::error_code ec; // a path that is not there is plan_inputs' to report
  if (const unsigned jobs = job_count(jobs_);
      jobs > 1 && (paths.size() + (input.stdin_text ? 1 : 0) > 1 ||
                   (paths.size() == 1 && std::filesystem::is_directory(paths.front(), ec)))) {
    input.workers = &process_workers(jobs - 1);
  }
  PlannedInput planned;
  try {
    HistoryOptions history;
    history.layout = layout_;
    if (!changed_since_.empty()) {
      history.changed_since = changed_since_;
    }
    if (!history_.empty()) {
      history.history = history_;
    }
    planned = plan_inputs(paths, history, input.workers);
  } catch (const InputError& e) {
    std::cerr << "rollsafe: " << e.what() << '\n';
    return kExitFailure;
  }
  input.units = std::move(planned.units);
  input.folders = planned.folders.get();
  if (!schema_.empty()) {
    input.schema = schema_;
  }

  // --output: the report goes to the file, a summary line to the terminal.
  std::ofstream report_file;
  if (!output_.empty()) {
    report_file.open(output_, std::ios::binary | std::ios::trunc);
    if (!report_file) {
      std::cerr << "rollsafe: cannot write " << output_ << ": " << std::strerror(errno) << '\n';
      return kExitFailure;
    }
  }
  std::ostream& out = output_.empty() ? std::cout : report_file;

  // Text and JSON stream each file's findings as soon as it is linted.
  TextStyle style{output_.empty() ? use_color(color_) : color_ == "always", quiet_,
                  show_suppressed_, 0};
  std::optional<JsonWriter> json;
  RunResult result;
  try {
    ConfigResolver configs(command_line_settings());
    configs.without_configuration(planned.plain_folders);
    if (format_ == "json") {
      json.emplace(out);
      for (const LayoutSeen& seen : planned.layouts) {
        json->layout(seen.root, seen.layout, seen.summary);
      }
      result = run_lint(std::move(input), configs, [&](FileReport&& f) { json->file(f); });
      json->finish();
    } else if (format_ == "text") {
      if (!quiet_) {
        for (const LayoutSeen& seen : planned.layouts) {
          out << layout_line(seen, planned) << '\n';
        }
      }
      TextWriter writer(out, style, /*per_file=*/output_.empty() && isatty(STDOUT_FILENO) != 0);
      result = run_lint(std::move(input), configs, [&](FileReport&& f) { writer.file(f); });
      writer.flush();
      style.excluded = result.excluded;
      write_text_summary(out, result.summary, style);
    } else {
      result = lint_to(format_, out, std::move(input), configs);
    }
  } catch (const ConfigError& e) {
    std::cout.flush();
    std::cerr << "rollsafe: " << e.what() << '\n';
    return kExitFailure;
  } catch (const InputError& e) { // the --schema dump
    std::cout.flush();
    std::cerr << "rollsafe: " << e.what() << '\n';
    return kExitFailure;
  }
  if (!output_.empty()) {
    errno = 0;
    report_file.close();
    if (!report_file) {
      std::cerr << "rollsafe: cannot write " << output_
                << (errno != 0 ? std::string(": ") + std::strerror(errno) : "") << '\n';
      return kExitFailure;
    }
    std::ostringstream summary;
    write_text_summary(summary, result.summary,
                       TextStyle{use_color(color_), quiet_, false, result.excluded});
    if (std::string line = summary.str(); !line.empty()) {
      line.pop_back(); // its newline
      std::cout << line << "; report written to " << output_ << '\n';
    }
  }
  std::cout.flush();
  for (const auto& e : result.errors) {
    std::cerr << "rollsafe: " << e << '\n';
  }
  if (!std::cout) { // closed (`>&-`) or full: the findings never reached the user
    std::cerr << "rollsafe: cannot write standard output\n";
    return kExitFailure;
  }
  if (!result.errors.empty()) {
    return kExitFailure;
  }
  return result.summary.errors > 0 ? kExitFindings : kExitClean;
}

int Commands::show_config() const {
  try {
    CommandLineSettings cli;
    if (!config_.empty()) {
      cli.config = config_;
    }
    ConfigResolver configs(cli);
    const std::string path = config_path_.empty() ? "." : config_path_;
    // A folder stands for a file inside it, so the folder's own configuration applies.
    const std::filesystem::path probe = std::filesystem::is_directory(path)
                                            ? std::filesystem::path(path) / "x.sql"
                                            : std::filesystem::path(path);
    const auto config = configs.config_for(probe);
    const FileSettings s = configs.settings_for(probe.string());
    std::cout << "configuration: "
              << (config->file.empty() ? std::string("none found (defaults)")
                                       : config->file.string())
              << '\n';
    const auto line = [](std::string_view key, const std::string& value, const std::string& from) {
      std::cout << "  " << std::left << std::setw(28) << key << std::setw(12) << value << from
                << '\n';
    };
    line("dialect",
         config->mariadb ? std::string("mariadb") : std::string(to_string(config->dialect.value)),
         config->dialect.source);
    line("pg-version", std::to_string(config->pg_version.value), config->pg_version.source);
    line("mysql-version",
         format_server_version(config->mysql_version.value.value_or(
             config->mariadb ? kDefaultMariaDbVersion : kDefaultMySqlVersion)),
         config->mysql_version.source);
    line("default-phase",
         config->default_phase.value ? std::string(to_string(*config->default_phase.value))
                                     : std::string("(detected)"),
         config->default_phase.source);
    line("assume-in-transaction", config->assume_in_transaction.value ? "true" : "false",
         config->assume_in_transaction.source);
    line("require-suppression-reasons", config->require_reasons.value ? "true" : "false",
         config->require_reasons.source);
    for (const auto& [glob, phase] : config->phases) {
      line("phases \"" + glob + "\"", std::string(to_string(phase)), config->phases_source);
    }
    for (const auto& glob : config->exclude) {
      line("exclude", glob, config->exclude_source);
    }
    for (const auto& [id, level] : config->rules) {
      line("rules." + id, std::string(to_string(level.value)), level.source);
    }
    for (const auto& o : config->overrides) {
      for (const auto& [id, level] : o.rules) {
        std::string globs;
        for (const auto& g : o.globs) {
          globs += (globs.empty() ? "" : ", ") + g;
        }
        line("overrides [" + globs + "] " + id, std::string(to_string(level)), o.source);
      }
    }
    if (!config_path_.empty()) {
      std::cout << "for " << config_path_ << ": " << (s.excluded ? "excluded" : "linted")
                << (s.mapped_phase ? ", phase " + std::string(to_string(*s.mapped_phase)) + " (" +
                                         s.mapped_phase_source + ")"
                                   : std::string(", phase detected from directives and the path"))
                << '\n';
    }
  } catch (const ConfigError& e) {
    std::cerr << "rollsafe: " << e.what() << '\n';
    return kExitFailure;
  }
  return kExitClean;
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
      nlohmann::ordered_json dialects = nlohmann::ordered_json::array();
      for (const Dialect d : {Dialect::Postgres, Dialect::MySQL}) {
        if (i.dialects.contains(d)) {
          dialects.push_back(to_string(d));
        }
      }
      out.push_back({{"id", i.id},
                     {"severity", to_string(i.severity)},
                     {"category", to_string(i.category)},
                     {"phases", phases},
                     {"dialects", dialects},
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
            << "SEVERITY" << std::setw(25) << "PHASES" << std::setw(16) << "DIALECTS"
            << "SUMMARY\n";
  for (const Rule* r : all) {
    const RuleInfo& i = r->info();
    std::cout << std::setw(static_cast<int>(width) + 2) << i.id << std::setw(9)
              << to_string(i.severity) << std::setw(25) << phases_text(i.phases) << std::setw(16)
              << dialects_text(i.dialects) << i.summary << '\n';
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
  // Rules of both dialects say nothing about dialects (the common case); a
  // rule of one dialect names it.
  const std::string dialects = i.dialects.bits == DialectSet::all().bits
                                   ? std::string()
                                   : "    Dialects: " + dialects_text(i.dialects);
  std::cout << i.id << ": " << i.summary << "\n\n"
            << "Severity: " << to_string(i.severity) << "    Category: " << to_string(i.category)
            << "    Phases: " << phases_text(i.phases) << dialects << "\n\n"
            << "Why\n"
            << i.rationale << "\n\n"
            << "Unsafe\n"
            << i.example << "\n\n"
            << "Safe sequence\n"
            << i.safe << '\n';
  if (!i.mysql_example.empty()) {
    std::cout << "\nUnsafe (MySQL/MariaDB)\n"
              << i.mysql_example << "\n\n"
              << "Safe sequence (MySQL/MariaDB)\n"
              << i.mysql_safe << '\n';
  }
  return kExitClean;
}

namespace {
std::vector<char*>& arguments() {
  static std::vector<char*> args;
  return args;
}
} // namespace

void Commands::remember_arguments(int argc, char** argv) {
  arguments().assign(argv, argv + argc);
  arguments().push_back(nullptr);
}

const std::vector<char*>& Commands::remembered_arguments() {
  return arguments();
}

} // namespace rollsafe::cli
