// How the orientation store publishes: every state change stages its events in the same
// transaction through libs/events' Outbox (appended at commit, in commit order), so an
// event exists exactly when its change does.
//
//   StageEvents(outbox, *tx, {BeneficiaryEnteredEvent(b, now)});
//   RETURN_IF_ERROR(tx->Commit());
#ifndef PARCOURS_SERVICES_ORIENTATION_STORE_OUTBOX_H_
#define PARCOURS_SERVICES_ORIENTATION_STORE_OUTBOX_H_

#include <vector>

#include "libs/events/outbox.h"
#include "libs/storage/database.h"
#include "parcours/events/v1/events.pb.h"

namespace parcours::orientation {

inline void StageEvents(events::Outbox& outbox, storage::Transaction& tx,
                        std::vector<events::v1::Event> list) {
  outbox.Stage(tx, std::move(list));
}

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_STORE_OUTBOX_H_
