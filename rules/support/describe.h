// How a schema change names itself in a message: "ALTER TABLE users",
// "CREATE INDEX on table users", "DROP VIEW active_users". Shared by the rules
// that report where a statement belongs (ddl-in-migrate, phase-order).
#pragma once

#include "model/model.h"

#include <string>
#include <string_view>

namespace rollsafe {

// The statement kind ("ALTER TABLE") with the object its first DDL action is
// about; just the kind when the action names no object.
[[nodiscard]] std::string describe_ddl(const std::string& kind, const model::Node& node);

// "index" -> "INDEX" (ASCII letters only: SQL keywords and object kinds).
[[nodiscard]] std::string upper_ascii(std::string_view s);

} // namespace rollsafe
