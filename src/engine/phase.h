// Which phase a file belongs to, and why.
#pragma once

#include "diagnostics/diagnostic.h"

#include <optional>
#include <string>
#include <string_view>

namespace rollsafe {

struct PhaseDecision {
  Phase phase = Phase::Expand;
  std::string source; // shown to the user: why this phase
};

[[nodiscard]] std::optional<Phase> parse_phase(std::string_view word);

// From the path: a directory or file-name token `expand`, `migrate`, `contract`,
// `data_migration`, `data-migration`, `expand_repo`, `contract_repo`,
// `data_migration_repo`, or such a word standing alone in the file name
// (`0003_contract_users.sql`), or in the name of the folder holding an `up.sql`
// or `down.sql` (Diesel's `..._contract_users/up.sql`). The last (innermost)
// match wins.
[[nodiscard]] std::optional<PhaseDecision> phase_from_path(std::string_view path);

// A file name that says only which way the migration runs (`up.sql`,
// `down.sql`, any case): the folder holding it names the migration.
[[nodiscard]] bool named_by_folder(std::string_view name);

// What phase_from_path() finds for a file name alone (no '/'), without the
// reason: a whole phase word, else a phase word standing alone in the name.
[[nodiscard]] std::optional<Phase> phase_from_name(std::string_view name);

// A folder name that is exactly a phase word (`expand`, `data_migration_repo`,
// ...; case-insensitive). `contract-without-expand/` is not a phase folder.
[[nodiscard]] std::optional<Phase> phase_folder(std::string_view segment);

} // namespace rollsafe
