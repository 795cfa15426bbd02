// `rollsafe trace` in the rollsafe executable: runs the rollsafe-trace executable
// installed next to it with the same arguments (see trace_command.cpp for why the
// command lives in its own executable). The options were already checked here, so
// a usage error reads the same either way.
#include "cli/commands.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

namespace rollsafe::cli {

int Commands::trace() {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::filesystem::path helper = self.parent_path() / "rollsafe-trace";
  const std::vector<char*>& argv = Commands::remembered_arguments();
  if (ec || argv.empty()) {
    std::cerr << "rollsafe: trace: cannot find the rollsafe executable's folder\n";
    return kExitFailure;
  }
  std::cout.flush();
  std::vector<char*> args = argv; // null-terminated
  std::string program = helper.string();
  args[0] = program.data();
  ::execv(program.c_str(), args.data());
  std::cerr << "rollsafe: trace needs " << program
            << " (installed with rollsafe): " << std::strerror(errno) << '\n';
  return kExitFailure;
}

} // namespace rollsafe::cli
