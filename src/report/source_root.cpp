#include "report/ci_formats.h"

#include <system_error>

namespace rollsafe {

namespace fs = std::filesystem;

namespace {

// `inner` relative to `outer` when it lies inside it.
std::optional<fs::path> inside(const fs::path& inner, const fs::path& outer) {
  const fs::path rel = inner.lexically_relative(outer);
  if (rel.empty() || *rel.begin() == "..") {
    return std::nullopt;
  }
  return rel;
}

} // namespace

SourceRoot SourceRoot::find(const fs::path& cwd) {
  SourceRoot r;
  r.cwd = cwd.lexically_normal();
  r.root = r.cwd;
  for (fs::path dir = r.cwd;; dir = dir.parent_path()) {
    std::error_code ec;
    if (fs::exists(dir / ".git", ec)) {
      r.root = dir;
      break;
    }
    if (dir == dir.parent_path() || dir.empty()) {
      break;
    }
  }
  return r;
}

fs::path SourceRoot::absolute(const std::string& path) const {
  return (cwd / fs::path(path)).lexically_normal();
}

std::optional<std::string> SourceRoot::relative(const std::string& path) const {
  if (path == kStdinName) {
    return path;
  }
  const fs::path abs = absolute(path);
  auto rel = inside(abs, root);
  if (!rel) {
    // Perhaps through a symbolic link: compare the resolved paths.
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(abs, ec);
    const fs::path real_root = fs::weakly_canonical(root, ec);
    if (!ec) {
      rel = inside(real, real_root);
    }
  }
  if (!rel) {
    return std::nullopt;
  }
  return rel->generic_string();
}

std::string SourceRoot::display(const std::string& path) const {
  return relative(path).value_or(absolute(path).generic_string());
}

} // namespace rollsafe
