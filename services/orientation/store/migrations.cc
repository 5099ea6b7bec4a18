#include "services/orientation/store/migrations.h"

#include "libs/audit/audit_log.h"
#include "libs/events/event_migrations.h"
#include "libs/storage/migrations.h"

namespace parcours::orientation {

std::vector<EmbeddedFile> AllMigrations() {
  return storage::WithMigrations(storage::WithMigrations(Migrations(), events::OutboxMigrations()),
                                 audit::AuditMigrations());
}

}  // namespace parcours::orientation
