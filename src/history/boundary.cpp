#include "history/boundary.h"

#include "source/discover.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

extern char** environ; // NOLINT(readability-redundant-declaration): POSIX declares it nowhere

namespace rollsafe {

namespace fs = std::filesystem;

namespace {

std::string read_fd(int fd) {
  std::string out;
  std::array<char, 65536> buf{};
  for (;;) {
    const ssize_t got = ::read(fd, buf.data(), buf.size());
    if (got == 0) {
      break;
    }
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    out.append(buf.data(), static_cast<size_t>(got));
  }
  return out;
}

std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> out;
  for (const std::string_view part : split(text, '\0')) {
    if (!part.empty()) {
      out.emplace_back(part);
    }
  }
  return out;
}

} // namespace

std::string canonical_path(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) {
    p = fs::absolute(path).lexically_normal();
  }
  return p.generic_string();
}

std::string CanonicalPaths::operator()(const std::string& path) {
  const fs::path p(path);
  const std::string dir = p.parent_path().string();
  auto it = dirs_.find(dir);
  if (it == dirs_.end()) {
    it = dirs_.emplace(dir, canonical_path(dir.empty() ? "." : dir)).first;
  }
  return it->second + "/" + p.filename().string();
}

std::string run_git(const std::string& dir, const std::vector<std::string>& args) {
  std::vector<std::string> argv_text{"git", "-C", dir};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(argv_text.size() + 1);
  for (std::string& a : argv_text) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);

  std::array<int, 2> out{};
  std::array<int, 2> err{};
  if (::pipe2(out.data(), O_CLOEXEC) != 0 || ::pipe2(err.data(), O_CLOEXEC) != 0) {
    throw InputError(std::string("cannot run git: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  ::close(err[1]);
  if (spawned != 0) {
    ::close(out[0]);
    ::close(err[0]);
    throw InputError(std::string("cannot run git: ") + std::strerror(spawned));
  }
  // git's error output is small; read standard output first, then it.
  std::string text = read_fd(out[0]);
  std::string error = read_fd(err[0]);
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    while (!error.empty() && (error.back() == '\n' || error.back() == '\r')) {
      error.pop_back();
    }
    throw InputError("git " + (args.empty() ? std::string() : args.front()) + " failed: " +
                     (error.empty()
                          ? std::string("exit status ") + std::to_string(WEXITSTATUS(status))
                          : error));
  }
  return text;
}

Changes changed_since(const std::string& rev, const std::string& where) {
  std::error_code ec;
  const std::string dir =
      fs::is_directory(where, ec) ? where : fs::path(where).parent_path().string();
  std::string top = run_git(dir.empty() ? "." : dir, {"rev-parse", "--show-toplevel"});
  while (!top.empty() && (top.back() == '\n' || top.back() == '\r')) {
    top.pop_back();
  }
  Changes out;
  CanonicalPaths canonical;
  // --end-of-options: a revision that starts with '-' is not taken for an option.
  // -z --name-status: status and path alternate, each NUL-terminated.
  const std::vector<std::string> diff =
      split_nul(run_git(top, {"diff", "--name-status", "-z", "--no-renames", "--diff-filter=d",
                              "--end-of-options", rev, "--"}));
  for (size_t i = 0; i + 1 < diff.size(); i += 2) {
    (diff[i] == "A" ? out.added : out.modified).insert(canonical(top + "/" + diff[i + 1]));
  }
  for (const std::string& f :
       split_nul(run_git(top, {"ls-files", "--others", "--exclude-standard", "-z"}))) {
    out.added.insert(canonical(top + "/" + f));
  }
  return out;
}

} // namespace rollsafe
