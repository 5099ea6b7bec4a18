// The orientation schema's migrations (migrations/*.sql), embedded in the binary.
//
//   RETURN_IF_ERROR(storage::ApplyMigrations(*db, orientation::Migrations()));
#ifndef PARCOURS_SERVICES_ORIENTATION_STORE_MIGRATIONS_H_
#define PARCOURS_SERVICES_ORIENTATION_STORE_MIGRATIONS_H_

#include <vector>

#include "libs/common/embedded_file.h"

namespace parcours::orientation {

std::vector<EmbeddedFile> Migrations();

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_STORE_MIGRATIONS_H_
