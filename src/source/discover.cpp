#include "source/discover.h"

#include "common/ascii.h"
#include "common/byte_order.h"
#include "common/config_names.h"
#include "common/last_slash.h"
#include "engine/phase.h"
#include "engine/workers.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <system_error>

namespace rollsafe {

namespace fs = std::filesystem;

namespace {

// Compares two path segments in natural order.
int compare_natural(std::string_view a, std::string_view b) {
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() && j < b.size()) {
    if (ascii_digit(a[i]) && ascii_digit(b[j])) {
      size_t ei = i;
      size_t ej = j;
      while (ei < a.size() && ascii_digit(a[ei])) {
        ++ei;
      }
      while (ej < b.size() && ascii_digit(b[ej])) {
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

// A key whose byte order is compare_natural()'s order (ties aside, which only
// names that differ in leading zeros have): each digit run becomes '0' (digits
// are the only bytes from '0' to '9', so against any other byte it compares as
// any digit would), the length of the run without its leading zeros (one
// byte below 255, else 255 and four bytes), then those digits; other bytes stay.
// Sorting a folder's names by key costs a memcmp per comparison instead of a
// walk over two names that share a long timestamp.
// Appends the key to `key` (a folder's keys share one string).
void append_natural_key(std::string_view name, std::string& key) {
  for (size_t i = 0; i < name.size();) {
    const size_t digits = first_digit(name, i);
    key.append(name.substr(i, digits - i));
    const size_t end = digit_run_end(name, digits);
    i = digits;
    while (i < end && name[i] == '0') {
      ++i;
    }
    if (digits < end) {
      const size_t n = end - i;
      if (n < 0xFFU) {
        const std::array<char, 2> length{'0', static_cast<char>(n)};
        key.append(length.data(), length.size());
      } else {
        const std::array<char, 6> length{'0',
                                         static_cast<char>(0xFFU),
                                         static_cast<char>((n >> 24U) & 0xFFU),
                                         static_cast<char>((n >> 16U) & 0xFFU),
                                         static_cast<char>((n >> 8U) & 0xFFU),
                                         static_cast<char>(n & 0xFFU)};
        key.append(length.data(), length.size());
      }
      key.append(name.substr(i, n));
    }
    i = end;
  }
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
  return name.size() > kExt.size() && iequals_ascii(name.substr(name.size() - kExt.size()), kExt);
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

namespace {

// `path` and `name` joined as std::filesystem's operator/ joins them: a '/'
// between unless `path` ends with one. Messages name walked paths so.
std::string join(const std::string& path, std::string_view name) {
  std::string out = path;
  if (!out.ends_with('/')) {
    out += '/';
  }
  out += name;
  return out;
}

// A name the configuration lookup probes for. Compared without case, so that a
// file system that ignores case never hides a configuration file.
bool is_probed_name(std::string_view name) {
  return std::any_of(kConfigFileNames.begin(), kConfigFileNames.end(),
                     [&](std::string_view n) { return iequals_ascii(name, n); }) ||
         iequals_ascii(name, kRepositoryMarker);
}

class FdCloser {
public:
  explicit FdCloser(int fd) : fd_(fd) {}
  ~FdCloser() {
    if (fd_ >= 0) {
      ::close(fd_);
    }
  }
  FdCloser(const FdCloser&) = delete;
  FdCloser& operator=(const FdCloser&) = delete;
  FdCloser(FdCloser&&) = delete;
  FdCloser& operator=(FdCloser&&) = delete;

  // Someone else closes it now.
  void release() { fd_ = -1; }

private:
  int fd_;
};

// Walks one directory tree. Replaces std::filesystem::recursive_directory_iterator,
// which built a std::filesystem::path (parsed into components) per entry, cost
// an fstat() and two fcntl() calls per folder (fdopendir()), and left the order
// to a sort of every path found (a third of discovery's instructions on 1,443
// small files). Here each folder is listed once with getdents64() (d_type says
// what an entry is, so only symbolic links and file systems without d_type cost
// a stat), folders are opened relative to their parent (O_NOFOLLOW: a folder
// replaced by a link is not followed, as before), and each folder's entries are
// sorted by name alone: path_less compares paths segment by segment, so sorting
// each folder's entries, files and folders together, gives the order of sorting
// all paths. The problem reported is the first one the iterator met, looking
// at entries in the order the folder lists them and going into each folder
// where it met it: a folder's problem before those of the entries after it.
// The first folder (from the top) that holds two or more folders has them
// walked on the workers' threads as well as this one, when there are workers:
// a tree of services or projects is listed on every core.
class TreeWalk {
public:
  TreeWalk(const std::string& root, std::string prefix, std::vector<std::string>* plain_folders,
           Workers* workers, FolderHandles* folders)
      : root_(root), prefix_(std::move(prefix)), plain_folders_(plain_folders), workers_(workers),
        folders_(folders) {
    if (plain_folders_ != nullptr) {
      std::error_code ec;
      absolute_root_ = fs::absolute(root_, ec).lexically_normal().generic_string();
      if (ec || absolute_root_.empty()) {
        plain_folders_ = nullptr; // no working directory: nothing noted, all probed
      }
      while (absolute_root_.size() > 1 && absolute_root_.ends_with('/')) {
        absolute_root_.pop_back();
      }
    }
  }

  std::vector<std::string> run() {
    const int fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      fail(errno);
    }
    std::vector<std::string> files;
    walk(fd, root_, std::string(), files, workers_ != nullptr && workers_->size() > 0);
    return files;
  }

private:
  // A folder's entries but `.` and `..`: their names one after another in
  // `names`, each followed by a NUL (one allocation per folder, not one per
  // long name).
  struct Listing {
    struct Entry {
      uint32_t name;      // offset in `names`
      uint32_t length;    // of the name
      unsigned char type; // d_type: DT_DIR, DT_REG, DT_LNK, ... or DT_UNKNOWN
    };
    std::string names;
    std::vector<Entry> entries;
    [[nodiscard]] std::string_view name(const Entry& e) const {
      return std::string_view(names).substr(e.name, e.length);
    }
    [[nodiscard]] const char* c_name(const Entry& e) const { return names.c_str() + e.name; }
  };

  // An entry of a folder: a file to lint, or a folder and the files under it.
  struct Child {
    std::string_view name; // into the folder's Listing
    int phase = -1;        // the phase it names as a folder (phase_folder()), or -1
    bool is_file = false;
    std::vector<std::string> files; // a folder's, in order
    uint32_t key = 0;               // natural_key(name): offset and length in `keys`
    uint32_t key_length = 0;
  };

  // The entries of the folder open as `fd`, read with getdents64(): readdir()
  // needs fdopendir(), which costs an fstat() and two fcntl() calls per folder.
  // All are read before any is looked at, so one buffer serves the whole walk.
  // The records are the kernel's struct linux_dirent64, laid out as glibc's
  // struct dirent64.
  Listing list(int fd) {
    if (!buffer_) {
      buffer_ = std::make_unique_for_overwrite<std::array<char, kListBytes>>(); // no zero fill
    }
    Listing listing;
    for (;;) {
      const ssize_t got = ::getdents64(fd, buffer_->data(), buffer_->size());
      if (got == 0) {
        break;
      }
      if (got < 0) {
        if (errno == EINTR) {
          continue;
        }
        fail(errno);
      }
      // The names take fewer bytes than their records (at least 24 bytes each):
      // one allocation for each, not one per doubling.
      const auto bytes = static_cast<size_t>(got);
      listing.names.reserve(listing.names.size() + bytes);
      listing.entries.reserve(listing.entries.size() + (bytes / 24));
      for (size_t at = 0; at < static_cast<size_t>(got);) {
        unsigned short length = 0;
        std::memcpy(&length, buffer_->data() + at + offsetof(dirent64, d_reclen), sizeof length);
        const auto type = static_cast<unsigned char>((*buffer_)[at + offsetof(dirent64, d_type)]);
        const std::string_view name(buffer_->data() + at + offsetof(dirent64, d_name));
        if (name != "." && name != "..") {
          listing.entries.push_back(Listing::Entry{static_cast<uint32_t>(listing.names.size()),
                                                   static_cast<uint32_t>(name.size()), type});
          listing.names.append(name);
          listing.names.push_back('\0');
        }
        at += length;
      }
    }
    return listing;
  }

  [[noreturn]] void fail(int err) const {
    throw InputError("cannot read directory '" + root_ + "': " + std::strerror(err));
  }

  // A walk of one subtree on another thread: the same root, its own buffer,
  // and `plain_folders` for what it notes.
  TreeWalk(const TreeWalk& parent, std::vector<std::string>* plain_folders)
      : root_(parent.root_), prefix_(parent.prefix_), plain_folders_(plain_folders),
        workers_(nullptr), folders_(parent.folders_), absolute_root_(parent.absolute_root_) {}

  // What the entry of the folder open as `fd` is: a file to lint, added to
  // `children`; a folder, added to `children` (its files still to find) and
  // to `folders`; or neither. Throws InputError for an entry that can be
  // neither read nor skipped.
  void look_at(int fd, const std::string& walked, const Listing& listing,
               const Listing::Entry& entry, std::vector<Child>& children,
               std::vector<size_t>& folders) const {
    const std::string_view name = listing.name(entry);
    const char* const cname = listing.c_name(entry);
    unsigned char type = entry.type;
    if (type == DT_UNKNOWN) {
      struct stat st {};
      if (::fstatat(fd, cname, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        fail(errno);
      }
      type = IFTODT(st.st_mode);
    }
    if (type == DT_DIR) {
      folders.push_back(children.size());
      children.push_back(Child{name, -1, false, {}, 0, 0});
      return;
    }
    if (!has_sql_extension(name)) {
      return;
    }
    if (type == DT_LNK) {
      // Followed, as a file given by name would be; a link to a folder is
      // neither walked nor linted.
      struct stat st {};
      if (::fstatat(fd, cname, &st, 0) != 0) {
        // e.g. a symbolic link loop: say so, not "not a regular file"
        throw InputError("cannot read '" + join(walked, name) + "': " + std::strerror(errno));
      }
      if (S_ISDIR(st.st_mode)) {
        return;
      }
      type = S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type != DT_REG) {
      throw InputError("cannot lint '" + join(walked, name) + "': not a regular file");
    }
    children.push_back(Child{name, -1, true, {}, 0, 0});
  }

  // Finds the files of each of `folders` (children of the folder open as `fd`),
  // in order; throws the first folder's problem, in that order. With `fork`
  // and two or more folders, the workers' threads and this one take the
  // folders one by one (folders are opened relative to `fd`, which stays open).
  void walk_folders(int fd, const std::string& walked, const std::string& rel,
                    std::vector<Child>& children, const std::vector<size_t>& folders, bool fork) {
    const auto walk_one = [&](TreeWalk& walker, Child& c, bool fork_below) {
      // The name is followed by a NUL in its Listing.
      const int sub = ::openat(fd, c.name.data(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0) {
        fail(errno);
      }
      std::string sub_rel = rel;
      sub_rel.append(c.name);
      sub_rel += '/';
      walker.walk(sub, join(walked, c.name), sub_rel, c.files, fork_below);
    };
    if (!fork || folders.size() < 2) {
      for (const size_t k : folders) {
        walk_one(*this, children[k], fork); // `fork`: still looking for two folders
      }
      return;
    }
    std::vector<std::vector<std::string>> plain(folders.size());
    for_each_index(workers_, folders.size(), [&](size_t k) {
      TreeWalk walker(*this, plain_folders_ != nullptr ? &plain[k] : nullptr);
      walk_one(walker, children[folders[k]], false);
    });
    if (plain_folders_ != nullptr) {
      for (std::vector<std::string>& p : plain) {
        plain_folders_->insert(plain_folders_->end(), std::make_move_iterator(p.begin()),
                               std::make_move_iterator(p.end()));
      }
    }
  }

  // Lists the folder open as `fd` (`walked`: its path as the walk spells it,
  // for messages; `rel`: its path below the root, empty or ending in '/') and
  // appends the paths of its .sql files, in order, to `out`. Takes `fd`.
  // `fork`: the first folder (from the top) that holds two or more folders
  // has them walked on the workers' threads too (a tree of many services or
  // projects); below it each thread walks alone.
  void walk(int fd, const std::string& walked, const std::string& rel,
            std::vector<std::string>& out, bool fork) {
    FdCloser closer(fd); // released when the folder is kept (FolderHandles)
    std::vector<Child> children;
    bool probed_name = false;
    const Listing listing = list(fd);
    children.reserve(listing.entries.size());
    // The folders met (children[child]), walked once the entries are looked
    // at, and the first problem met among the entries: the folders before it
    // are walked first, so the problem reported is the one a walk that goes
    // into each folder where it meets it reports first.
    std::vector<size_t> folders;
    std::exception_ptr stop;
    for (const Listing::Entry& entry : listing.entries) {
      probed_name = probed_name || is_probed_name(listing.name(entry));
      try {
        look_at(fd, walked, listing, entry, children, folders);
      } catch (const InputError&) {
        stop = std::current_exception();
        break;
      }
    }
    walk_folders(fd, walked, rel, children, folders, fork);
    if (stop) {
      std::rethrow_exception(stop);
    }
    std::erase_if(children, [](const Child& c) { return !c.is_file && c.files.empty(); });
    if (plain_folders_ != nullptr && !probed_name) {
      std::string folder = absolute_root_;
      if (!rel.empty()) {
        if (!folder.ends_with('/')) {
          folder += '/';
        }
        folder.append(rel, 0, rel.size() - 1);
      }
      plain_folders_->push_back(std::move(folder));
    }
    std::string keys; // every child's natural_key(), one after another
    // A key is its name with each digit run's leading zeros dropped and two
    // bytes before it (six past 254 digits): rarely more than twice the name.
    keys.reserve(2 * listing.names.size());
    for (Child& c : children) {
      if (!c.is_file) {
        const auto p = phase_dir(c.name);
        c.phase = p ? static_cast<int>(*p) : -1;
      }
      c.key = static_cast<uint32_t>(keys.size());
      append_natural_key(c.name, keys);
      c.key_length = static_cast<uint32_t>(keys.size()) - c.key;
    }
    const std::string_view all_keys = keys;
    const auto key_of = [&](const Child& c) { return all_keys.substr(c.key, c.key_length); };
    // What the order compares first, small and together: a Child is too
    // large to move around cheaply, and most comparisons are decided by the
    // first 24 bytes of the keys (a timestamp's digits), read as three
    // big-endian words (zero-padded: where they differ, they differ as the
    // keys do).
    struct Order {
      KeyHead head;
      uint32_t child;
      int phase;
    };
    std::vector<Order> order;
    order.reserve(children.size());
    for (uint32_t k = 0; k < children.size(); ++k) {
      order.push_back({key_head(key_of(children[k])), k, children[k].phase});
    }
    // The order key_less() gives two paths that differ first here, three-way.
    const auto compare = [&](const Order& a, const Order& b) {
      if (const int c = compare_heads(a.head, b.head); c != 0) {
        return c;
      }
      const Child& x = children[a.child];
      const Child& y = children[b.child];
      const int c = key_of(x).compare(key_of(y));
      return c != 0 ? c : x.name.compare(y.name); // compare_natural()'s tie-break
    };
    // Stable, from readdir() order, as the sort of whole paths was.
    if (std::none_of(order.begin(), order.end(), [](const Order& o) { return o.phase >= 0; })) {
      // The usual folder, without phase folders: the order is a strict weak
      // one, and with the listing's order to break ties, a total one, so the
      // faster unstable sort gives the same result.
      std::sort(order.begin(), order.end(), [&](const Order& a, const Order& b) {
        const int c = compare(a, b);
        return c != 0 ? c < 0 : a.child < b.child;
      });
    } else {
      // Phase folders compare by phase only with each other, which makes the
      // order intransitive (contract < data < expand < contract): only a
      // stable merge sort is safe with it.
      std::stable_sort(order.begin(), order.end(), [&](const Order& a, const Order& b) {
        if (a.phase >= 0 && b.phase >= 0 && a.phase != b.phase) {
          return a.phase < b.phase;
        }
        return compare(a, b) < 0;
      });
    }
    const std::string base = prefix_ + rel;
    bool files = false;
    for (const Order& o : order) {
      Child& c = children[o.child];
      if (c.is_file) {
        std::string& path = out.emplace_back();
        path.reserve(base.size() + c.name.size());
        path.append(base).append(c.name);
        files = true;
      } else {
        out.insert(out.end(), std::make_move_iterator(c.files.begin()),
                   std::make_move_iterator(c.files.end()));
      }
    }
    if (files && folders_ != nullptr && folders_->keep(base, fd)) {
      closer.release();
    }
  }

  const std::string& root_;
  std::string prefix_; // the root normalised, with a trailing '/' (or empty for ".")
  std::vector<std::string>* plain_folders_;
  Workers* workers_;       // for walk_folders(), when given
  FolderHandles* folders_; // where folders holding files are kept, when given
  std::string absolute_root_;
  static constexpr size_t kListBytes = size_t{32} << 10U;
  std::unique_ptr<std::array<char, kListBytes>> buffer_; // list()'s
};

} // namespace

std::string walk_prefix(const std::string& dir) {
  std::string prefix = fs::path(dir).lexically_normal().generic_string();
  if (prefix == "." || prefix == "./") {
    prefix.clear();
  } else if (!prefix.ends_with('/')) {
    prefix += '/';
  }
  return prefix;
}

std::vector<std::string> discover(const std::vector<std::string>& paths,
                                  std::vector<std::string>* plain_folders, Workers* workers,
                                  FolderHandles* folders) {
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
      std::vector<std::string> found =
          TreeWalk(path, walk_prefix(path), plain_folders, workers, folders).run();
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

// What read_file() asks of the first read(): a file smaller than this (nearly
// every migration) is read whole by it. On the stack: no allocation, and no
// zeroing, for the bytes the file does not fill.
constexpr size_t kFirstRead = size_t{64} * 1024;

// What is being read, for messages: `'path'`, or standard input. Spelled out
// only when something goes wrong, not for every file read.
struct What {
  std::string_view name;
  bool quoted = true;
  [[nodiscard]] std::string text() const {
    return quoted ? "'" + std::string(name) + "'" : std::string(name);
  }
};

std::string too_large(const What& what) {
  return "cannot lint " + what.text() + ": it is larger than 4 GiB, the most rollsafe reads";
}

// Reads `fd` to its end. `size_hint` only sizes the buffer: files in /proc report
// 0, and a file may grow or shrink while it is read. `exact`: `size_hint` is the
// size fstat() gave a regular file, and once that many bytes are in, the text is
// complete (the size when the file was opened, as other tools read a file): no
// second read() only to see the end of the file, one system call per file fewer.
// A file that shrank meanwhile still ends at the read() that returns 0.
// `already`: what was read from `fd` before, the text's start.
std::string read_all(int fd, const What& what, uint64_t size_hint, bool exact = false,
                     std::string_view already = {}) {
  std::string text;
  text.resize(std::max<uint64_t>(std::max<uint64_t>(size_hint, already.size()), 1) +
              (exact ? 0 : 1));
  already.copy(text.data(), already.size());
  size_t used = already.size();
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
      throw InputError("cannot read " + what.text() + ": " + std::strerror(errno));
    }
    used += static_cast<size_t>(got);
  }
  if (used > kMaxInputBytes) {
    throw InputError(too_large(what));
  }
  text.resize(used);
  return text;
}

} // namespace

FolderHandles::FolderHandles() : capacity_(kMaxKept) {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    capacity_ = std::min<size_t>(capacity_, limit.rlim_cur / 4);
  }
}

FolderHandles::~FolderHandles() {
  for (const auto& [folder, fd] : fds_) {
    ::close(fd);
  }
}

bool FolderHandles::keep(const std::string& folder, int fd) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (fds_.size() >= capacity_) {
    return false;
  }
  return fds_.emplace(folder, fd).second;
}

int FolderHandles::folder_of(std::string_view path) const {
  const auto it = fds_.find(path.substr(0, last_slash(path) + 1)); // npos + 1 == 0
  return it != fds_.end() ? it->second : -1;
}

std::string read_file(const std::string& path, const FolderHandles* folders) {
  // O_NONBLOCK: should the path have become a FIFO since discover() looked at
  // it, open() must not wait for a writer.
  const int folder = folders != nullptr ? folders->folder_of(path) : -1;
  const int fd = folder >= 0 ? ::openat(folder, path.c_str() + last_slash(path) + 1,
                                        O_RDONLY | O_NONBLOCK | O_CLOEXEC)
                             : ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    throw InputError("cannot read '" + path + "': " + std::strerror(errno));
  }
  const FdCloser closer(fd);
  // Most migrations are a few kilobytes: one read() into this buffer takes
  // the whole file, and a read that returns less than it asked for ends the
  // file (Linux's reads from a regular file stop short only at its end). So
  // such a file costs open, read and close, without the fstat() and the
  // read() that would only see the end: on the VMs measured here each system
  // call costs 1 to 2 microseconds, fstat() alone 1.7 (docs/performance.md,
  // "Three system calls per file"). discover() took the path for a regular
  // file; what is asked of the kernel then, for a file that fills the buffer or
  // is empty, makes sure it still is one (it may have been replaced since).
  // Left unset: read() fills what is used of it.
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-member-init)
  std::array<char, kFirstRead> first;
  ssize_t got = 0;
  do {
    got = ::read(fd, first.data(), first.size());
  } while (got < 0 && errno == EINTR);
  // A directory cannot be read: the fstat() below says what it is.
  if (got < 0 && errno != EISDIR) {
    throw InputError("cannot read '" + path + "': " + std::strerror(errno));
  }
  const auto head = static_cast<size_t>(std::max<ssize_t>(got, 0));
  if (head > 0 && head < first.size()) {
    return {first.data(), head};
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    throw InputError("cannot read '" + path + "': " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    throw InputError("cannot lint '" + path + "': not a regular file");
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxInputBytes) {
    throw InputError(too_large(What{path}));
  }
  if (head == 0) {
    return {};
  }
  // A large file: the rest is read to the size fstat() gave (size 0 says
  // nothing, as in /proc: then to the end).
  const auto size = static_cast<uint64_t>(st.st_size);
  return read_all(fd, What{path}, size, /*exact=*/size > head,
                  std::string_view(first.data(), head));
}

std::string read_standard_input() {
  // A closed standard input (`rollsafe lint - <&-`) is an error, not an empty file.
  struct stat st {};
  if (::fstat(STDIN_FILENO, &st) != 0) {
    throw InputError(std::string("cannot read standard input: ") + std::strerror(errno));
  }
  const uint64_t hint = S_ISREG(st.st_mode) ? static_cast<uint64_t>(st.st_size) : 0;
  return read_all(STDIN_FILENO, What{"standard input", false}, hint);
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
      while (digits < file.size() && ascii_digit(file[digits])) {
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
