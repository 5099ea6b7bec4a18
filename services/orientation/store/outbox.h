// Interim transactional outbox of the orientation service, until libs/events (Outbox,
// EventFeedService) lands on main: events staged in a transaction are appended, in one
// multi-row INSERT, just before it commits (Transaction::BeforeCommit), so an event exists
// exactly when its change does. The table is orientation_outbox (migration 0001).
// When libs/events is merged this file becomes a thin adapter over events::Outbox.
//
//   ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kWrite));
//   StageEvents(*tx, {BeneficiaryEnteredEvent(b, now)});
//   RETURN_IF_ERROR(tx->Commit());
#ifndef PARCOURS_SERVICES_ORIENTATION_STORE_OUTBOX_H_
#define PARCOURS_SERVICES_ORIENTATION_STORE_OUTBOX_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/storage/database.h"
#include "parcours/events/v1/events.pb.h"

namespace parcours::orientation {

// Appends `events` at commit time, after anything staged earlier in `tx`.
void StageEvents(storage::Transaction& tx, std::vector<events::v1::Event> events);

// Events with sequence > after_sequence, in order, at most `limit` (tests, the interim feed).
absl::StatusOr<std::vector<events::v1::Event>> ReadEvents(storage::Database& db,
                                                          int64_t after_sequence, int limit);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_STORE_OUTBOX_H_
