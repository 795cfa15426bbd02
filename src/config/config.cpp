#include "config/config.h"

#include "common/config_names.h"
#include "engine/phase.h"
#include "engine/registry.h"

// toml++ checks its parser's internal preconditions with TOML_ASSERT when NDEBUG
// is not defined, and in 3.3 (Debian 12's) one of them does not hold for every
// input: a table header whose name starts with neither a key character nor a
// quote (`[[ # note`, `[[[a]]]`) reaches parse_key() with that character (fixed
// upstream in marzer/tomlplusplus#301). With the check left in, the sanitizer
// and fuzzing builds (assertions on) abort there; the fuzzer found it. Without
// it, as in the release build (NDEBUG, where toml++ leaves its checks out), the
// parser reports a positioned error for the character, which is the right
// answer (ConfigTest.TableHeaderWithoutAName). So the checks are left out here
// in every build; AddressSanitizer still watches the parser's memory.
#define TOML_ASSERT(expr) static_cast<void>(0)
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <system_error>
#include <vector>

namespace rollsafe {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTopKeys =
    "dialect, pg-version, mysql-version, default-phase, assume-in-transaction, "
    "require-suppression-reasons, exclude, [phases], [rules], [[overrides]]";

std::string where(const fs::path& file, const toml::source_region& at) {
  return file.string() + ":" + std::to_string(at.begin.line) + ":" +
         std::to_string(at.begin.column);
}

[[noreturn]] void fail(const fs::path& file, const toml::node& node, const std::string& reason) {
  throw ConfigError(where(file, node.source()) + ": " + reason);
}

std::string string_of(const fs::path& file, const toml::node& node, std::string_view key) {
  if (const auto* s = node.as_string()) {
    return s->get();
  }
  fail(file, node, "'" + std::string(key) + "' must be a string");
}

bool bool_of(const fs::path& file, const toml::node& node, std::string_view key) {
  if (const auto* b = node.as_boolean()) {
    return b->get();
  }
  fail(file, node, "'" + std::string(key) + "' must be true or false");
}

Phase phase_of(const fs::path& file, const toml::node& node, std::string_view key) {
  const std::string value = string_of(file, node, key);
  if (auto p = parse_phase(value)) {
    return *p;
  }
  fail(file, node,
       "'" + std::string(key) + "' is '" + value + "'; allowed: expand, migrate, contract");
}

// Rule ids a configuration may set: the registered rules and the engine's own
// findings about suppressions.
bool configurable(std::string_view id) {
  return Registry::instance().find(id) != nullptr || id == "unused-suppression" ||
         id == "unexplained-suppression";
}

RuleLevel level_of(const fs::path& file, const toml::node& node, std::string_view rule) {
  const std::string value = string_of(file, node, rule);
  if (value == "error") {
    return RuleLevel::Error;
  }
  if (value == "warning") {
    return RuleLevel::Warning;
  }
  if (value == "off") {
    return RuleLevel::Off;
  }
  fail(file, node,
       "rule '" + std::string(rule) + "' is '" + value + "'; allowed: error, warning, off");
}

std::vector<std::string> globs_of(const fs::path& file, const toml::node& node,
                                  std::string_view key) {
  std::vector<std::string> out;
  if (const auto* s = node.as_string()) {
    out.push_back(s->get());
    return out;
  }
  const auto* array = node.as_array();
  if (array == nullptr) {
    fail(file, node, "'" + std::string(key) + "' must be a glob or a list of globs");
  }
  for (const auto& element : *array) {
    out.push_back(string_of(file, element, key));
  }
  return out;
}

std::map<std::string, RuleLevel, std::less<>> rules_of(const fs::path& file,
                                                       const toml::node& node) {
  const auto* table = node.as_table();
  if (table == nullptr) {
    fail(file, node, R"('rules' must be a table of rule = "error" | "warning" | "off")");
  }
  std::map<std::string, RuleLevel, std::less<>> out;
  for (const auto& [key, value] : *table) {
    if (!configurable(key.str())) {
      throw ConfigError(where(file, key.source()) + ": unknown rule '" + std::string(key.str()) +
                        "' (rollsafe rules lists them)");
    }
    out[std::string(key.str())] = level_of(file, value, key.str());
  }
  return out;
}

} // namespace

std::string_view to_string(RuleLevel level) {
  switch (level) {
  case RuleLevel::Off:
    return "off";
  case RuleLevel::Warning:
    return "warning";
  case RuleLevel::Error:
    return "error";
  }
  return "error";
}

Config load_config(const fs::path& file) {
  toml::table doc;
  try {
    doc = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError(where(file, e.source()) + ": " + std::string(e.description()));
  }
  Config config;
  config.file = file;
  config.root = fs::absolute(file).lexically_normal().parent_path();
  for (const auto& [key_node, value] : doc) {
    const std::string key(key_node.str());
    const std::string at = where(file, value.source());
    if (key == "dialect") {
      const std::string d = string_of(file, value, key);
      if (d == "postgres" || d == "postgresql") {
        config.dialect = {Dialect::Postgres, at};
      } else if (d == "mysql" || d == "mariadb") {
        config.dialect = {Dialect::MySQL, at};
        config.mariadb = d == "mariadb";
      } else {
        fail(file, value, "dialect '" + d + "'; allowed: postgres, mysql, mariadb");
      }
    } else if (key == "pg-version") {
      const auto* v = value.as_integer();
      if (v == nullptr || v->get() < 9 || v->get() > 18) {
        fail(file, value, "'pg-version' must be a PostgreSQL major version from 9 to 18");
      }
      config.pg_version = {static_cast<int>(v->get()), at};
    } else if (key == "mysql-version") {
      const auto version = parse_server_version(string_of(file, value, key));
      if (!version) {
        fail(
            file, value,
            R"('mysql-version' must be a MySQL or MariaDB version such as "8.0", "8.0.13" or "10.11")");
      }
      config.mysql_version = {version, at};
    } else if (key == "default-phase") {
      config.default_phase = {phase_of(file, value, key), at};
    } else if (key == "assume-in-transaction") {
      config.assume_in_transaction = {bool_of(file, value, key), at};
    } else if (key == "require-suppression-reasons") {
      config.require_reasons = {bool_of(file, value, key), at};
    } else if (key == "exclude") {
      config.exclude = globs_of(file, value, key);
      config.exclude_source = at;
    } else if (key == "phases") {
      const auto* table = value.as_table();
      if (table == nullptr) {
        fail(file, value,
             R"('phases' must be a table of "glob" = "expand" | "migrate" | "contract")");
      }
      for (const auto& [glob, phase] : *table) {
        config.phases.emplace_back(std::string(glob.str()), phase_of(file, phase, glob.str()));
      }
      config.phases_source = at;
    } else if (key == "rules") {
      for (auto& [id, level] : rules_of(file, value)) {
        config.rules[id] = {level, at};
      }
    } else if (key == "overrides") {
      const auto* array = value.as_array();
      if (array == nullptr || !array->is_array_of_tables()) {
        fail(file, value,
             "'overrides' must be an array of tables: [[overrides]] files = [...] "
             "rules = {...}");
      }
      for (const auto& element : *array) {
        GlobRules entry;
        entry.source = where(file, element.source());
        for (const auto& [okey, ovalue] : *element.as_table()) {
          if (okey.str() == "files") {
            entry.globs = globs_of(file, ovalue, "files");
          } else if (okey.str() == "rules") {
            entry.rules = rules_of(file, ovalue);
          } else {
            throw ConfigError(where(file, okey.source()) + ": unknown key '" +
                              std::string(okey.str()) +
                              "' in [[overrides]]; allowed: files, rules");
          }
        }
        if (entry.globs.empty()) {
          fail(file, element, "[[overrides]] needs 'files'");
        }
        config.overrides.push_back(std::move(entry));
      }
    } else {
      throw ConfigError(where(file, key_node.source()) + ": unknown key '" + key +
                        "'; allowed: " + std::string(kTopKeys));
    }
  }
  return config;
}

ConfigResolver::ConfigResolver(CommandLineSettings cli)
    : cli_(std::move(cli)), none_(std::make_shared<const Config>()) {
  if (cli_.config) {
    std::error_code ec;
    if (!fs::is_regular_file(*cli_.config, ec)) {
      throw ConfigError(cli_.config->string() + ": cannot read the configuration file");
    }
    fixed_ = std::make_shared<const Config>(load_config(*cli_.config));
  }
}

std::shared_ptr<const Config> ConfigResolver::find(const std::string& dir) {
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = by_dir_.find(dir); it != by_dir_.end()) {
      return it->second;
    }
  }
  std::shared_ptr<const Config> found = none_;
  std::error_code ec;
  bool done = false;
  // A folder discovery listed without any of the names probed for: nothing to ask.
  const bool plain = plain_folders_.contains(dir);
  for (size_t i = 0; !plain && !done && i < kConfigFileNames.size(); ++i) {
    const fs::path candidate = fs::path(dir) / kConfigFileNames[i];
    if (fs::is_regular_file(candidate, ec)) {
      found = std::make_shared<const Config>(load_config(candidate));
      done = true;
    }
  }
  // The parent as fs::path::parent_path() gives it for an absolute, lexically
  // normal folder without a trailing '/' (what the callers pass), without
  // parsing the path into components: the text before the last '/', or "/".
  const size_t slash = dir.rfind('/');
  if (!done && (plain || !fs::exists(fs::path(dir) / kRepositoryMarker, ec)) &&
      slash != std::string::npos && dir != "/") {
    found = find(dir.substr(0, std::max<size_t>(slash, 1)));
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  by_dir_.emplace(dir, found);
  return found;
}

std::shared_ptr<const Config> ConfigResolver::config_for(const fs::path& file) {
  if (fixed_) {
    return fixed_;
  }
  return config_for_written(file.native());
}

std::shared_ptr<const Config> ConfigResolver::config_for_written(const std::string& file) {
  // Files of one folder share the answer: look it up by the folder as written
  // (the text up to the last '/', which names one folder) before paying for
  // paths, absolute and normal.
  const size_t slash = file.rfind('/');
  const std::string_view written =
      std::string_view(file).substr(0, slash == std::string::npos ? 0 : slash + 1);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = by_written_dir_.find(written); it != by_written_dir_.end()) {
      return it->second;
    }
  }
  std::string dir;
  if (std::optional<std::string> plain = normal_folder(written)) {
    dir = std::move(*plain);
  } else {
    dir = absolute(file).lexically_normal().parent_path().native();
    if (dir.empty()) {
      std::error_code ec;
      dir = fs::current_path(ec).native();
    }
  }
  auto found = find(dir);
  const std::lock_guard<std::mutex> lock(mutex_);
  by_written_dir_.emplace(written, found);
  return found;
}

void ConfigResolver::without_configuration(const std::vector<std::string>& folders) {
  const std::lock_guard<std::mutex> lock(mutex_);
  plain_folders_.insert(folders.begin(), folders.end());
}

namespace {

// `folder` (empty, or ending in '/') has no segment that lexically_normal()
// would change: no `.`, no `..`, no empty segment but a leading one.
bool already_normal(std::string_view folder) {
  for (size_t start = folder.starts_with('/') ? 1 : 0; start < folder.size();) {
    const size_t end = std::min(folder.find('/', start), folder.size());
    const std::string_view segment = folder.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return false;
    }
    start = end + 1;
  }
  return true;
}

} // namespace

std::optional<std::string> ConfigResolver::normal_folder(std::string_view written) {
  if (!already_normal(written)) {
    return std::nullopt;
  }
  std::string dir;
  if (!written.starts_with('/')) {
    const std::lock_guard<std::mutex> lock(mutex_);
    const fs::path& cwd = working_directory();
    if (cwd.empty()) {
      return std::nullopt;
    }
    dir = cwd.native();
    if (!dir.ends_with('/')) {
      dir += '/';
    }
  }
  dir.append(written);
  while (dir.size() > 1 && dir.ends_with('/')) {
    dir.pop_back();
  }
  return dir;
}

fs::path ConfigResolver::absolute(const std::string& path) {
  if (path.starts_with('/')) {
    return path;
  }
  const std::lock_guard<std::mutex> lock(mutex_);
  return working_directory().empty() ? fs::path() : *cwd_ / path;
}

const fs::path& ConfigResolver::working_directory() {
  if (!cwd_) {
    std::error_code ec;
    cwd_ = fs::current_path(ec); // empty when it fails
  }
  return *cwd_;
}

FileSettings ConfigResolver::common_settings(const Config& config) const {
  FileSettings s;
  s.options.dialect = cli_.dialect.value_or(config.dialect.value);
  s.options.pg_version = cli_.pg_version.value_or(config.pg_version.value);
  s.options.mariadb = cli_.dialect ? cli_.mariadb : config.mariadb;
  s.options.mysql_version = cli_.mysql_version.value_or(config.mysql_version.value.value_or(
      s.options.mariadb ? kDefaultMariaDbVersion : kDefaultMySqlVersion));
  s.options.assume_in_transaction =
      cli_.assume_in_transaction || config.assume_in_transaction.value;
  s.options.phase = cli_.phase;
  s.require_reasons = config.require_reasons.value;
  for (const auto& [id, level] : config.rules) {
    s.levels[id] = level.value;
  }
  // A file a [phases] glob matches gets that glob's phase instead (settings_for()).
  if (config.default_phase.value) {
    s.mapped_phase = config.default_phase.value;
    s.mapped_phase_source = "default-phase in " + config.file.string();
  }
  return s;
}

namespace {

// Whether a file's settings under `config` depend on its path.
bool has_globs(const Config& config) {
  return !config.exclude.empty() || !config.phases.empty() || !config.overrides.empty();
}

} // namespace

const FileSettings* ConfigResolver::shared_settings_for(const std::string& path) {
  const std::shared_ptr<const Config> config = fixed_ ? fixed_ : config_for_written(path);
  return has_globs(*config) ? nullptr : &shared_settings(*config);
}

const FileSettings& ConfigResolver::shared_settings(const Config& config) {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::unique_ptr<const FileSettings>& shared = shared_[&config];
  if (!shared) {
    shared = std::make_unique<const FileSettings>(common_settings(config));
  }
  return *shared;
}

FileSettings ConfigResolver::settings_for(const std::string& path) {
  const std::shared_ptr<const Config> config = fixed_ ? fixed_ : config_for_written(path);
  if (!has_globs(*config)) {
    return shared_settings(*config);
  }
  FileSettings s = common_settings(*config);
  const std::string relative =
      absolute(path).lexically_normal().lexically_relative(config->root).generic_string();
  for (const auto& glob : config->exclude) {
    if (glob_match(glob, relative)) {
      s.excluded = true;
    }
  }
  for (const auto& [glob, phase] : config->phases) {
    if (glob_match(glob, relative)) {
      s.mapped_phase = phase;
      s.mapped_phase_source = "[phases] \"" + glob + "\" in " + config->file.string();
      break;
    }
  }
  for (const auto& entry : config->overrides) {
    if (std::any_of(entry.globs.begin(), entry.globs.end(),
                    [&](const std::string& g) { return glob_match(g, relative); })) {
      for (const auto& [id, level] : entry.rules) {
        s.levels[id] = level;
      }
    }
  }
  return s;
}

bool glob_match(std::string_view glob, std::string_view path) {
  // match[g][p]: whether glob[g..] matches path[p..], filled from the ends, so
  // time and memory are the product of the lengths whatever the glob: a
  // backtracking matcher took exponential time on a run of `*`s (a fuzzed
  // configuration, tests/fuzz-regressions/fuzz_config/timeout-*) and recursed
  // once per character.
  const size_t gn = glob.size();
  const size_t pn = path.size();
  const size_t width = pn + 1;
  std::vector<uint8_t> match((gn + 1) * width, 0);
  const auto at = [&](size_t g, size_t p) -> uint8_t& { return match[(g * width) + p]; };
  at(gn, pn) = 1;
  // For `**` at g: whether glob[g + 2..] matches some suffix path[i..], i >= p.
  std::vector<uint8_t> any_suffix(width + 1, 0);
  for (size_t g = gn; g-- > 0;) {
    const char c = glob[g];
    if (c == '*' && g + 1 < gn && glob[g + 1] == '*') {
      const size_t rest = g + 2;
      const bool slash = rest < gn && glob[rest] == '/';
      any_suffix[width] = 0;
      for (size_t p = width; p-- > 0;) {
        any_suffix[p] = static_cast<uint8_t>(at(rest, p) != 0 || any_suffix[p + 1] != 0);
        // `**/` also matches no folder at all.
        at(g, p) = static_cast<uint8_t>((slash && at(rest + 1, p) != 0) || any_suffix[p] != 0);
      }
      continue;
    }
    if (c == '*') {
      for (size_t p = width; p-- > 0;) {
        // `*` stays within one path segment.
        at(g, p) = static_cast<uint8_t>(at(g + 1, p) != 0 ||
                                        (p < pn && path[p] != '/' && at(g, p + 1) != 0));
      }
      continue;
    }
    size_t next = g + 1;
    std::string_view set;
    if (c == '[') {
      if (const size_t close = glob.find(']', g + 1); close != std::string_view::npos) {
        set = glob.substr(g + 1, close - g - 1);
        next = close + 1;
      }
    }
    const bool is_set = next != g + 1;
    for (size_t p = 0; p < pn; ++p) {
      const char ch = path[p];
      const bool one = c == '?' ? ch != '/'
                       : is_set ? set.find(ch) != std::string_view::npos
                                : c == ch;
      at(g, p) = static_cast<uint8_t>(one && at(next, p + 1) != 0);
    }
  }
  return at(0, 0) != 0;
}

} // namespace rollsafe
