#include "libs/cache/circuit_breaker.h"

#include <atomic>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parcours::cache {
namespace {

using Permit = CircuitBreaker::Permit;
using ::testing::ElementsAre;

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreakerTest()
      : clock_(absl::FromUnixSeconds(1'700'000'000)),
        breaker_({.failure_threshold = 3, .cool_down = absl::Seconds(2)}, clock_,
                 [this](BreakerState s) { transitions_.push_back(s); }) {}

  void Fail(int n) {
    for (int i = 0; i < n; ++i) breaker_.RecordFailure(breaker_.Acquire());
  }
  void Open() {
    Fail(3);
    ASSERT_EQ(breaker_.state(), BreakerState::kOpen);
  }

  FakeClock clock_;
  std::vector<BreakerState> transitions_;
  CircuitBreaker breaker_;
};

TEST_F(CircuitBreakerTest, ClosedAllowsAndOnlyConsecutiveFailuresCount) {
  EXPECT_EQ(breaker_.Acquire(), Permit::kAllowed);
  Fail(2);
  breaker_.RecordSuccess(breaker_.Acquire());  // resets the count
  Fail(2);
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
  Fail(1);
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen);
}

TEST_F(CircuitBreakerTest, OpenDeniesUntilTheCoolDownHasPassed) {
  Open();
  EXPECT_EQ(breaker_.Acquire(), Permit::kDenied);
  clock_.Advance(absl::Seconds(2) - absl::Milliseconds(1));
  EXPECT_EQ(breaker_.Acquire(), Permit::kDenied);
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_EQ(breaker_.Acquire(), Permit::kProbe);
  EXPECT_EQ(breaker_.state(), BreakerState::kHalfOpen);
}

TEST_F(CircuitBreakerTest, HalfOpenLetsOneProbeThroughAndItsSuccessCloses) {
  Open();
  clock_.Advance(absl::Seconds(2));
  const Permit probe = breaker_.Acquire();
  ASSERT_EQ(probe, Permit::kProbe);
  EXPECT_EQ(breaker_.Acquire(), Permit::kDenied);
  EXPECT_EQ(breaker_.Acquire(), Permit::kDenied);
  breaker_.RecordSuccess(probe);
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
  EXPECT_EQ(breaker_.Acquire(), Permit::kAllowed);
  // Closed again with a fresh count: it takes the full threshold to reopen.
  Fail(2);
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
  EXPECT_THAT(transitions_,
              ElementsAre(BreakerState::kOpen, BreakerState::kHalfOpen, BreakerState::kClosed));
}

TEST_F(CircuitBreakerTest, FailedProbeReopensForAFreshCoolDown) {
  Open();
  clock_.Advance(absl::Seconds(5));
  breaker_.RecordFailure(breaker_.Acquire());
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen);
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(breaker_.Acquire(), Permit::kDenied);  // counted from the probe's failure
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(breaker_.Acquire(), Permit::kProbe);
  EXPECT_THAT(transitions_, ElementsAre(BreakerState::kOpen, BreakerState::kHalfOpen,
                                        BreakerState::kOpen, BreakerState::kHalfOpen));
}

TEST_F(CircuitBreakerTest, OnlyTheProbeDecidesWhileHalfOpen) {
  // Calls started while closed finish late, after the breaker moved on.
  const Permit early_a = breaker_.Acquire();
  const Permit early_b = breaker_.Acquire();
  Open();
  breaker_.RecordSuccess(early_a);  // a success from before the outage proves nothing
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen);
  clock_.Advance(absl::Seconds(2));
  const Permit probe = breaker_.Acquire();
  breaker_.RecordFailure(early_b);  // nor does a late failure reopen a half-open breaker
  EXPECT_EQ(breaker_.state(), BreakerState::kHalfOpen);
  breaker_.RecordSuccess(probe);
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
}

TEST_F(CircuitBreakerTest, AProbeNeverAnsweredIsReplacedAfterACoolDown) {
  Open();
  clock_.Advance(absl::Seconds(2));
  ASSERT_EQ(breaker_.Acquire(), Permit::kProbe);  // its caller never reports
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(breaker_.Acquire(), Permit::kDenied);
  clock_.Advance(absl::Seconds(1));
  const Permit second = breaker_.Acquire();
  EXPECT_EQ(second, Permit::kProbe);
  breaker_.RecordSuccess(second);
  EXPECT_EQ(breaker_.state(), BreakerState::kClosed);
}

TEST_F(CircuitBreakerTest, DeniedPermitsAreIgnored) {
  Open();
  breaker_.RecordSuccess(Permit::kDenied);
  EXPECT_EQ(breaker_.state(), BreakerState::kOpen);
}

TEST_F(CircuitBreakerTest, ExactlyOneProbeAmongConcurrentCallers) {
  Open();
  clock_.Advance(absl::Seconds(2));
  std::atomic<int> probes{0}, denied{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        const Permit p = breaker_.Acquire();
        if (p == Permit::kProbe) ++probes;
        if (p == Permit::kDenied) ++denied;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(probes.load(), 1);
  EXPECT_EQ(denied.load(), 8 * 1000 - 1);
}

TEST(BreakerStateNameTest, NamesAreTheMetricLabels) {
  EXPECT_STREQ(BreakerStateName(BreakerState::kClosed), "closed");
  EXPECT_STREQ(BreakerStateName(BreakerState::kHalfOpen), "half_open");
  EXPECT_STREQ(BreakerStateName(BreakerState::kOpen), "open");
}

}  // namespace
}  // namespace parcours::cache
