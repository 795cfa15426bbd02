// The names the configuration lookup (src/config/) probes for in each folder on
// its way up from a linted file. Discovery (src/source/) lists every folder it
// walks anyway, and notes those in which none of these names appears, so the
// lookup need not ask the file system about them again.
#pragma once

#include <array>
#include <string_view>

namespace rollsafe {

// A configuration file, in the order a folder's are preferred.
inline constexpr std::array<std::string_view, 2> kConfigFileNames{"rollsafe.toml",
                                                                  ".rollsafe.toml"};
// Where the lookup stops: the root of a repository.
inline constexpr std::string_view kRepositoryMarker = ".git";

} // namespace rollsafe
