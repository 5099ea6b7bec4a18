#include "libs/events/outbox.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/events/outbox_rows.h"

namespace parcours::events {

// The events staged in one transaction, kept as a Transaction attachment.
struct Outbox::Staged {
  std::vector<v1::Event> events;
  bool append_pending = false;  // a BeforeCommit hook will append `events`
  bool notify_registered = false;
};

Outbox::Outbox(std::string source, FeedNotifier& notifier, const Clock& clock)
    : source_(std::move(source)), notifier_(notifier), clock_(clock) {}

void Outbox::Stage(storage::Transaction& tx, std::vector<v1::Event> events) {
  for (v1::Event& event : events) Stage(tx, std::move(event));
}

void Outbox::Stage(storage::Transaction& tx, v1::Event event) {
  const absl::Time now = clock_.Now();
  event.set_sequence(0);
  event.set_event_id(NewId("evt", now));
  event.set_source(source_);
  if (!event.has_occurred_at()) {
    const int64_t micros = absl::ToUnixMicros(now);
    event.mutable_occurred_at()->set_seconds(micros / 1000000);
    event.mutable_occurred_at()->set_nanos(static_cast<int32_t>(micros % 1000000) * 1000);
  }
  Staged& staged = tx.Attachment<Staged>(this);
  staged.events.push_back(std::move(event));
  // Registered once per transaction, or again when an event is staged by a BeforeCommit
  // hook that runs after the append (its events would be lost otherwise).
  if (!staged.append_pending) {
    staged.append_pending = true;
    tx.BeforeCommit([this, &staged](storage::Transaction& t) { return Append(t, staged); });
  }
  if (!staged.notify_registered) {
    staged.notify_registered = true;
    tx.OnCommit([this] { notifier_.Notify(); });
  }
}

absl::Status Outbox::Append(storage::Transaction& tx, Staged& staged) {
  staged.append_pending = false;
  std::vector<v1::Event> events = std::move(staged.events);
  staged.events.clear();
  for (const v1::Event& event : events) {
    if (event.type().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("outbox: event ", event.event_id(), " has no type"));
    }
  }
  RETURN_IF_ERROR(LockFeedForAppend(tx));
  return InsertEvents(tx, events);  // multi-row: one statement per kInsertBatchRows events
}

}  // namespace parcours::events
