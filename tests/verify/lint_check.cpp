// The link between a spec and its rule: the claims a spec proves on the server
// are the ones the rule's message makes.
#include "engine/linter.h"
#include "engine/phase.h"
#include "model/catalog.h"
#include "verify.h"

#include <algorithm>
#include <array>

namespace rollsafe::verify {

namespace {

// The PostgreSQL lock modes a message names, longest names matched first so
// "SHARE" inside "SHARE ROW EXCLUSIVE" does not count.
std::vector<std::string> modes_named(std::string message) {
  std::array<std::string, 8> modes{
      "SHARE UPDATE EXCLUSIVE", "SHARE ROW EXCLUSIVE", "ACCESS EXCLUSIVE", "ROW EXCLUSIVE",
      "ACCESS SHARE",           "ROW SHARE",           "EXCLUSIVE",        "SHARE"};
  std::vector<std::string> out;
  for (const std::string& m : modes) {
    for (size_t at = message.find(m); at != std::string::npos; at = message.find(m, at)) {
      out.push_back(m);
      message.replace(at, m.size(), std::string(m.size(), '#'));
    }
  }
  return out;
}

// The MariaDB lock levels a message names ("... while holding a SHARED lock"):
// the LOCK= levels of online DDL, which the spec's lock_clause claims (or, for
// a metadata lock, its lock).
std::vector<std::string> levels_named(const std::string& message) {
  std::vector<std::string> out;
  for (const std::string level : {"SHARED", "EXCLUSIVE"}) {
    for (size_t at = message.find(level + " lock"); at != std::string::npos;
         at = message.find(level + " lock", at + 1)) {
      out.push_back(level);
    }
  }
  return out;
}

} // namespace

std::vector<Check> check_lint(const Spec& spec, const Form& form, const std::string& dialect) {
  FileSettings settings;
  settings.options.dialect = dialect == "postgres" ? Dialect::Postgres : Dialect::MySQL;
  if (dialect == "mariadb") {
    settings.options.mariadb = true;
    settings.options.mysql_version = kDefaultMariaDbVersion;
  }
  settings.options.phase = parse_phase(form.phase);
  Linter linter(settings.options.dialect);
  model::Catalog catalog;
  const FileReport report = linter.lint("verify.sql", form.migration, catalog, settings);
  std::vector<std::string> messages;
  for (const Diagnostic& d : report.diagnostics) {
    if (d.rule == spec.rule) {
      messages.emplace_back(d.message);
    }
  }
  std::vector<Check> out;
  const auto add = [&](std::string claim, std::string claimed, std::string observed, bool pass) {
    out.push_back({spec.rule, dialect, form.name, std::move(claim), std::move(claimed),
                   std::move(observed), pass});
  };
  const std::string fired = messages.empty() ? "quiet" : "fires";
  add("rollsafe " + form.phase, form.unsafe ? "fires" : "quiet", fired,
      form.unsafe != messages.empty());
  if (!form.unsafe || messages.empty()) {
    return out;
  }
  std::vector<std::string> named;
  bool says_rewrite = false;
  for (const std::string& m : messages) {
    for (std::string& mode : dialect == "postgres" ? modes_named(m) : levels_named(m)) {
      named.push_back(std::move(mode));
    }
    says_rewrite = says_rewrite || m.find("rewrite") != std::string::npos;
  }
  if (!named.empty()) {
    const std::optional<std::string> claimed =
        dialect == "postgres" || form.lock ? form.lock : form.lock_clause;
    const bool has = claimed && std::find(named.begin(), named.end(), *claimed) != named.end();
    add("message names the lock", claimed.value_or("(no lock claim)"), named.front(), has);
  }
  if (says_rewrite) {
    add("message says rewrite", "rewrites = true",
        form.rewrites ? (*form.rewrites ? "rewrites = true" : "rewrites = false") : "no claim",
        form.rewrites.value_or(false));
  }
  return out;
}

} // namespace rollsafe::verify
