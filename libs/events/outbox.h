// The transactional outbox: a service stages the events of a state change in the same
// transaction as the change, so an event is published if and only if the change commits.
//
//   Outbox outbox("catalogue", notifier);
//   RETURN_IF_ERROR(db.InTransaction([&](storage::Transaction& tx) -> absl::Status {
//     RETURN_IF_ERROR(store.UpdateStatus(tx, id, kPublished));
//     v1::Event event;
//     event.set_type("catalogue.offer.published");
//     event.set_aggregate_type("offer");
//     event.set_aggregate_id(id);
//     event.mutable_payload()->PackFrom(published);
//     outbox.Stage(tx, std::move(event));
//     return absl::OkStatus();
//   }));
//
// Feed order is commit order. Staged events are not inserted when staged but by a
// BeforeCommit hook, the transaction's last act: on PostgreSQL the hook first takes a
// transaction-scoped advisory lock (one per schema) and only then draws sequence numbers,
// keeping the lock until COMMIT is done. So a transaction that commits later always has
// larger sequence numbers, and a follower that has read up to N never sees an N-1 commit
// afterwards (the classic outbox gap, where a slow transaction holding an older
// sequence commits after a reader moved on). On SQLite the write lock of BEGIN IMMEDIATE
// serialises writers already. The price is that outbox appends of concurrent
// transactions queue for a moment at commit; the rest of their work runs in parallel.
// (Sequence numbers may skip a value when a commit fails; they never go back.)
#ifndef PARCOURS_LIBS_EVENTS_OUTBOX_H_
#define PARCOURS_LIBS_EVENTS_OUTBOX_H_

#include <string>
#include <vector>

#include "libs/common/clock.h"
#include "libs/events/feed_notifier.h"
#include "libs/storage/database.h"
#include "parcours/events/v1/events.pb.h"

namespace parcours::events {

class Outbox {
 public:
  // `source` names the producing service ("catalogue"); `notifier` is woken after each
  // commit that appended events, and must outlive the Outbox.
  Outbox(std::string source, FeedNotifier& notifier, const Clock& clock = Clock::Real());

  // Adds `event` to the events `tx` publishes if it commits. Fills event_id
  // (NewId("evt")), source, and occurred_at when unset; the sequence is assigned at commit.
  // An event without a type makes Commit fail with INVALID_ARGUMENT (nothing is written).
  void Stage(storage::Transaction& tx, v1::Event event);

  // Stages `events` in this order, as Stage(tx, event) for each. However events are
  // staged, the commit appends all of a transaction's events with multi-row INSERTs (a
  // few statements for a batch of thousands), with sequences in staging order.
  void Stage(storage::Transaction& tx, std::vector<v1::Event> events);

 private:
  struct Staged;
  absl::Status Append(storage::Transaction& tx, Staged& staged);

  const std::string source_;
  FeedNotifier& notifier_;
  const Clock& clock_;
};

}  // namespace parcours::events

#endif  // PARCOURS_LIBS_EVENTS_OUTBOX_H_
