// The tables that migration tools keep for themselves. Their rows record which
// migrations ran; writing them is how a tool works, not a data change that old
// application code could notice, so the DML rules never report them.
#pragma once

#include "model/model.h"

namespace rollsafe {

// Whether `table` is a migration tool's bookkeeping table. Only the unqualified
// name counts (tools put them in any schema) and it is compared case-insensitively
// ("SequelizeMeta" and sequelizemeta are the same table to us).
//
// The generic name `migrations` (Laravel's and TypeORM's default) is deliberately
// not on the list: an application may well own a table of that name, and a
// missed UPDATE without WHERE costs more than a warning the user can suppress.
[[nodiscard]] bool is_migration_bookkeeping(const model::Name& table);

} // namespace rollsafe
