// The lag of a feed through its consumer, per event, measured from outside both processes:
// a poller reads, every few milliseconds, the consumer's checkpoint (the last sequence it
// has applied, committed with its projection) and then the producer's head (the last
// sequence committed to its outbox), and gives both to Observe(). Each sequence's lag is
// the time of the first poll that saw it applied minus the time of the first poll that saw
// it in the head. Neither process is changed or slowed down to be measured, at the price
// of a resolution of one poll interval: an event committed and applied between the same
// two polls shows a lag of 0. So Summary() also gives an upper bound, measured from the
// last poll that did not yet see the event in the head (the commit came after it), and
// the intervals actually seen (a stalled poller shows there, not only as a shorter lag).
//
//   FeedLagTracker lag(/*initial_head=*/head_before_the_load);
//   while (running) {
//     const int64_t applied = ReadCheckpoint();   // first the consumer,
//     const int64_t head = ReadHead();            // then the producer: head >= applied
//     lag.Observe(absl::Now(), head, applied);
//     absl::SleepFor(absl::Milliseconds(2));
//   }
//   FeedLagSummary s = lag.Summary();  // s.p99_ms, s.p99_upper_ms, s.never_projected, ...
//
// Sequences are assumed dense (one event per number); a producer that skips a number (a
// failed commit) makes it count as one event that is seen and applied with its successor.
#ifndef PARCOURS_TOOLS_LOADGEN_FEED_LAG_TRACKER_H_
#define PARCOURS_TOOLS_LOADGEN_FEED_LAG_TRACKER_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace parcours::loadgen {

struct FeedLagSummary {
  int64_t events = 0;           // sequences committed after initial_head and seen in the head
  int64_t projected = 0;        // of those, the ones the checkpoint reached
  int64_t never_projected = 0;  // events - projected
  double p50_ms = 0, p99_ms = 0, max_ms = 0;  // over the projected events (0 when none)
  // The same measured from the poll before the one that first saw each event in the
  // head: never below the true lag, above it by at most one poll interval.
  double p99_upper_ms = 0, max_upper_ms = 0;
  int64_t polls = 0;
  double mean_poll_interval_ms = 0, max_poll_interval_ms = 0;  // 0 with fewer than 2 polls
};

class FeedLagTracker {
 public:
  // Sequences up to `initial_head` were committed before the measurement began; they are
  // not counted, even when the consumer applies them afterwards.
  explicit FeedLagTracker(int64_t initial_head);

  // One poll at `at` (non-decreasing from one call to the next). Positions that go back
  // (a stale read) are ignored. A checkpoint past the head read in the same poll (the head
  // read first) counts its sequences as seen in the head at `at`, with zero lag.
  void Observe(absl::Time at, int64_t head, int64_t applied);

  FeedLagSummary Summary() const;

  // The largest lag of the projected events first seen in the head in each `window`,
  // counted from the first such event: one long stall and a steady backlog look alike in
  // a p99, not here. Empty when nothing was projected; a window without events has 0.
  std::vector<double> MaxLagPerWindow(absl::Duration window) const;

 private:
  const int64_t initial_head_;
  int64_t head_ = 0;     // highest head seen (>= initial_head_)
  int64_t applied_ = 0;  // highest checkpoint counted (>= initial_head_)
  // Index i: sequence initial_head_ + 1 + i. Its commit came after the first time and
  // at or before the second.
  std::vector<std::pair<absl::Time, absl::Time>> not_yet_then_in_head_;
  std::vector<double> lags_ms_;
  std::vector<double> upper_lags_ms_;
  int64_t polls_ = 0;
  std::optional<absl::Time> last_poll_;
  absl::Duration poll_gaps_ = absl::ZeroDuration();
  absl::Duration max_poll_gap_ = absl::ZeroDuration();
};

}  // namespace parcours::loadgen

#endif  // PARCOURS_TOOLS_LOADGEN_FEED_LAG_TRACKER_H_
