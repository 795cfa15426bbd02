#include "source/discover.h"

#include "engine/phase.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <system_error>

namespace rollsafe {

namespace fs = std::filesystem;

namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// Compares two path segments in natural order.
int compare_natural(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      size_t ei = i;
      size_t ej = j;
      while (ei < a.size() && is_digit(a[ei])) {
        ++ei;
      }
      while (ej < b.size() && is_digit(b[ej])) {
        ++ej;
      }
      std::string_view da = a.substr(i, ei - i);
      std::string_view db = b.substr(j, ej - j);
      const auto strip = [](std::string_view d) {
        const size_t nz = d.find_first_not_of('0');
        return nz == std::string_view::npos ? std::string_view() : d.substr(nz);
      };
      const std::string_view na = strip(da);
      const std::string_view nb = strip(db);
      if (na.size() != nb.size()) {
        return na.size() < nb.size() ? -1 : 1;
      }
      if (const int c = na.compare(nb); c != 0) {
        return c;
      }
      i = ei;
      j = ej;
      continue;
    }
    const auto ca = static_cast<unsigned char>(a[i]);
    const auto cb = static_cast<unsigned char>(b[j]);
    if (ca != cb) {
      return ca < cb ? -1 : 1;
    }
    ++i;
    ++j;
  }
  if (i < a.size() || j < b.size()) {
    return i < a.size() ? 1 : -1;
  }
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

std::optional<Phase> phase_dir(std::string_view segment) {
  return phase_folder(segment); // a file (`expand.sql`) is never exactly a phase word
}

std::vector<std::string_view> segments(std::string_view path) {
  return split(path, '/');
}

// The file name's extension is `.sql` in any case: what fs::path::extension()
// says, without building paths (a name that is only `.sql` has no extension).
bool has_sql_extension(std::string_view name) {
  constexpr std::string_view kExt = ".sql";
  if (name.size() <= kExt.size()) {
    return false;
  }
  const std::string_view ext = name.substr(name.size() - kExt.size());
  return std::equal(ext.begin(), ext.end(), kExt.begin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
}

} // namespace

namespace {

// A path split once into what the order compares: its segments and, for each,
// the phase it names when it is a phase folder (-1 otherwise).
struct SortKey {
  std::vector<std::string_view> segments;
  std::vector<int> phases;
};

SortKey sort_key(std::string_view path) {
  SortKey key;
  key.segments = segments(path);
  key.phases.reserve(key.segments.size());
  for (const std::string_view s : key.segments) {
    const auto p = phase_dir(s);
    key.phases.push_back(p ? static_cast<int>(*p) : -1);
  }
  return key;
}

// `from`: the segments before it are the same in every key being sorted.
bool key_less(const SortKey& a, const SortKey& b, size_t from = 0) {
  const size_t n = std::min(a.segments.size(), b.segments.size());
  for (size_t i = from; i < n; ++i) {
    if (a.segments[i] == b.segments[i]) {
      continue;
    }
    if (a.phases[i] >= 0 && b.phases[i] >= 0 && a.phases[i] != b.phases[i]) {
      return a.phases[i] < b.phases[i];
    }
    return compare_natural(a.segments[i], b.segments[i]) < 0;
  }
  return a.segments.size() < b.segments.size();
}

// Sorts in path_less order, splitting each path once rather than per comparison.
void sort_paths(std::vector<std::string>& paths) {
  std::vector<SortKey> keys;
  keys.reserve(paths.size());
  for (const std::string& p : paths) {
    keys.push_back(sort_key(p));
  }
  // The folders every path starts with (the directory walked) decide nothing:
  // comparisons start after them. The file name always stays in.
  size_t common = keys.empty() ? 0 : keys.front().segments.size() - 1;
  for (const SortKey& k : keys) {
    common = std::min(common, k.segments.size() - 1);
    for (size_t i = 0; i < common; ++i) {
      if (k.segments[i] != keys.front().segments[i]) {
        common = i;
        break;
      }
    }
  }
  std::vector<size_t> order(paths.size());
  for (size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return key_less(keys[x], keys[y], common); });
  std::vector<std::string> sorted;
  sorted.reserve(paths.size());
  for (const size_t i : order) {
    sorted.push_back(std::move(paths[i]));
  }
  paths = std::move(sorted);
}

} // namespace

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(separator, start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool path_less(std::string_view a, std::string_view b) {
  return key_less(sort_key(a), sort_key(b));
}

std::vector<std::string> discover(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      throw InputError("cannot read '" + path +
                       "': " + (ec ? ec.message() : std::string("no such file or directory")));
    }
    if (fs::is_directory(status)) {
      // Each path found is `path` followed by plain names (the walk never yields
      // `.` or `..`): `path` normalised once, then the names, is what
      // lexically_normal() gives for each file, at a fraction of its cost.
      std::string prefix = fs::path(path).lexically_normal().generic_string();
      if (prefix == "." || prefix == "./") {
        prefix.clear();
      } else if (!prefix.ends_with('/')) {
        prefix += '/';
      }
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(path, fs::directory_options::none, ec);
      if (ec) {
        throw InputError("cannot read directory '" + path + "': " + ec.message());
      }
      for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec) {
          throw InputError("cannot read directory '" + path + "': " + ec.message());
        }
        const std::string& walked = it->path().native();
        if (!has_sql_extension(std::string_view(walked).substr(walked.rfind('/') + 1))) {
          continue;
        }
        std::error_code fec;
        if (!it->is_regular_file(fec)) {
          if (fec) { // e.g. a symbolic link loop: say so, not "not a regular file"
            throw InputError("cannot read '" + it->path().string() + "': " + fec.message());
          }
          if (it->is_directory(fec)) {
            continue;
          }
          throw InputError("cannot lint '" + it->path().string() + "': not a regular file");
        }
        const size_t names = walked.find_first_not_of('/', path.size());
        found.push_back(prefix + walked.substr(names));
      }
      if (ec) {
        throw InputError("cannot read directory '" + path + "': " + ec.message());
      }
      sort_paths(found);
      files.insert(files.end(), std::make_move_iterator(found.begin()),
                   std::make_move_iterator(found.end()));
    } else if (fs::is_regular_file(status)) {
      files.push_back(path);
    } else {
      throw InputError("cannot lint '" + path + "': not a regular file or directory");
    }
  }
  return files;
}

namespace {

// Byte offsets are 32-bit (model::Span), so a file must stay below 4 GiB.
constexpr uint64_t kMaxInputBytes = std::numeric_limits<uint32_t>::max();

std::string too_large(const std::string& what) {
  return "cannot lint " + what + ": it is larger than 4 GiB, the most rollsafe reads";
}

// Reads `fd` to its end. `size_hint` only sizes the buffer: files in /proc report
// 0, and a file may grow or shrink while it is read. `exact`: `size_hint` is the
// size fstat() gave a regular file, and once that many bytes are in, the text is
// complete (the size when the file was opened, as other tools read a file): no
// second read() only to see the end of the file, one system call per file fewer.
// A file that shrank meanwhile still ends at the read() that returns 0.
std::string read_all(int fd, const std::string& what, uint64_t size_hint, bool exact = false) {
  std::string text;
  text.resize(std::max<uint64_t>(size_hint, 1) + (exact ? 0 : 1));
  size_t used = 0;
  for (;;) {
    if (exact && used == size_hint) {
      break;
    }
    if (used == text.size()) {
      if (used > kMaxInputBytes) {
        throw InputError(too_large(what));
      }
      text.resize(std::min<uint64_t>(uint64_t{used} * 2, kMaxInputBytes + 1));
    }
    const ssize_t got = ::read(fd, text.data() + used, text.size() - used);
    if (got == 0) {
      break;
    }
    if (got < 0) {
      if (errno == EINTR) {
        continue;
      }
      throw InputError("cannot read " + what + ": " + std::strerror(errno));
    }
    used += static_cast<size_t>(got);
  }
  if (used > kMaxInputBytes) {
    throw InputError(too_large(what));
  }
  text.resize(used);
  return text;
}

class FdCloser {
public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() { ::close(fd_); }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  FdCloser(FdCloser&&) = delete;
  FdCloser& operator=(FdCloser&&) = delete;

private:
  int fd_;
};

} // namespace

std::string read_file(const std::string& path) {
  // O_NONBLOCK: should the path have become a FIFO since discover() looked at
  // it, open() must not wait for a writer; the S_ISREG check then rejects it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    throw InputError("cannot read '" + path + "': " + std::strerror(errno));
  }
  const FdCloser closer(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    throw InputError("cannot read '" + path + "': " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    throw InputError("cannot lint '" + path + "': not a regular file");
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxInputBytes) {
    throw InputError(too_large("'" + path + "'"));
  }
  // Size 0 says nothing (files in /proc): read those to their end.
  const auto size = static_cast<uint64_t>(st.st_size);
  return read_all(fd, "'" + path + "'", size, /*exact=*/size > 0);
}

std::string read_standard_input() {
  // A closed standard input (`rollsafe lint - <&-`) is an error, not an empty file.
  struct stat st {};
  if (::fstat(STDIN_FILENO, &st) != 0) {
    throw InputError(std::string("cannot read standard input: ") + std::strerror(errno));
  }
  const uint64_t hint = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
  return read_all(STDIN_FILENO, "standard input", hint);
}

std::string release_key(std::string_view path) {
  // Segment by segment without splitting the path: the key of a file in a phase
  // folder is the path before that folder (`a/b/expand/x.sql` -> `a/b/`).
  for (size_t start = 0;;) {
    const size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      break; // the file name is never a phase folder
    }
    const std::string_view segment = path.substr(start, end - start);
    if (!phase_dir(segment)) {
      start = end + 1;
      continue;
    }
    std::string key(path.substr(0, start));
    if (segment.ends_with("_repo")) {
      // Per-phase repositories: expand_repo/003_x.sql pairs with contract_repo/003_y.sql.
      const std::string_view file = path.substr(path.rfind('/') + 1);
      size_t digits = 0;
      while (digits < file.size() && is_digit(file[digits])) {
        ++digits;
      }
      key += "#";
      key += digits > 0 ? file.substr(0, digits) : file;
    }
    return key;
  }
  return std::string(path);
}

} // namespace rollsafe
