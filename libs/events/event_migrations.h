// The schema libs/events needs in every service's database: the outbox table its feed is
// served from and the checkpoints of the feeds it consumes. Versions 9001+ (9000-9999
// are reserved for shared libraries), so a service appends them to its own migrations:
//
//   RETURN_IF_ERROR(storage::ApplyMigrations(
//       db, storage::WithMigrations(catalogue::Migrations(), events::OutboxMigrations())));
#ifndef PARCOURS_LIBS_EVENTS_EVENT_MIGRATIONS_H_
#define PARCOURS_LIBS_EVENTS_EVENT_MIGRATIONS_H_

#include <vector>

#include "libs/common/embedded_file.h"

namespace parcours::events {

// Generated from libs/events/migrations/*.sql by parcours_embed_files.
std::vector<EmbeddedFile> OutboxMigrations();

}  // namespace parcours::events

#endif  // PARCOURS_LIBS_EVENTS_EVENT_MIGRATIONS_H_
