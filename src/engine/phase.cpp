#include "engine/phase.h"

#include "common/ascii.h"
#include "common/last_slash.h"
#include "engine/options.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdint>
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

// Paths are matched without copying them (common/ascii.h): every file's path
// is looked at twice (layout planning, then the linter), and lower-casing each
// segment into a std::string was a tenth of a lint of 1,443 small files.

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

// Bit n is set if a phase word has n letters.
constexpr uint32_t kPhaseWordLengths = [] {
  uint32_t bits = 0;
  for (const auto& entry : kPhaseWords) {
    bits |= uint32_t{1} << entry.first.size();
  }
  return bits;
}();

// Bit w is set for the byte c if kPhaseWords[w] starts with c, in any case.
constexpr std::array<uint8_t, 256> kPhaseWordsByStart = [] {
  std::array<uint8_t, 256> starts{};
  for (size_t w = 0; w < kPhaseWords.size(); ++w) {
    const char first = kPhaseWords[w].first[0];
    starts[static_cast<unsigned char>(first)] |= static_cast<uint8_t>(1U << w);
    starts[static_cast<unsigned char>(ascii_upper(first))] |= static_cast<uint8_t>(1U << w);
  }
  return starts;
}();

// `token` is a phase word, in any case.
std::optional<Phase> phase_of_token(std::string_view token) {
  // Most segments have none of the words' lengths: one test instead of eight.
  if (token.size() >= 32 || ((kPhaseWordLengths >> token.size()) & 1U) == 0 ||
      kPhaseWordsByStart[static_cast<unsigned char>(token[0])] == 0) {
    return std::nullopt;
  }
  for (const auto& [word, phase] : kPhaseWords) {
    if (iequals_ascii(token, word)) {
      return phase;
    }
  }
  return std::nullopt;
}

// A phase word standing alone inside a file name, in any case: `expand` matches
// `0001_expand_users.sql`, not `expanded_view.sql`. ("migration" alone is too
// common in names like `migrations/` to mean the phase.) The longest word
// found wins (the first in kPhaseWords of that length). One pass over the
// name, trying only the words that start with a token's first letter: this
// runs for every file (layout planning), and a lower-cased copy searched once
// per word cost more.
std::optional<std::pair<std::string_view, Phase>> phase_in_name(std::string_view name) {
  uint32_t seen = 0; // bit w: kPhaseWords[w] stands alone in the name
  // Token by token: a word can only start where a run of letters and digits
  // starts, so the rest of each run is skipped without looking at its letters.
  for (size_t at = 0; at < name.size();) {
    if (!ascii_alnum(name[at])) {
      ++at;
      continue;
    }
    for (uint32_t words = kPhaseWordsByStart[static_cast<unsigned char>(name[at])]; words != 0;
         words &= words - 1) {
      const auto w = static_cast<size_t>(std::countr_zero(words));
      const std::string_view word = kPhaseWords[w].first;
      const size_t after = at + word.size();
      if (after <= name.size() && (after == name.size() || !ascii_alnum(name[after])) &&
          iequals_ascii(name.substr(at, word.size()), word)) {
        seen |= 1U << w;
      }
    }
    while (at < name.size() && ascii_alnum(name[at])) {
      ++at;
    }
  }
  std::optional<std::pair<std::string_view, Phase>> found;
  for (; seen != 0; seen &= seen - 1) {
    const auto& entry = kPhaseWords[static_cast<size_t>(std::countr_zero(seen))];
    if (!found || entry.first.size() > found->first.size()) {
      found = entry;
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
  return phase_of_token(segment);
}

bool named_by_folder(std::string_view name) {
  return iequals_ascii(name, "up.sql") || iequals_ascii(name, "down.sql");
}

std::optional<Phase> phase_from_name(std::string_view name) {
  if (auto p = phase_of_token(name)) {
    return p;
  }
  if (auto word = phase_in_name(name)) {
    return word->second;
  }
  return std::nullopt;
}

std::optional<PhaseDecision> phase_from_path(std::string_view path) {
  // The innermost match wins, so the segments are looked at from the end: the
  // file name (a whole phase word, else a phase word standing alone in it),
  // then each folder, innermost first (a whole phase word only; for the
  // folder of an `up.sql` or `down.sql`, also a word standing alone in it).
  // The first match ends the search.
  const auto decision = [](Phase phase, std::string_view token, bool whole_segment) {
    return PhaseDecision{phase, whole_segment ? "path segment '" + lower(token) + "'"
                                              : "name token '" + std::string(token) + "'"};
  };
  size_t end = path.size();
  // `name`: the segment names the migration. A file called only by its role
  // (Diesel's `up.sql` and `down.sql`) leaves that to the folder holding it:
  // `2024-01-01-000000_contract_users/up.sql`.
  for (bool file = true, name = true;; file = false) {
    const size_t start = last_slash(path.substr(0, end)) + 1; // npos + 1 == 0
    const std::string_view segment = path.substr(start, end - start);
    // Rails keeps every migration in db/migrate/: that folder is not a phase.
    const bool rails = iequals_ascii(segment, "migrate") && start >= 3 &&
                       iequals_ascii(path.substr(start - 3, 3), "db/") &&
                       (start == 3 || path[start - 4] == '/');
    if (!rails) {
      if (auto p = phase_of_token(segment)) {
        return decision(*p, segment, true);
      }
      // Only the tokens of the migration's name count: a folder such as
      // `golang-migrate/` or `expand-tools/` names a tool or a project, not a phase.
      if (auto word = name ? phase_in_name(segment) : std::nullopt) {
        return decision(word->second, word->first, false);
      }
    }
    if (start == 0) {
      return std::nullopt;
    }
    name = file && named_by_folder(segment);
    end = start - 1;
  }
}

} // namespace rollsafe
