#include "libs/events/feed_notifier.h"

namespace parcours::events {

void FeedNotifier::Notify() {
  absl::MutexLock lock(&mu_);
  ++generation_;  // absl::Mutex re-evaluates the waiters' conditions on unlock
}

uint64_t FeedNotifier::generation() const {
  absl::MutexLock lock(&mu_);
  return generation_;
}

bool FeedNotifier::WaitForChange(uint64_t seen, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto changed = [this, seen]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return generation_ != seen; };
  return mu_.AwaitWithTimeout(absl::Condition(&changed), timeout);
}

}  // namespace parcours::events
