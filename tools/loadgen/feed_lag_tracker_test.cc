// FeedLagTracker: per-sequence lag from polls of a producer's head and a consumer's
// checkpoint, what it leaves out, and what it reports about the polling itself.
#include "tools/loadgen/feed_lag_tracker.h"

#include "gtest/gtest.h"

namespace parcours::loadgen {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);

absl::Time Ms(int64_t ms) { return kT0 + absl::Milliseconds(ms); }

TEST(FeedLagTrackerTest, LagIsFirstSeenAppliedMinusFirstSeenInHead) {
  FeedLagTracker lag(10);
  lag.Observe(Ms(0), 10, 10);
  lag.Observe(Ms(2), 13, 10);  // 11, 12, 13 committed
  lag.Observe(Ms(4), 14, 12);  // 14 committed; 11, 12 applied (2 ms)
  lag.Observe(Ms(6), 14, 14);  // 13 (4 ms) and 14 (2 ms) applied
  const FeedLagSummary s = lag.Summary();
  EXPECT_EQ(s.events, 4);
  EXPECT_EQ(s.projected, 4);
  EXPECT_EQ(s.never_projected, 0);
  EXPECT_DOUBLE_EQ(s.p50_ms, 2);  // 2, 2, 2, 4
  EXPECT_DOUBLE_EQ(s.p99_ms, 4);
  EXPECT_DOUBLE_EQ(s.max_ms, 4);
  // From the poll before each was seen (11..13 committed after 0 ms, 14 after 2 ms):
  // 4, 4, 6, 4.
  EXPECT_DOUBLE_EQ(s.p99_upper_ms, 6);
  EXPECT_DOUBLE_EQ(s.max_upper_ms, 6);
}

TEST(FeedLagTrackerTest, TheUpperBoundCoversEventsCommittedAndAppliedBetweenTwoPolls) {
  FeedLagTracker lag(0);
  lag.Observe(Ms(0), 0, 0);
  lag.Observe(Ms(50), 2, 2);  // a stalled poller: both within the same 50 ms
  const FeedLagSummary s = lag.Summary();
  EXPECT_EQ(s.projected, 2);
  EXPECT_DOUBLE_EQ(s.max_ms, 0);         // what the polls alone can tell
  EXPECT_DOUBLE_EQ(s.max_upper_ms, 50);  // and how wrong that may be
  EXPECT_DOUBLE_EQ(s.max_poll_interval_ms, 50);
}

TEST(FeedLagTrackerTest, EventsCommittedBeforeTheStartAreNotCounted) {
  FeedLagTracker lag(100);
  lag.Observe(Ms(0), 100, 40);  // the consumer is still catching up on old events
  lag.Observe(Ms(500), 101, 100);
  lag.Observe(Ms(510), 101, 101);
  const FeedLagSummary s = lag.Summary();
  EXPECT_EQ(s.events, 1);
  EXPECT_EQ(s.projected, 1);
  EXPECT_DOUBLE_EQ(s.max_ms, 10);  // the 500 ms of catching up are not in it
}

TEST(FeedLagTrackerTest, EventsTheCheckpointNeverReachesAreCountedApart) {
  FeedLagTracker lag(0);
  lag.Observe(Ms(0), 5, 0);
  lag.Observe(Ms(3), 5, 3);
  lag.Observe(Ms(1000), 5, 3);
  const FeedLagSummary s = lag.Summary();
  EXPECT_EQ(s.events, 5);
  EXPECT_EQ(s.projected, 3);
  EXPECT_EQ(s.never_projected, 2);
  EXPECT_DOUBLE_EQ(s.max_ms, 3);  // only the projected ones have a lag
}

TEST(FeedLagTrackerTest, ACheckpointAheadOfTheHeadReadCountsAsSeenThen) {
  FeedLagTracker lag(0);
  lag.Observe(Ms(0), 1, 0);
  lag.Observe(Ms(2), 1, 3);  // 2 and 3 committed and applied between the two reads
  const FeedLagSummary s = lag.Summary();
  EXPECT_EQ(s.events, 3);
  EXPECT_EQ(s.projected, 3);
  EXPECT_DOUBLE_EQ(s.p50_ms, 0);
  EXPECT_DOUBLE_EQ(s.max_ms, 2);  // sequence 1
}

TEST(FeedLagTrackerTest, PositionsThatGoBackAreIgnored) {
  FeedLagTracker lag(0);
  lag.Observe(Ms(0), 4, 2);
  lag.Observe(Ms(1), 3, 1);  // a stale read
  lag.Observe(Ms(7), 4, 4);
  const FeedLagSummary s = lag.Summary();
  EXPECT_EQ(s.events, 4);
  EXPECT_EQ(s.projected, 4);
  EXPECT_DOUBLE_EQ(s.max_ms, 7);
}

TEST(FeedLagTrackerTest, PercentilesAreNearestRank) {
  FeedLagTracker lag(0);
  lag.Observe(Ms(0), 200, 0);
  for (int i = 1; i <= 200; ++i) lag.Observe(Ms(i), 200, i);  // sequence i: i ms
  const FeedLagSummary s = lag.Summary();
  EXPECT_EQ(s.projected, 200);
  EXPECT_DOUBLE_EQ(s.p50_ms, 100);
  EXPECT_DOUBLE_EQ(s.p99_ms, 198);
  EXPECT_DOUBLE_EQ(s.max_ms, 200);
}

TEST(FeedLagTrackerTest, ReportsThePollIntervalsSeen) {
  FeedLagTracker lag(0);
  EXPECT_EQ(lag.Summary().polls, 0);
  lag.Observe(Ms(0), 0, 0);
  EXPECT_DOUBLE_EQ(lag.Summary().max_poll_interval_ms, 0);
  lag.Observe(Ms(2), 0, 0);
  lag.Observe(Ms(4), 0, 0);
  lag.Observe(Ms(14), 0, 0);  // a stalled poller
  const FeedLagSummary s = lag.Summary();
  EXPECT_EQ(s.polls, 4);
  EXPECT_DOUBLE_EQ(s.mean_poll_interval_ms, 14.0 / 3);
  EXPECT_DOUBLE_EQ(s.max_poll_interval_ms, 10);
  EXPECT_EQ(s.events, 0);
  EXPECT_DOUBLE_EQ(s.p99_ms, 0);
}

TEST(FeedLagTrackerTest, MaxLagPerWindowShowsWhenTheLagHappened) {
  FeedLagTracker lag(0);
  EXPECT_TRUE(lag.MaxLagPerWindow(absl::Seconds(1)).empty());
  lag.Observe(Ms(100), 1, 0);
  lag.Observe(Ms(110), 2, 1);   // 1: 10 ms
  lag.Observe(Ms(130), 2, 2);   // 2: 20 ms
  lag.Observe(Ms(2200), 3, 2);  // nothing committed in the second window
  lag.Observe(Ms(2900), 4, 3);  // 3: 700 ms
  lag.Observe(Ms(2950), 4, 4);  // 4: 50 ms
  const std::vector<double> w = lag.MaxLagPerWindow(absl::Seconds(1));
  ASSERT_EQ(w.size(), 3u);
  EXPECT_DOUBLE_EQ(w[0], 20);
  EXPECT_DOUBLE_EQ(w[1], 0);
  EXPECT_DOUBLE_EQ(w[2], 700);
}

}  // namespace
}  // namespace parcours::loadgen
