// Runs verification specs against a real server and returns one Check per claim.
#pragma once

#include "spec.h"

#include <string>
#include <vector>

namespace rollsafe::verify {

// Lints the form's migration with rollsafe's own rules and checks that the
// spec's rule fires on an unsafe form (naming the claimed lock when its message
// names a lock, and saying "rewrite" only when a rewrite is claimed) and stays
// quiet on a safe one.
[[nodiscard]] std::vector<Check> check_lint(const Spec& spec, const Form& form,
                                            const std::string& dialect);

// `conninfo`: a libpq connection string for a database the suite may fill with
// one schema per form.
[[nodiscard]] std::vector<Check> verify_postgres(const Spec& spec, const std::string& conninfo);

struct MariadbServer {
  std::string socket;
  std::string user;
  std::string database; // prefix of the databases made for each form
};
[[nodiscard]] std::vector<Check> verify_mariadb(const Spec& spec, const MariadbServer& server);

} // namespace rollsafe::verify
