// The outbox table's SQL, shared by the Outbox (writes) and the feed (reads), and the
// mapping between its rows and v1::Event. Internal to libs/events.
//
//   RETURN_IF_ERROR(LockFeedForAppend(tx));
//   RETURN_IF_ERROR(InsertEvent(tx, event));
//   ASSIGN_OR_RETURN(std::vector<v1::Event> next, ReadEvents(tx, "catalogue", 41, {}, 256));
#ifndef PARCOURS_LIBS_EVENTS_OUTBOX_ROWS_H_
#define PARCOURS_LIBS_EVENTS_OUTBOX_ROWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "libs/storage/database.h"
#include "parcours/events/v1/events.pb.h"

namespace parcours::events {

// Serialises appends to this schema's outbox until `tx` ends (PostgreSQL advisory lock;
// nothing to do on SQLite, whose writers are serialised already).
absl::Status LockFeedForAppend(storage::Transaction& tx);

// Inserts one event; the sequence comes from the table.
absl::Status InsertEvent(storage::Transaction& tx, const v1::Event& event);

// Inserts `events` with multi-row INSERTs of at most kInsertBatchRows rows each, so that
// an import staging thousands of events pays a few statements instead of one per event.
// Sequences follow the order of `events` (both drivers evaluate a VALUES list's defaults
// row by row, in order; outbox_test checks it).
inline constexpr size_t kInsertBatchRows = 256;
absl::Status InsertEvents(storage::Transaction& tx, const std::vector<v1::Event>& events);

// Events with sequence > after, in sequence order, at most `limit`, only of `types` when
// not empty; `source` is set on each.
absl::StatusOr<std::vector<v1::Event>> ReadEvents(storage::Transaction& tx,
                                                  const std::string& source, int64_t after,
                                                  const std::vector<std::string>& types, int limit);

// The largest sequence in the outbox, 0 when it is empty.
absl::StatusOr<int64_t> LastSequence(storage::Transaction& tx);

}  // namespace parcours::events

#endif  // PARCOURS_LIBS_EVENTS_OUTBOX_ROWS_H_
