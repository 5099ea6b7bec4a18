// Wakes a service's feed followers when its outbox changes: the outbox calls Notify()
// after each commit that appended events; a StreamEvents handler that has caught up
// waits for the next change (or for its poll interval, which is how it sees events
// committed by other replicas on the same PostgreSQL).
//
//   uint64_t seen = notifier.generation();
//   ... read the outbox ...
//   notifier.WaitForChange(seen, absl::Milliseconds(200));
//
// A generation counter rather than a bare condition variable: a commit that lands
// between the read and the wait still counts, so no wake-up is lost.
#ifndef PARCOURS_LIBS_EVENTS_FEED_NOTIFIER_H_
#define PARCOURS_LIBS_EVENTS_FEED_NOTIFIER_H_

#include <cstdint>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace parcours::events {

class FeedNotifier {
 public:
  // Something changed: wakes every waiter.
  void Notify();

  uint64_t generation() const;

  // Returns once generation() differs from `seen`, or after `timeout`. True when it changed.
  bool WaitForChange(uint64_t seen, absl::Duration timeout) const;

 private:
  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace parcours::events

#endif  // PARCOURS_LIBS_EVENTS_FEED_NOTIFIER_H_
