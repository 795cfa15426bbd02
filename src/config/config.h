// rollsafe.toml: where it is found, what it may say, and what each linted file's
// effective settings are (command line > file's configuration > defaults).
#pragma once

#include "common/string_map.h"
#include "diagnostics/diagnostic.h"
#include "engine/options.h"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace rollsafe {

// The configuration cannot be used: exit status 2. what() is `path:line:col: reason`.
class ConfigError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

enum class RuleLevel : uint8_t { Off, Warning, Error };

// A value and where it came from ("default", "--pg-version", "rollsafe.toml:4:1").
template <class T> struct Sourced {
  T value{};
  std::string source = "default";
};

struct GlobRules {
  std::vector<std::string> globs; // relative to the configuration file's folder
  std::map<std::string, RuleLevel, std::less<>> rules;
  std::string source;
};

struct Config {
  std::filesystem::path file; // empty: no configuration file
  std::filesystem::path root; // the folder globs are relative to
  Sourced<Dialect> dialect{Dialect::Postgres};
  bool mariadb = false; // dialect = "mariadb": MySQL syntax, MariaDB semantics
  Sourced<int> pg_version{15};
  Sourced<std::optional<int>> mysql_version; // unset: 8.0 for MySQL, 10.11 for MariaDB
  Sourced<std::optional<Phase>> default_phase;
  Sourced<bool> assume_in_transaction{false};
  Sourced<bool> require_reasons{true};
  std::vector<std::pair<std::string, Phase>> phases; // glob -> phase, first match wins
  std::string phases_source = "default";
  std::map<std::string, Sourced<RuleLevel>, std::less<>> rules;
  std::vector<GlobRules> overrides; // later entries win
  std::vector<std::string> exclude;
  std::string exclude_source = "default";
};

// Everything that decides how one file is linted.
struct FileSettings {
  LintOptions options;
  std::optional<Phase> mapped_phase; // from [phases] or default-phase
  std::string mapped_phase_source;
  std::map<std::string, RuleLevel, std::less<>> levels; // rules whose level is not the default
  bool require_reasons = true;
  bool excluded = false;
};

// Settings given on the command line; they win over any configuration file.
struct CommandLineSettings {
  std::optional<std::filesystem::path> config; // --config: the only file used
  std::optional<Dialect> dialect;
  bool mariadb = false; // --dialect mariadb
  std::optional<Phase> phase;
  std::optional<int> pg_version;
  std::optional<int> mysql_version;
  bool assume_in_transaction = false;
};

// Parses one configuration file. Throws ConfigError.
Config load_config(const std::filesystem::path& file);

// Finds the configuration that applies to each linted file: --config if given,
// else the nearest rollsafe.toml or .rollsafe.toml walking up from the file's
// folder, stopping at the repository root (the folder holding .git). Thread-safe;
// each folder is looked up once.
class ConfigResolver {
public:
  explicit ConfigResolver(CommandLineSettings cli);
  // Throws ConfigError.
  std::shared_ptr<const Config> config_for(const std::filesystem::path& file);
  FileSettings settings_for(const std::string& path);
  // The settings of `path` when every file that shares its configuration gets
  // the same ones (no configuration file, or one without exclude, [phases] or
  // [[overrides]] globs): one object per configuration, owned by the resolver
  // and valid for its lifetime. nullptr when they depend on the file's path
  // (use settings_for()). Throws ConfigError.
  const FileSettings* shared_settings_for(const std::string& path);
  [[nodiscard]] const CommandLineSettings& command_line() const { return cli_; }
  // Folders known to hold no configuration file and no .git (absolute,
  // lexically normal, no trailing '/'): discover() listed them
  // (`plain_folders`), so the lookup goes on to their parent without asking the
  // file system. Call before the first lookup.
  void without_configuration(const std::vector<std::string>& folders);

private:
  // `dir`: absolute, lexically normal, without a trailing '/' (or empty).
  std::shared_ptr<const Config> find(const std::string& dir);
  std::shared_ptr<const Config> config_for_written(const std::string& file);
  // What the configuration says for every file (the command line winning),
  // default-phase included.
  [[nodiscard]] FileSettings common_settings(const Config& config) const;
  // common_settings(config), made once per configuration and kept.
  const FileSettings& shared_settings(const Config& config);
  // `path` made absolute with the working directory read once (std::filesystem::
  // absolute() reads it for every call); empty when it cannot be read.
  std::filesystem::path absolute(const std::string& path);
  // A file's folder as written (empty, or ending in '/') made absolute and
  // lexically normal, without a trailing '/', by joining it to the working
  // directory: nullopt when it holds `.`, `..` or `//`, which only
  // lexically_normal() gets right, or the working directory cannot be read.
  std::optional<std::string> normal_folder(std::string_view written);
  // cwd_, read on first use; call with mutex_ held.
  const std::filesystem::path& working_directory();
  CommandLineSettings cli_;
  std::shared_ptr<const Config> fixed_; // from --config
  std::shared_ptr<const Config> none_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Config>> by_dir_;
  // By a file's folder as written (its path up to the last '/').
  StringMap<std::shared_ptr<const Config>> by_written_dir_;
  // shared_settings_for()'s answers, by configuration.
  std::unordered_map<const Config*, std::unique_ptr<const FileSettings>> shared_;
  std::optional<std::filesystem::path> cwd_; // read on first use
  StringSet plain_folders_;                  // see without_configuration()
};

// Matches `path` (relative, with '/') against a glob: `*` and `?` within a path
// segment, `**` across segments, `[abc]` classes.
[[nodiscard]] bool glob_match(std::string_view glob, std::string_view path);

[[nodiscard]] std::string_view to_string(RuleLevel level);

} // namespace rollsafe
