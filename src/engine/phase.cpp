#include "engine/phase.h"

#include "engine/options.h"

#include <array>
#include <cctype>
#include <utility>

namespace rollsafe {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

constexpr std::array<std::pair<std::string_view, Phase>, 8> kPhaseWords{{
    {"expand", Phase::Expand},
    {"expand_repo", Phase::Expand},
    {"migrate", Phase::Migrate},
    {"data_migration", Phase::Migrate},
    {"data-migration", Phase::Migrate},
    {"data_migration_repo", Phase::Migrate},
    {"contract", Phase::Contract},
    {"contract_repo", Phase::Contract},
}};

std::optional<Phase> phase_of_token(std::string_view token) {
  for (const auto& [word, phase] : kPhaseWords) {
    if (word == token) {
      return phase;
    }
  }
  return std::nullopt;
}

// A phase word standing alone inside a file name: `expand` matches
// `0001_expand_users.sql`, not `expanded_view.sql`. ("migration" alone is too
// common in names like `migrations/` to mean the phase.)
std::optional<std::pair<std::string_view, Phase>> phase_in_name(std::string_view name) {
  std::optional<std::pair<std::string_view, Phase>> found;
  for (const auto& [word, phase] : kPhaseWords) {
    for (size_t at = name.find(word); at != std::string_view::npos; at = name.find(word, at + 1)) {
      const size_t after = at + word.size();
      const bool left = at == 0 || std::isalnum(static_cast<unsigned char>(name[at - 1])) == 0;
      const bool right =
          after >= name.size() || std::isalnum(static_cast<unsigned char>(name[after])) == 0;
      if (left && right && (!found || word.size() > found->first.size())) {
        found = std::make_pair(word, phase);
      }
    }
  }
  return found;
}

} // namespace

std::optional<Phase> parse_phase(std::string_view word) {
  const std::string w = lower(word);
  if (w == "expand") {
    return Phase::Expand;
  }
  if (w == "migrate") {
    return Phase::Migrate;
  }
  if (w == "contract") {
    return Phase::Contract;
  }
  return std::nullopt;
}

std::optional<Phase> phase_folder(std::string_view segment) {
  return phase_of_token(lower(segment));
}

std::optional<PhaseDecision> phase_from_path(std::string_view path) {
  std::optional<PhaseDecision> found;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    const std::string segment = lower(path.substr(start, end - start));
    // Rails keeps every migration in db/migrate/: that folder is not a phase.
    const bool rails = segment == "migrate" && start >= 3 &&
                       lower(path.substr(start - 3, 3)) == "db/" &&
                       (start == 3 || path[start - 4] == '/');
    if (rails) {
      // not a phase
    } else if (auto p = phase_of_token(segment)) {
      found = PhaseDecision{*p, "path segment '" + segment + "'"};
    } else if (auto token = end == path.size() ? phase_in_name(segment) : std::nullopt) {
      // Only a file name's tokens count: a folder such as `golang-migrate/` or
      // `expand-tools/` names a tool or a project, not a phase.
      found = PhaseDecision{token->second, "name token '" + std::string(token->first) + "'"};
    }
    start = end + 1;
  }
  return found;
}

} // namespace rollsafe
