#include "source/layout.h"

#include "common/ascii.h"
#include "common/byte_order.h"
#include "common/last_slash.h"
#include "common/string_map.h"
#include "engine/phase.h"
#include "source/discover.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <unordered_map>

namespace rollsafe {

namespace fs = std::filesystem;

namespace {

// Paths are looked at in place (views into the caller's strings): the per-file
// work here runs for every file of every lint.
std::string_view basename(std::string_view path) {
  const size_t slash = last_slash(path);
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Calls `f(segment)` for each non-empty segment of `path`, in order.
template <class F> void for_each_segment(std::string_view path, F&& f) {
  for (size_t start = 0; start < path.size();) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    if (end > start) {
      f(path.substr(start, end - start));
    }
    start = end + 1;
  }
}

// `path` relative to `root` (both as discover() spells them): a view into `path`.
std::string_view relative_to(const std::string& root, const std::string& path) {
  // Called for every file of a tree with the same root: normalise it once.
  thread_local std::optional<std::pair<std::string, std::string>> cached; // root, normal
  if (!cached || cached->first != root) {
    std::string normal = fs::path(root).lexically_normal().generic_string();
    while (normal.size() > 1 && normal.back() == '/') {
      normal.pop_back();
    }
    cached.emplace(root, std::move(normal));
  }
  const std::string& r = cached->second;
  if (r == ".") {
    return path;
  }
  if (path.size() > r.size() && path.starts_with(r) && path[r.size()] == '/') {
    return std::string_view(path).substr(r.size() + 1);
  }
  return path;
}

// A version as numbers: "1.2_3" -> {1, 2, 3}; digits beyond 18 are compared as
// text. The parts are views into the text parsed, which must outlive the Version.
struct Version {
  std::vector<std::string_view> parts; // digit runs, leading zeros stripped
  bool operator<(const Version& o) const {
    return std::lexicographical_compare(parts.begin(), parts.end(), o.parts.begin(), o.parts.end(),
                                        [](std::string_view a, std::string_view b) {
                                          return a.size() != b.size() ? a.size() < b.size() : a < b;
                                        });
  }
  bool operator==(const Version& o) const { return parts == o.parts; }
};

Version parse_version(std::string_view text) {
  Version v;
  const auto add = [&](size_t begin, size_t end) {
    const std::string_view run = text.substr(begin, end - begin);
    v.parts.push_back(run.substr(std::min(run.find_first_not_of('0'), run.size() - 1)));
  };
  size_t run = std::string_view::npos; // where the current digit run starts
  for (size_t i = 0; i < text.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(text[i])) != 0) {
      run = run == std::string_view::npos ? i : run;
    } else if (run != std::string_view::npos) {
      add(run, i);
      run = std::string_view::npos;
    }
  }
  if (run != std::string_view::npos) {
    add(run, text.size());
  }
  return v;
}

std::string_view leading_digits(std::string_view name) {
  return name.substr(0, digit_run_end(name, 0));
}

// The first `limit` bytes of a file (layout detection looks only at the head).
std::string head(const std::string& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError("cannot read '" + path + "'");
  }
  std::string text(limit, '\0');
  in.read(text.data(), static_cast<std::streamsize>(limit));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

// `.*` in ECMAScript regex syntax: anything but a line break.
bool any_run(std::string_view s) {
  // memchr, not find_first_of: this looks at every name, and find_first_of
  // tests each character against the set in turn.
  return s.empty() || (::memchr(s.data(), '\n', s.size()) == nullptr &&
                       ::memchr(s.data(), '\r', s.size()) == nullptr);
}

// `<text>` matches `.*<suffix>$` (suffix lower case, compared case-insensitively).
// `one_line`: the text is known to hold no line break (any_run() of the whole
// name, looked at once when several patterns are tried on it).
bool any_then_suffix(std::string_view text, std::string_view suffix, bool one_line) {
  return text.size() >= suffix.size() &&
         iequals_ascii(text.substr(text.size() - suffix.size()), suffix) &&
         (one_line || any_run(text.substr(0, text.size() - suffix.size())));
}

// The file-name patterns below, given whether the name is known to hold no
// line break (see any_then_suffix()) and, for the two that start with digits,
// how many digits it starts with (`n`; several patterns are tried on each name).
std::optional<FlywayName> flyway_name(std::string_view name, bool one_line);
bool up_down_name(std::string_view name, size_t n, bool one_line);
bool numbered_name(std::string_view name, size_t n, bool one_line);

} // namespace

// The three file-name patterns are matched by hand: std::regex (case-insensitive)
// cost about 16,000 instructions per name and pattern, a fifth of a lint of 1,443 small files.
std::optional<FlywayName> match_flyway_name(std::string_view name) {
  return flyway_name(name, false);
}

bool match_up_down_name(std::string_view name) {
  return up_down_name(name, leading_digits(name).size(), false);
}

bool match_numbered_name(std::string_view name) {
  return numbered_name(name, leading_digits(name).size(), false);
}

namespace {

std::optional<FlywayName> flyway_name(std::string_view name, bool one_line) {
  // ^([VUR])([0-9][0-9._]*)?__.*\.sql$, case-insensitive.
  if (name.empty()) {
    return std::nullopt;
  }
  const char kind = name[0];
  const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(kind)));
  if (upper != 'V' && upper != 'U' && upper != 'R') {
    return std::nullopt;
  }
  const auto rest_matches = [&](size_t at) { // __.*\.sql$ from `at`
    return name.size() >= at + 2 && name[at] == '_' && name[at + 1] == '_' &&
           any_then_suffix(name.substr(at + 2), ".sql", one_line);
  };
  if (name.size() > 1 && ascii_digit(name[1])) {
    size_t end = 2;
    while (end < name.size() && (ascii_digit(name[end]) || name[end] == '.' || name[end] == '_')) {
      ++end;
    }
    // Greedy, as the regex: the longest version after which the rest matches.
    for (size_t at = end; at >= 2; --at) {
      if (rest_matches(at)) {
        return FlywayName{kind, name.substr(1, at - 1)};
      }
    }
  }
  if (rest_matches(1)) {
    return FlywayName{kind, {}};
  }
  return std::nullopt;
}

bool up_down_name(std::string_view name, size_t n, bool one_line) {
  // ^([0-9]+)_.*\.(up|down)\.sql$, case-insensitive.
  if (n == 0 || n >= name.size() || name[n] != '_') {
    return false;
  }
  const std::string_view rest = name.substr(n + 1);
  return any_then_suffix(rest, ".up.sql", one_line) || any_then_suffix(rest, ".down.sql", one_line);
}

bool numbered_name(std::string_view name, size_t n, bool one_line) {
  // ^[0-9]+[_-].*\.sql$, case-insensitive.
  return n > 0 && n < name.size() && (name[n] == '_' || name[n] == '-') &&
         any_then_suffix(name.substr(n + 1), ".sql", one_line);
}

bool is_phase_repo(std::string_view segment) {
  return segment == "expand_repo" || segment == "data_migration_repo" || segment == "contract_repo";
}

// Some segment of `folders` (the folders of a path, each followed by '/') is a
// phase folder.
bool has_phase_folder(std::string_view folders) {
  bool found = false;
  std::string_view before; // the segment before this one (empty for the first)
  for_each_segment(folders, [&](std::string_view folder) {
    // Rails keeps every migration in db/migrate/.
    const bool rails = before == "db" && folder == "migrate";
    found = found || (!rails && phase_folder(folder).has_value());
    before = folder;
  });
  return found;
}

bool iends_with(std::string_view text, std::string_view lower_suffix) {
  return text.size() >= lower_suffix.size() &&
         iequals_ascii(text.substr(text.size() - lower_suffix.size()), lower_suffix);
}

// A file name that says it undoes a migration: `.down.sql`, `_down.sql`,
// `.undo.sql` or `_rollback.sql` (".sql" looked at once).
bool down_name(std::string_view name) {
  if (!iends_with(name, ".sql")) {
    return false;
  }
  const std::string_view stem = name.substr(0, name.size() - 4);
  return iends_with(stem, ".down") || iends_with(stem, "_down") || iends_with(stem, ".undo") ||
         iends_with(stem, "_rollback");
}

// Some segment of `folders` is a folder of undo scripts.
bool down_folder(std::string_view folders) {
  bool found = false;
  for_each_segment(folders, [&](std::string_view folder) {
    found =
        found || folder == "down" || folder == "revert" || folder == "rollback" || folder == "undo";
  });
  return found;
}

// `path` up to and with its last '/' (empty when it has none).
std::string_view folders_of(std::string_view path) {
  return path.substr(0, last_slash(path) + 1); // npos + 1 == 0
}

// A file whose name or folder says it undoes a migration.
bool named_down(std::string_view rel) {
  return down_name(basename(rel)) || down_folder(folders_of(rel));
}

// Diesel keeps each migration in a folder `<version>_<name>/`: the version of
// such a folder name, its leading digits and dashes (`2019-09-12-100000`,
// `20190912100000`, `00000000000000`), which end the name or are followed by
// `_`; empty when the name does not start so (`2024.01`, `expand`, `v1_x`).
std::string_view diesel_version(std::string_view folder) {
  if (folder.empty() || !ascii_digit(folder[0])) {
    return {};
  }
  size_t end = 1;
  while (end < folder.size() && (ascii_digit(folder[end]) || folder[end] == '-')) {
    ++end;
  }
  return end == folder.size() || folder[end] == '_' ? folder.substr(0, end) : std::string_view();
}

// The name of the folder that holds `path` (empty when it has none).
std::string_view parent_name(std::string_view path) {
  const std::string_view folders = folders_of(path);
  return folders.empty() ? folders : basename(folders.substr(0, folders.size() - 1));
}

// What a file of a Diesel migration folder is: Diesel runs `up.sql`, and
// `down.sql` on rollback (either spelled in any case); it reads no other file.
enum class DieselFile : uint8_t { Up, Down, Other };

DieselFile diesel_file(std::string_view name) {
  if (iequals_ascii(name, "up.sql")) {
    return DieselFile::Up;
  }
  return iequals_ascii(name, "down.sql") ? DieselFile::Down : DieselFile::Other;
}

// What the folders of a path say, the same for every file of a folder: worked
// out once per folder and kept, so that detection and planning, which both go
// through every file, share it. Files come folder by folder from discover():
// per file, only its folder is compared with the previous file's.
class Folders {
public:
  struct Facts {
    std::optional<Phase> phase;   // what phase_from_path() finds in the folders
    bool in_phase_folder = false; // a folder is a phase folder: release_key() has work
    // Below the root (relative_to()):
    bool down = false;          // a folder of undo scripts (named_down())
    bool phase_folders = false; // has_phase_folder()
    bool phase_repos = false;   // a folder is a per-phase repository
    bool sqitch_first = false;  // the first folder is deploy/, revert/ or verify/
    uint8_t segments = 0;       // how many folders (non-empty segments), at most 2
  };

  explicit Folders(const std::string& root) : root_(root) {}

  const Facts& of(const std::string& path) {
    const std::string_view folders = folders_of(path);
    if (last_ != nullptr && folders == last_->first) {
      return last_->second;
    }
    auto it = known_.find(folders);
    if (it == known_.end()) {
      it = known_.emplace(std::string(folders), facts_of(path, folders)).first;
    }
    last_ = &*it;
    return last_->second;
  }

  // of() of each of `files`.
  std::vector<const Facts*> of_each(const std::vector<std::string>& files) {
    std::vector<const Facts*> out;
    out.reserve(files.size());
    for (const std::string& f : files) {
      out.push_back(&of(f));
    }
    return out;
  }

private:
  [[nodiscard]] Facts facts_of(const std::string& path, std::string_view folders) const {
    Facts facts;
    // The file name left out: an empty name says nothing, so the search
    // goes on to the folders exactly as for the whole path.
    if (const auto p = phase_from_path(folders)) {
      facts.phase = p->phase;
    }
    for_each_segment(folders, [&](std::string_view segment) {
      facts.in_phase_folder = facts.in_phase_folder || phase_folder(segment).has_value();
    });
    const std::string_view below = folders_of(relative_to(root_, path));
    facts.down = down_folder(below);
    facts.phase_folders = has_phase_folder(below);
    for_each_segment(below, [&](std::string_view segment) {
      facts.phase_repos = facts.phase_repos || is_phase_repo(segment);
      if (facts.segments == 0) {
        facts.sqitch_first = segment == "deploy" || segment == "revert" || segment == "verify";
      }
      facts.segments = static_cast<uint8_t>(facts.segments < 2 ? facts.segments + 1 : 2);
    });
    return facts;
  }

  const std::string& root_;
  StringMap<Facts> known_;                                    // by folders_of(path); nodes stay put
  const std::pair<const std::string, Facts>* last_ = nullptr; // the last path's
};

SourceUnit unit_for(const std::string& path, std::string_view layout) {
  SourceUnit u;
  u.path = path;
  u.info.layout = std::string(layout);
  u.info.release = release_key(path);
  if (auto p = phase_from_path(path)) {
    u.info.layout_phase = p->phase;
  }
  u.info.layout_phase_known = true;
  return u;
}

// unit_for(path, layout) into `u` (a new unit), the folders' part from
// `facts` (Folders::of(path)). `path` is taken: a planner that owns its files
// moves each into its unit instead of copying it.
// `name_at`: where the file name starts in `path` (the planner has found it).
void fill_unit(SourceUnit& u, std::string path, size_t name_at, std::string_view layout,
               const Folders::Facts& facts) {
  const std::string_view name = std::string_view(path).substr(name_at);
  // A name that ends in .sql is never `migrate` in db/ (the one case where the
  // name alone and the name in its path differ): its verdict, else the folders'.
  // Diesel's up.sql and down.sql take their name from their folder.
  if (!iends_with(name, ".sql") || named_by_folder(name)) {
    u = unit_for(path, layout);
    return;
  }
  u.info.layout = layout;
  const auto p = phase_from_name(name);
  u.info.layout_phase = p ? p : facts.phase;
  u.info.layout_phase_known = true;
  // Outside phase folders a file is a release of its own: its path.
  u.info.release = facts.in_phase_folder ? release_key(path) : path;
  u.path = std::move(path);
}

SourceUnit unit_for(const std::string& path, std::string_view layout, Folders& folders) {
  SourceUnit u;
  fill_unit(u, path, static_cast<size_t>(basename(path).data() - path.data()), layout,
            folders.of(path));
  return u;
}

std::vector<size_t> indices(size_t n) {
  std::vector<size_t> out(n);
  for (size_t i = 0; i < n; ++i) {
    out[i] = i;
  }
  return out;
}

std::string count(size_t n, std::string_view what) {
  return std::to_string(n) + " " + std::string(what);
}

size_t count_role(const std::vector<SourceUnit>& units, model::FileRole role) {
  return static_cast<size_t>(std::count_if(
      units.begin(), units.end(), [&](const SourceUnit& u) { return u.info.role == role; }));
}

// ---- One function per layout: order the files and say what was seen. ----

Plan plan_flyway(Folders& folders, const std::vector<std::string>& files) {
  // Sorted by index: the units stay where they are built.
  struct Entry {
    int group; // 0 versioned, 1 repeatable, 2 undo, 3 not Flyway-named
    Version version;
    std::string_view name;
    SourceUnit unit;
  };
  std::vector<Entry> entries;
  entries.reserve(files.size());
  for (const std::string& f : files) {
    const std::string_view name = basename(f);
    Entry e{3, {}, name, unit_for(f, "flyway", folders)};
    if (const auto m = match_flyway_name(name)) {
      const char kind = static_cast<char>(std::toupper(static_cast<unsigned char>(m->kind)));
      e.unit.info.version = std::string(m->version);
      e.version = parse_version(m->version);
      if (kind == 'V') {
        e.group = 0;
      } else if (kind == 'R') {
        e.group = 1;
        e.unit.info.role = model::FileRole::Repeatable;
      } else {
        e.group = 2;
        e.unit.info.role = model::FileRole::Down;
      }
    } else if (down_name(name) || folders.of(f).down) {
      e.unit.info.role = model::FileRole::Down;
    }
    entries.push_back(std::move(e));
  }
  std::vector<size_t> order = indices(entries.size());
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const Entry& a = entries[x];
    const Entry& b = entries[y];
    if (a.group != b.group) {
      return a.group < b.group;
    }
    if (a.group == 1) {
      return a.name < b.name; // repeatables: by description
    }
    if (!(a.version == b.version)) {
      return a.version < b.version;
    }
    return a.name < b.name;
  });
  Plan plan{"flyway", {}, {}};
  plan.units.reserve(entries.size());
  size_t versioned = 0;
  for (const size_t i : order) {
    versioned += entries[i].group == 0 ? 1 : 0;
    plan.units.push_back(std::move(entries[i].unit));
  }
  plan.summary = count(versioned, "versioned") + ", " +
                 count(count_role(plan.units, model::FileRole::Repeatable), "repeatable");
  if (const size_t undo = count_role(plan.units, model::FileRole::Down); undo > 0) {
    plan.summary += ", " + count(undo, "undo");
  }
  return plan;
}

// Diesel: `<version>_<name>/up.sql` (and `down.sql`), applied by version.
// Each folder is one migration and one release; its version is what Diesel
// records in `__diesel_schema_migrations`, the folder's version without its
// dashes (so `2019-09-12-100000_a/` and `20190912100000_b/` collide, as they
// do for Diesel). Another `.sql` file in a migration folder, which Diesel
// does not run, follows the folder's `up.sql` and `down.sql` with the role its
// name gives and no version (it is not a migration of its own): linted rather
// than skipped, since a file nobody checks is where a mistake hides. Files
// outside migration folders come last, in natural order, as in the plain
// layout. The summary counts both as "other".
Plan plan_diesel(Folders& folders, const std::vector<std::string>& files) {
  struct Entry {
    bool migration;          // in a `<version>_<name>/` folder
    std::string number;      // the version's digits, leading zeros stripped
    std::string_view folder; // the folder's path, the tie-break of two with one version
    DieselFile kind;
    std::string_view name;
    SourceUnit unit;
  };
  std::vector<Entry> entries;
  entries.reserve(files.size());
  for (const std::string& f : files) {
    const std::string_view name = basename(f);
    const std::string_view version = diesel_version(parent_name(f));
    Entry e{!version.empty(),  {},   folders_of(f),
            diesel_file(name), name, unit_for(f, "diesel", folders)};
    if (!e.migration) {
      e.unit.info.version = leading_digits(name);
    } else {
      std::string digits;
      std::copy_if(version.begin(), version.end(), std::back_inserter(digits), ascii_digit);
      e.number = digits.substr(std::min(digits.find_first_not_of('0'), digits.size() - 1));
      e.unit.info.release = std::string(e.folder.substr(0, e.folder.size() - 1));
      if (e.kind != DieselFile::Other) {
        e.unit.info.version = std::move(digits);
      }
    }
    if (e.migration && e.kind != DieselFile::Other ? e.kind == DieselFile::Down
                                                   : down_name(name) || folders.of(f).down) {
      e.unit.info.role = model::FileRole::Down;
    }
    entries.push_back(std::move(e));
  }
  std::vector<size_t> order = indices(entries.size());
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const Entry& a = entries[x];
    const Entry& b = entries[y];
    if (a.migration != b.migration || !a.migration) {
      return a.migration && !b.migration; // the rest keep discover()'s natural order
    }
    if (a.number != b.number) {
      return a.number.size() != b.number.size() ? a.number.size() < b.number.size()
                                                : a.number < b.number;
    }
    if (a.folder != b.folder) {
      return a.folder < b.folder;
    }
    if (a.kind != b.kind) {
      return a.kind < b.kind;
    }
    return a.name < b.name;
  });
  Plan plan{"diesel", {}, {}};
  plan.units.reserve(entries.size());
  std::array<size_t, 3> kinds{}; // up.sql, down.sql, other files, as DieselFile
  for (const size_t i : order) {
    Entry& e = entries[i];
    ++kinds[static_cast<size_t>(e.migration ? e.kind : DieselFile::Other)];
    plan.units.push_back(std::move(e.unit));
  }
  plan.summary = count(kinds[0], "up") + ", " + count(kinds[1], "down");
  if (kinds[2] > 0) {
    plan.summary += ", " + count(kinds[2], "other");
  }
  return plan;
}

// golang-migrate (NNN_name.up.sql / .down.sql) and plain numbered files
// (Rails- and Django-style sequence numbers or timestamps). Takes the files'
// paths (moved into the units); `facts`: Folders::of() of each.
Plan plan_numbered(const std::vector<const Folders::Facts*>& facts, std::vector<std::string>& files,
                   std::string_view layout) {
  // What the order compares, per file: the version, a run of digits compared
  // as a number (shorter first once leading zeros are gone, what
  // parse_version() would say, without its vector), then down after up, then
  // the name. Numbers of one length compare as their digits do, so the sort
  // compares the length and the first 24 digits read as three big-endian
  // words (a timestamp fits; ory's have 20 digits, the last a sequence)
  // instead of two strings: it sorts every file of the tree.
  struct Key {
    KeyHead digits;  // the number's first 24 digits, zero-padded
    uint32_t index;  // in `files`: the tie-break that keeps the sort stable
    uint16_t length; // of the number (0: no digits)
    bool down;
  };
  constexpr size_t kKeyDigits = sizeof(Key::digits);
  struct Entry {
    std::string_view number; // the leading digits without leading zeros; empty if none
    std::string_view name;
  };
  std::vector<Entry> entries;
  std::vector<Key> keys;
  entries.reserve(files.size());
  keys.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string_view name = basename(files[i]);
    const std::string_view digits = leading_digits(name);
    const size_t zeros = std::min(digits.find_first_not_of('0'), digits.size() - 1);
    const std::string_view number = digits.empty() ? digits : digits.substr(zeros);
    keys.push_back({key_head(number), static_cast<uint32_t>(i),
                    static_cast<uint16_t>(std::min<size_t>(number.size(), UINT16_MAX)),
                    down_name(name) || facts[i]->down});
    entries.push_back(Entry{number, name});
  }
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.length != b.length) {
      return a.length < b.length;
    }
    if (const int c = compare_heads(a.digits, b.digits); c != 0) {
      return c < 0;
    }
    if (a.length > kKeyDigits) {
      const std::string_view x = entries[a.index].number;
      const std::string_view y = entries[b.index].number;
      if (x != y) {
        return x.size() != y.size() ? x.size() < y.size() : x < y;
      }
    }
    if (a.down != b.down) {
      return !a.down;
    }
    if (const int c = entries[a.index].name.compare(entries[b.index].name); c != 0) {
      return c < 0;
    }
    return a.index < b.index;
  });
  Plan plan{std::string(layout), {}, {}};
  plan.units.reserve(entries.size());
  for (const Key& k : keys) {
    SourceUnit& u = plan.units.emplace_back();
    // Before the path, and the entry's views, move: the name up to the
    // number's end (leading zeros and all).
    const Entry& e = entries[k.index];
    std::string version(
        e.name.substr(0, static_cast<size_t>(e.number.data() + e.number.size() - e.name.data())));
    const auto name_at = static_cast<size_t>(e.name.data() - files[k.index].data());
    fill_unit(u, std::move(files[k.index]), name_at, layout, *facts[k.index]);
    u.info.version = std::move(version);
    if (k.down) {
      u.info.role = model::FileRole::Down;
    }
  }
  const size_t down = count_role(plan.units, model::FileRole::Down);
  plan.summary = count(plan.units.size() - down, "up") + ", " + count(down, "down");
  if (layout == "numbered") {
    const bool timestamps = !plan.units.empty() && std::all_of(plan.units.begin(), plan.units.end(),
                                                               [](const SourceUnit& u) {
                                                                 return u.info.version.size() >= 12;
                                                               });
    plan.summary = count(plan.units.size(), "files") + (timestamps ? ", timestamped" : "");
  }
  return plan;
}

Plan plan_dbmate(const std::vector<const Folders::Facts*>& facts, std::vector<std::string>& files) {
  Plan numbered = plan_numbered(facts, files, "dbmate");
  Plan plan{"dbmate", count(numbered.units.size(), "migrations, up and down sections"), {}};
  for (SourceUnit& u : numbered.units) {
    SourceUnit down = u;
    u.section = SourceUnit::Section::DbmateUp;
    u.info.unit = "up";
    down.section = SourceUnit::Section::DbmateDown;
    down.info.unit = "down";
    down.info.role = model::FileRole::Down;
    plan.units.push_back(std::move(u));
    plan.units.push_back(std::move(down));
  }
  return plan;
}

// Sqitch: deploy/ in sqitch.plan's order (the plan's change names), each change's
// revert/ and verify/ scripts after it.
Plan plan_sqitch(const std::string& root, const std::vector<std::string>& files) {
  std::vector<std::string> order;
  std::ifstream plan_file(fs::path(root) / "sqitch.plan");
  std::string line;
  while (std::getline(plan_file, line)) {
    if (line.empty() || line[0] == '%' || line[0] == '#' || line[0] == '@' || line[0] == ' ') {
      continue;
    }
    std::string change = line.substr(0, line.find_first_of(" \t["));
    if (!change.empty() && std::find(order.begin(), order.end(), change) == order.end()) {
      order.push_back(change);
    }
  }
  std::unordered_map<std::string, size_t> rank;
  for (size_t i = 0; i < order.size(); ++i) {
    rank.emplace(order[i], i);
  }
  struct Entry {
    size_t rank;
    int kind; // deploy, revert, verify
    size_t input;
    SourceUnit unit;
  };
  std::vector<Entry> entries;
  size_t unplanned = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    std::vector<std::string_view> parts;
    for_each_segment(relative_to(root, files[i]),
                     [&](std::string_view segment) { parts.push_back(segment); });
    const std::string_view folder = parts.size() >= 2 ? parts[0] : "";
    std::string change;
    for (size_t k = 1; k < parts.size(); ++k) {
      change += k > 1 ? "/" : "";
      change += parts[k];
    }
    if (change.ends_with(".sql")) {
      change.resize(change.size() - 4);
    }
    Entry e{order.size(), 0, i, unit_for(files[i], "sqitch")};
    e.unit.info.version = change;
    e.unit.info.release = "sqitch:" + change;
    if (folder == "revert") {
      e.kind = 1;
      e.unit.info.role = model::FileRole::Down;
    } else if (folder == "verify") {
      e.kind = 2;
      e.unit.info.role = model::FileRole::Verify;
    }
    if (auto it = rank.find(change); it != rank.end()) {
      e.rank = it->second;
    } else if (e.kind == 0) {
      ++unplanned;
    }
    entries.push_back(std::move(e));
  }
  const size_t unranked = order.size();
  std::stable_sort(entries.begin(), entries.end(), [unranked](const Entry& a, const Entry& b) {
    if (a.rank != b.rank) {
      return a.rank < b.rank;
    }
    if (a.rank == unranked || a.unit.info.version != b.unit.info.version) {
      return a.input < b.input; // not in the plan: natural order
    }
    return a.kind < b.kind;
  });
  Plan plan{"sqitch", {}, {}};
  for (Entry& e : entries) {
    plan.units.push_back(std::move(e.unit));
  }
  plan.summary = count(count_role(plan.units, model::FileRole::Up), "deploy") + ", " +
                 count(count_role(plan.units, model::FileRole::Down), "revert") + ", " +
                 count(count_role(plan.units, model::FileRole::Verify), "verify") +
                 (order.empty() ? ", no sqitch.plan" : "");
  if (unplanned > 0 && !order.empty()) {
    plan.summary += ", " + count(unplanned, "not in sqitch.plan");
  }
  return plan;
}

// Alembic's offline SQL (`alembic upgrade --sql`): one stream; each
// `-- Running upgrade a -> b` (or downgrade) line starts a revision's unit.
void alembic_units(const std::string& path, std::vector<SourceUnit>& out) {
  const std::string text = read_file(path);
  static const std::regex marker(R"(^-- Running (upgrade|downgrade) (\S*) -> (\S+)[^\n]*$)",
                                 std::regex::multiline);
  std::vector<SourceUnit> found;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), marker);
       it != std::sregex_iterator(); ++it) {
    const auto begin = static_cast<uint32_t>(it->position(0));
    if (!found.empty()) {
      found.back().end = begin;
    }
    SourceUnit u = unit_for(path, "alembic");
    u.section = SourceUnit::Section::Range;
    u.begin = found.empty() ? 0 : begin; // the preamble (alembic_version) goes with the first
    u.end = static_cast<uint32_t>(text.size());
    const std::string from = (*it)[2].str();
    const std::string to = (*it)[3].str();
    u.info.version = to;
    u.info.release = path + "#" + to;
    u.info.unit = std::string("revision ") + (from.empty() ? "<base>" : from) + " -> " + to;
    if ((*it)[1].str() == "downgrade") {
      u.info.role = model::FileRole::Down;
      u.info.version = from;
      u.info.release = path + "#" + from;
    }
    found.push_back(std::move(u));
  }
  if (found.empty()) {
    found.push_back(unit_for(path, "alembic"));
  }
  out.insert(out.end(), std::make_move_iterator(found.begin()),
             std::make_move_iterator(found.end()));
}

Plan plan_alembic(const std::vector<std::string>& files) {
  Plan plan{"alembic", {}, {}};
  for (const std::string& f : files) {
    alembic_units(f, plan.units);
  }
  const size_t down = count_role(plan.units, model::FileRole::Down);
  plan.summary = count(plan.units.size() - down, "upgrade revisions") +
                 (down > 0 ? ", " + count(down, "downgrade revisions") : std::string());
  return plan;
}

// Per-phase repositories: release N is expand_repo/N…, data_migration_repo/N…,
// contract_repo/N…, applied in that order before release N+1.
Plan plan_phase_repos(Folders& folders, const std::vector<std::string>& files) {
  struct Entry {
    Version version;
    int phase;
    size_t input;
    SourceUnit unit;
  };
  std::vector<Entry> entries;
  std::set<std::string> releases;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string_view name = basename(files[i]);
    Entry e{parse_version(leading_digits(name)), 3, i, unit_for(files[i], "phase-repos", folders)};
    e.unit.info.version = leading_digits(name);
    if (e.unit.info.layout_phase) {
      e.phase = static_cast<int>(*e.unit.info.layout_phase);
    }
    if (down_name(name) || folders.of(files[i]).down) {
      e.unit.info.role = model::FileRole::Down;
    }
    releases.insert(e.unit.info.release);
    entries.push_back(std::move(e));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (!(a.version == b.version)) {
      return a.version < b.version;
    }
    if (a.phase != b.phase) {
      return a.phase < b.phase;
    }
    return a.input < b.input;
  });
  Plan plan{
      "phase-repos", count(releases.size(), "releases") + ", " + count(files.size(), "files"), {}};
  for (Entry& e : entries) {
    plan.units.push_back(std::move(e.unit));
  }
  return plan;
}

Plan plan_in_order(Folders& folders, const std::vector<std::string>& files,
                   std::string_view layout) {
  Plan plan{std::string(layout), {}, {}};
  std::set<std::string> releases;
  for (const std::string& f : files) {
    SourceUnit u = unit_for(f, layout, folders);
    const std::string_view name = basename(f);
    u.info.version = leading_digits(name);
    if (down_name(name) || folders.of(f).down) {
      u.info.role = model::FileRole::Down;
    }
    releases.insert(u.info.release);
    plan.units.push_back(std::move(u));
  }
  plan.summary = layout == "release-folders"
                     ? count(releases.size(), "releases") + ", " + count(files.size(), "files")
                     : count(files.size(), "files");
  return plan;
}

std::string detect(const std::string& root, const std::vector<std::string>& files,
                   const std::vector<const Folders::Facts*>& facts) {
  if (files.empty()) {
    return "plain";
  }
  const auto most = [&](size_t k) { return k * 2 > files.size(); };
  size_t flyway = 0;
  size_t up_down = 0;
  size_t diesel = 0;
  bool phase_repos = false;
  bool phase_folders = false;
  bool sqitch_dirs = false;
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string_view name = basename(files[i]);
    const Folders::Facts& folders = *facts[i];
    phase_repos = phase_repos || folders.phase_repos || is_phase_repo(name);
    phase_folders = phase_folders || folders.phase_folders;
    sqitch_dirs =
        sqitch_dirs || (folders.sqitch_first && folders.segments + (name.empty() ? 0 : 1) >= 2);
    // No name is two of these (a Flyway name starts with a letter, a
    // golang-migrate name with a digit, Diesel's is `up.sql` or `down.sql`):
    // once one has most of the files, no other can, and the names need no
    // more looking at.
    if (!most(flyway) && !most(up_down) && !most(diesel)) {
      const bool one_line = any_run(name);
      flyway += flyway_name(name, one_line) ? 1 : 0;
      up_down += up_down_name(name, leading_digits(name).size(), one_line) ? 1 : 0;
      diesel +=
          diesel_file(name) != DieselFile::Other && !diesel_version(parent_name(files[i])).empty()
              ? 1
              : 0;
    }
  }
  if (phase_repos) {
    return "phase-repos";
  }
  if (fs::exists(fs::path(root) / "sqitch.plan") || sqitch_dirs) {
    return "sqitch";
  }
  if (phase_folders) {
    return "release-folders";
  }
  if (most(flyway)) {
    return "flyway";
  }
  if (most(up_down)) {
    return "golang-migrate";
  }
  if (most(diesel)) {
    return "diesel";
  }
  if (files.size() <= 4) {
    for (const std::string& f : files) {
      if (head(f, 1U << 16U).find("\n-- Running upgrade ") != std::string::npos) {
        return "alembic";
      }
    }
  }
  // Counted only now: most layouts are decided above.
  const auto numbered = std::count_if(files.begin(), files.end(), [](const std::string& f) {
    const std::string_view name = basename(f);
    return numbered_name(name, leading_digits(name).size(), any_run(name));
  });
  if (most(static_cast<size_t>(numbered))) {
    return head(files.front(), 4096).find("-- migrate:up") != std::string::npos ? "dbmate"
                                                                                : "numbered";
  }
  return "plain";
}

} // namespace

const std::vector<std::string>& layout_names() {
  static const std::vector<std::string> names{
      "flyway",   "golang-migrate", "diesel",      "dbmate",          "sqitch",
      "numbered", "alembic",        "phase-repos", "release-folders", "plain"};
  return names;
}

Plan plan_layout(const std::string& root, std::vector<std::string> files,
                 const std::optional<std::string>& forced) {
  // What each file's folders say, worked out once per folder: detection and
  // the plan ask about the same files.
  Folders folders(root);
  const std::vector<const Folders::Facts*> facts = folders.of_each(files);
  std::string layout = forced && *forced != "auto" ? *forced : detect(root, files, facts);
  // Rails and Django spell their numbered layouts the same way; they are one layout.
  if (layout == "rails" || layout == "django") {
    layout = "numbered";
  }
  if (layout == "flyway") {
    return plan_flyway(folders, files);
  }
  if (layout == "golang-migrate" || layout == "numbered") {
    return plan_numbered(facts, files, layout);
  }
  if (layout == "diesel") {
    return plan_diesel(folders, files);
  }
  if (layout == "dbmate") {
    return plan_dbmate(facts, files);
  }
  if (layout == "sqitch") {
    return plan_sqitch(root, files);
  }
  if (layout == "alembic") {
    return plan_alembic(files);
  }
  if (layout == "phase-repos") {
    return plan_phase_repos(folders, files);
  }
  if (layout == "release-folders" || layout == "plain") {
    return plan_in_order(folders, files, layout);
  }
  throw InputError(
      "unknown layout '" + layout +
      "' (one of: auto, flyway, golang-migrate, "
      "diesel, dbmate, sqitch, numbered, alembic, phase-repos, release-folders, plain)");
}

bool layout_folder(std::string_view name) {
  // phase_folder() knows the per-phase repositories too; down_folder() knows revert/.
  return phase_folder(name).has_value() || down_folder(name) || name == "deploy" ||
         name == "verify";
}

SourceUnit single_file_unit(const std::string& path) {
  SourceUnit u = unit_for(path, "files");
  u.info.version = leading_digits(basename(path));
  const std::string_view name = basename(path);
  const auto flyway = match_flyway_name(name);
  // A pre-commit hook passes a Diesel migration's down.sql on its own: its
  // folder, not its name, says it is one.
  const bool diesel_down =
      diesel_file(name) == DieselFile::Down && !diesel_version(parent_name(path)).empty();
  if (named_down(path) || diesel_down || (flyway && (flyway->kind == 'U' || flyway->kind == 'u'))) {
    u.info.role = model::FileRole::Down;
  }
  return u;
}

namespace {
void blank(std::string& text, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    if (text[i] != '\n' && text[i] != '\r') {
      text[i] = ' ';
    }
  }
}
} // namespace

void blank_psql_meta_commands(std::string& text) {
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    end = end == std::string::npos ? text.size() : end;
    if (text[at] == '\\') {
      blank(text, at, end);
    }
    at = end + 1;
  }
}

void apply_section(const SourceUnit& unit, std::string& text) {
  size_t begin = 0;
  size_t end = text.size();
  if (unit.section == SourceUnit::Section::Whole) {
    return;
  }
  if (unit.section == SourceUnit::Section::Range) {
    begin = std::min<size_t>(unit.begin, text.size());
    end = std::min<size_t>(unit.end, text.size());
  } else {
    // dbmate: `-- migrate:up` ... `-- migrate:down` ...; a file without the down
    // marker is all up.
    const size_t down = text.find("-- migrate:down");
    const size_t split = down == std::string::npos ? text.size() : down;
    if (unit.section == SourceUnit::Section::DbmateUp) {
      end = split;
    } else {
      begin = split;
    }
  }
  blank(text, 0, begin);
  blank(text, end, text.size());
}

} // namespace rollsafe
