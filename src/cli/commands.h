// The subcommands and their options, kept apart from main() so tests and the man
// page generator can build the same CLI11 definition.
#pragma once

#include "config/config.h"
#include "engine/options.h"

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace rollsafe::cli {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitFailure = 2;

class Commands {
public:
  void define(CLI::App& app);
  // Runs the subcommand the parsed command line selected; returns the exit status.
  int run(const CLI::App& app);
  // Keeps main()'s arguments: `trace` hands them to the rollsafe-trace executable.
  static void remember_arguments(int argc, char** argv);
  static const std::vector<char*>& remembered_arguments(); // null-terminated

private:
  int lint();
  int show_config() const;
  int rules() const;
  int explain() const;
  int trace();
  [[nodiscard]] CommandLineSettings command_line_settings() const;

  CLI::App* lint_ = nullptr;
  CLI::App* rules_ = nullptr;
  CLI::App* explain_ = nullptr;
  CLI::App* config_cmd_ = nullptr;
  CLI::App* trace_ = nullptr;

  // lint
  std::vector<std::string> paths_;
  std::string dialect_ = "postgres";
  std::string phase_;
  int pg_version_ = 15;
  std::string mysql_version_;
  bool assume_in_transaction_ = false;
  std::string format_ = "text";
  std::string output_; // --output: the report goes to this file
  std::string color_ = "auto";
  bool quiet_ = false;
  std::string stdin_filename_;
  unsigned jobs_ = 0;
  std::string config_;
  bool show_suppressed_ = false;
  std::string layout_ = "auto"; // --layout
  std::string changed_since_;   // --changed-since REV
  std::string history_;         // --history DIR
  std::string schema_;          // --schema FILE
  std::string config_path_;
  // rules / explain
  std::string rules_format_ = "text";
  std::string rule_id_;
  // trace
  std::string trace_file_;
  std::string trace_pg_;
  std::string trace_mysql_;
  bool trace_scratch_ = false;
  std::string trace_format_ = "text";
};

} // namespace rollsafe::cli
