// Runs the rollsafe binary the way a user's shell would and captures the result.
#pragma once

#include "support/scratch_dir.h"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rollsafe::test {

struct CliRun {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `args` is passed to /bin/sh as written (quote as needed). `stdin_text`, when
// given, is fed on standard input. `cwd` is the working directory.
inline CliRun run_rollsafe(const std::string& args, const std::string* stdin_text = nullptr,
                           const std::string& cwd = ".") {
  const ScratchDir dir("cli");
  std::string command =
      "cd '" + cwd + "' && NO_COLOR= '" + std::string(ROLLSAFE_BINARY) + "' " + args;
  if (stdin_text != nullptr) {
    command += " < '" + dir.write("in", *stdin_text).string() + "'";
  } else {
    command += " < /dev/null";
  }
  command += " > '" + (dir / "out").string() + "' 2> '" + (dir / "err").string() + "'";
  CliRun r;
  const int raw = std::system(command.c_str());
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = slurp(dir / "out");
  r.err = slurp(dir / "err");
  return r;
}

} // namespace rollsafe::test
