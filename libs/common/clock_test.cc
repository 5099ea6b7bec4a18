#include "libs/common/clock.h"

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace parcours {
namespace {

TEST(FakeClock, AdvancesOnlyWhenTold) {
  absl::Time start = absl::FromCivil(absl::CivilSecond(2024, 2, 28, 23, 30, 0), LegalTimeZone());
  FakeClock clock(start);
  EXPECT_EQ(clock.Now(), start);
  EXPECT_EQ(clock.Today(), absl::CivilDay(2024, 2, 28));
  clock.Advance(absl::Hours(1));
  EXPECT_EQ(clock.Today(), absl::CivilDay(2024, 2, 29));  // leap day, local time
}

TEST(RealClock, IsNearAbslNow) {
  EXPECT_LT(absl::AbsDuration(Clock::Real().Now() - absl::Now()), absl::Seconds(5));
}

}  // namespace
}  // namespace parcours
