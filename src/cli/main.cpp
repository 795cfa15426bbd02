// rollsafe's command line: lint, rules, explain.
// Exit status: 0 no error-severity finding, 1 at least one (syntax errors count),
// 2 the tool could not do its job (usage, unreadable input, internal failure).
#include "cli/commands.h"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  // Output goes through iostreams only: unsynchronised, it is buffered instead of
  // going to stdio character run by character run.
  std::ios::sync_with_stdio(false);
  try {
    rollsafe::cli::Commands::remember_arguments(argc, argv);
    rollsafe::cli::Commands commands;
    CLI::App app{"rollsafe: checks SQL schema migrations for rolling-upgrade safety", "rollsafe"};
    commands.define(app);
    try {
      app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
      return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
      return app.exit(e);
    } catch (const CLI::ParseError& e) {
      std::cerr << "rollsafe: " << e.what() << " (see rollsafe --help)\n";
      return rollsafe::cli::kExitFailure;
    }
    return commands.run(app);
  } catch (const std::exception& e) {
    std::cerr << "rollsafe: " << e.what() << '\n';
    return rollsafe::cli::kExitFailure;
  }
}
