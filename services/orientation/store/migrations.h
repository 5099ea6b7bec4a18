// The orientation schema's migrations (migrations/*.sql), embedded in the binary, and
// the full set the service applies: its own, libs/events' outbox, libs/audit's log.
//
//   RETURN_IF_ERROR(storage::ApplyMigrations(*db, orientation::AllMigrations()));
#ifndef PARCOURS_SERVICES_ORIENTATION_STORE_MIGRATIONS_H_
#define PARCOURS_SERVICES_ORIENTATION_STORE_MIGRATIONS_H_

#include <vector>

#include "libs/common/embedded_file.h"

namespace parcours::orientation {

std::vector<EmbeddedFile> Migrations();
std::vector<EmbeddedFile> AllMigrations();

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_STORE_MIGRATIONS_H_
