// Slot publication rules, search ranges and appointment transitions.
#include "services/orientation/domain/agenda.h"

#include "gtest/gtest.h"

namespace parcours::orientation {
namespace {

TEST(AgendaTest, NewSlotRules) {
  const absl::Time now = absl::FromUnixSeconds(1717200000);
  EXPECT_FALSE(CheckNewSlot(now + absl::Hours(1), 30, now).has_value());
  EXPECT_TRUE(CheckNewSlot(now, 30, now).has_value()) << "not in the future";
  EXPECT_TRUE(CheckNewSlot(now + absl::Hours(1), 10, now).has_value()) << "too short";
  EXPECT_TRUE(CheckNewSlot(now + absl::Hours(1), 300, now).has_value()) << "too long";
  EXPECT_TRUE(CheckNewSlot(now + absl::Hours(1), 32, now).has_value()) << "not a multiple of 5";
}

TEST(AgendaTest, SearchRange) {
  EXPECT_FALSE(
      CheckSlotSearchRange(absl::CivilDay(2024, 6, 1), absl::CivilDay(2024, 6, 2)).has_value());
  EXPECT_TRUE(
      CheckSlotSearchRange(absl::CivilDay(2024, 6, 1), absl::CivilDay(2024, 6, 1)).has_value());
  EXPECT_TRUE(
      CheckSlotSearchRange(absl::CivilDay(2024, 6, 1), absl::CivilDay(2024, 12, 1)).has_value());
}

TEST(AgendaTest, AppointmentTransitions) {
  using P = AppointmentStatus;
  for (P next : {P::kCancelled, P::kHeld, P::kMissed, P::kExcusedAbsence}) {
    EXPECT_EQ(AppointmentTransition(P::kBooked, next).value(), next);
    for (P done : {P::kCancelled, P::kHeld, P::kMissed, P::kExcusedAbsence}) {
      EXPECT_EQ(AppointmentTransition(done, next).status().code(),
                absl::StatusCode::kFailedPrecondition);
    }
  }
  EXPECT_EQ(AppointmentTransition(P::kBooked, P::kBooked).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(MayBookAppointment(BeneficiaryStatus::kOriented));
  EXPECT_FALSE(MayBookAppointment(BeneficiaryStatus::kToConvene));
  EXPECT_FALSE(MayBookAppointment(BeneficiaryStatus::kExited));
}

}  // namespace
}  // namespace parcours::orientation
