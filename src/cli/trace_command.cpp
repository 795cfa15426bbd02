// `rollsafe trace`, the real thing: runs the migration on a scratch database
// through libpq or libmariadb. It is linked into the rollsafe-trace executable
// only; `rollsafe` itself hands the command over to it (trace_handover.cpp), so
// the linter does not load the two client libraries (and what they pull in:
// TLS, Kerberos, LDAP) at every start: about 8 ms of a one-file lint.
#include "cli/commands.h"
#include "config/config.h"
#include "source/discover.h"
#include "trace/trace.h"

#include <filesystem>
#include <iostream>

namespace rollsafe::cli {

// trace: exit 2 when it refuses (not a scratch database, no connection), 1 when a
// statement failed on the server or the static rules found an error, else 0.
int Commands::trace() {
  if (trace_pg_.empty() == trace_mysql_.empty()) {
    std::cerr << "rollsafe: trace needs --pg URI or --mysql URI\n";
    return kExitFailure;
  }
  trace::TraceInput input;
  input.path = trace_file_;
  input.scratch_confirmed = trace_scratch_;
  try {
    if (std::filesystem::is_directory(trace_file_)) {
      std::cerr << "rollsafe: trace takes one migration file, not the directory " << trace_file_
                << '\n';
      return kExitFailure;
    }
    input.text = read_file(trace_file_);
    CommandLineSettings cli;
    if (!config_.empty()) {
      cli.config = config_;
    }
    ConfigResolver configs(cli);
    input.settings = configs.settings_for(trace_file_);
  } catch (const InputError& e) {
    std::cerr << "rollsafe: " << e.what() << '\n';
    return kExitFailure;
  } catch (const ConfigError& e) {
    std::cerr << "rollsafe: " << e.what() << '\n';
    return kExitFailure;
  }
  trace::TraceReport report;
  try {
    report = trace_pg_.empty() ? trace::trace_mariadb(trace_mysql_, input)
                               : trace::trace_postgres(trace_pg_, input);
  } catch (const trace::TraceRefused& e) {
    std::cerr << "rollsafe: " << e.what() << '\n';
    return kExitFailure;
  }
  if (trace_format_ == "json") {
    trace::write_trace_json(std::cout, report);
  } else {
    trace::write_trace_text(std::cout, report);
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "rollsafe: cannot write standard output\n";
    return kExitFailure;
  }
  bool error_finding = false;
  for (const auto& s : report.statements) {
    for (const auto& d : s.findings) {
      error_finding = error_finding || d.severity == Severity::Error;
    }
  }
  return report.any_failed() || error_finding ? kExitFindings : kExitClean;
}

} // namespace rollsafe::cli
