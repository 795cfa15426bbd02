#include "spec.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <stdexcept>

namespace rollsafe::verify {

namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
  throw std::runtime_error(file.string() + ": " + what);
}

std::string text_of(const toml::table& t, std::string_view key) {
  return t[key].value_or(std::string());
}

template <class T> std::optional<T> opt(const toml::table& t, std::string_view key) {
  if (const auto v = t[key].value<T>()) {
    return *v;
  }
  return std::nullopt;
}

// The keys a form may have: a typo must not silently drop a claim.
constexpr std::array<std::string_view, 22> kFormKeys{"check_after",
                                                     "check_after_result",
                                                     "keep_hold",
                                                     "name",
                                                     "expect",
                                                     "phase",
                                                     "setup",
                                                     "old_code",
                                                     "migration",
                                                     "table",
                                                     "transaction",
                                                     "hold",
                                                     "probe_write",
                                                     "probe_read",
                                                     "breaks_old_code",
                                                     "migration_fails",
                                                     "lock",
                                                     "rewrites",
                                                     "blocks_writes",
                                                     "blocks_reads",
                                                     "algorithm",
                                                     "lock_clause"};

Form load_form(const std::filesystem::path& file, const toml::table& t) {
  Form f;
  for (const auto& [key, value] : t) {
    if (std::find(kFormKeys.begin(), kFormKeys.end(), key.str()) == kFormKeys.end()) {
      fail(file, "unknown key '" + std::string(key.str()) + "' in a [[form]]");
    }
  }
  f.name = text_of(t, "name");
  const std::string expect = text_of(t, "expect");
  if (expect != "unsafe" && expect != "safe") {
    fail(file, "form '" + f.name + R"(': expect must be "unsafe" or "safe")");
  }
  f.unsafe = expect == "unsafe";
  f.phase = t["phase"].value_or(std::string("expand"));
  f.setup = text_of(t, "setup");
  if (const auto* list = t["old_code"].as_array()) {
    for (const auto& item : *list) {
      f.old_code.push_back(item.value_or(std::string()));
    }
  }
  f.migration = text_of(t, "migration");
  f.table = text_of(t, "table");
  f.transaction = t["transaction"].value_or(true);
  f.hold = text_of(t, "hold");
  f.keep_hold = t["keep_hold"].value_or(false);
  f.probe_write = text_of(t, "probe_write");
  f.probe_read = text_of(t, "probe_read");
  for (const std::string& s : f.old_code) {
    const bool select = s.starts_with("SELECT");
    if (f.probe_read.empty() && select) {
      f.probe_read = s;
    } else if (f.probe_write.empty() && !select) {
      f.probe_write = s;
    }
  }
  f.breaks_old_code = opt<bool>(t, "breaks_old_code");
  f.migration_fails = opt<bool>(t, "migration_fails");
  f.lock = opt<std::string>(t, "lock");
  f.rewrites = opt<bool>(t, "rewrites");
  f.blocks_writes = opt<bool>(t, "blocks_writes");
  f.blocks_reads = opt<bool>(t, "blocks_reads");
  f.check_after = opt<std::string>(t, "check_after");
  f.check_after_result = text_of(t, "check_after_result");
  if (f.check_after && f.old_code.empty()) {
    fail(file, "form '" + f.name + "' has check_after but no old_code");
  }
  f.algorithm = opt<std::string>(t, "algorithm");
  f.lock_clause = opt<std::string>(t, "lock_clause");
  if (f.name.empty() || f.migration.empty()) {
    fail(file, "every [[form]] needs a name and a migration");
  }
  if (f.breaks_old_code && f.old_code.empty()) {
    fail(file, "form '" + f.name + "' claims breaks_old_code but has no old_code");
  }
  if ((f.lock || f.rewrites || f.blocks_writes || f.blocks_reads) && f.table.empty()) {
    fail(file, "form '" + f.name + "' makes a lock or rewrite claim but names no table");
  }
  return f;
}

} // namespace

Spec load_spec(const std::filesystem::path& file) {
  toml::table doc;
  try {
    doc = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    fail(file, std::string(e.description()));
  }
  Spec s;
  s.file = file;
  s.rule = text_of(doc, "rule");
  s.concept_name = text_of(doc, "concept");
  if (s.rule.empty() && s.concept_name.empty()) {
    fail(file, R"(a spec names its rule (rule = "...") or what it verifies (concept = "..."))");
  }
  if (!s.rule.empty() && s.rule + ".toml" != file.filename().string()) {
    fail(file, "the file of rule '" + s.rule + "' must be named " + s.rule + ".toml");
  }
  const auto* forms = doc["form"].as_array();
  if (forms == nullptr || forms->empty()) {
    fail(file, "no [[form]]");
  }
  for (const auto& node : *forms) {
    const auto* t = node.as_table();
    if (t == nullptr) {
      fail(file, "[[form]] must be a table");
    }
    s.forms.push_back(load_form(file, *t));
  }
  return s;
}

std::vector<Spec> load_specs(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".toml" && entry.path().filename() != "exempt.toml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Spec> out;
  out.reserve(files.size());
  for (const auto& f : files) {
    out.push_back(load_spec(f));
  }
  return out;
}

std::map<std::string, std::string> load_exemptions(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  const auto file = dir / "exempt.toml";
  if (!std::filesystem::exists(file)) {
    return out;
  }
  const toml::table doc = toml::parse_file(file.string());
  if (const auto* t = doc["exempt"].as_table()) {
    for (const auto& [key, value] : *t) {
      out[std::string(key.str())] = value.value_or(std::string());
    }
  }
  return out;
}

std::map<std::string, std::string> read_env_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw std::runtime_error("cannot read " + path + " (is the server fixture running?)");
  }
  std::map<std::string, std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    const size_t eq = line.find('=');
    if (eq == std::string::npos) {
      continue;
    }
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
      value = value.substr(1, value.size() - 2);
    }
    out[line.substr(0, eq)] = value;
  }
  return out;
}

} // namespace rollsafe::verify
