// Convening plans (oldest first, earliest session with room in the TAD, own MDS on a tie,
// capacity respected) and attendance outcomes (re-convening, repeated no-shows), and the
// derived follow-up status.
#include "services/orientation/domain/convening.h"

#include "gtest/gtest.h"

namespace parcours::orientation {
namespace {

absl::Time At(int day, int hour) {
  return absl::FromCivil(absl::CivilSecond(2024, 6, day, hour, 0, 0), absl::UTCTimeZone());
}

TEST(PlanConvocationsTest, OldestFirstIntoEarliestSessionWithRoom) {
  std::vector<WaitingBeneficiary> waiting = {
      {"ben_young", absl::CivilDay(2024, 5, 20), "TAD-EST", "MDS-EVRY"},
      {"ben_old", absl::CivilDay(2024, 5, 1), "TAD-EST", "MDS-EVRY"},
      {"ben_mid", absl::CivilDay(2024, 5, 10), "TAD-EST", "MDS-CORBEIL"},
  };
  std::vector<SessionRoom> sessions = {
      {"ses_late", "TAD-EST", "MDS-EVRY", At(20, 9), 5},
      {"ses_early", "TAD-EST", "MDS-CORBEIL", At(10, 9), 2},
  };
  std::vector<ConvocationPlan> plan = PlanConvocations(waiting, sessions, 10);
  ASSERT_EQ(plan.size(), 3u);
  EXPECT_EQ(plan[0].beneficiary_id, "ben_old");
  EXPECT_EQ(plan[0].session_id, "ses_early");
  EXPECT_EQ(plan[1].beneficiary_id, "ben_mid");
  EXPECT_EQ(plan[1].session_id, "ses_early");
  EXPECT_EQ(plan[2].beneficiary_id, "ben_young");
  EXPECT_EQ(plan[2].session_id, "ses_late") << "ses_early is full";
}

TEST(PlanConvocationsTest, StaysInTheTerritoryAndPrefersOwnMdsOnATie) {
  std::vector<WaitingBeneficiary> waiting = {
      {"ben_a", absl::CivilDay(2024, 5, 1), "TAD-EST", "MDS-CORBEIL"},
      {"ben_b", absl::CivilDay(2024, 5, 2), "TAD-CENTRE", "MDS-ARPAJON"},
  };
  std::vector<SessionRoom> sessions = {
      {"ses_evry", "TAD-EST", "MDS-EVRY", At(10, 9), 5},
      {"ses_corbeil", "TAD-EST", "MDS-CORBEIL", At(10, 9), 5},
      {"ses_other_tad", "TAD-SUD-EST", "MDS-MENNECY", At(5, 9), 5},
  };
  std::vector<ConvocationPlan> plan = PlanConvocations(waiting, sessions, 10);
  ASSERT_EQ(plan.size(), 1u) << "no session in TAD-CENTRE";
  EXPECT_EQ(plan[0].beneficiary_id, "ben_a");
  EXPECT_EQ(plan[0].session_id, "ses_corbeil");
}

TEST(PlanConvocationsTest, NeverExceedsCapacityOrMaxCount) {
  std::vector<WaitingBeneficiary> waiting;
  for (int i = 0; i < 50; ++i) {
    waiting.push_back({"ben_" + std::to_string(100 + i), absl::CivilDay(2024, 5, 1), "T", "M"});
  }
  std::vector<SessionRoom> sessions = {{"s1", "T", "M", At(10, 9), 7},
                                       {"s2", "T", "M", At(11, 9), 3}};
  EXPECT_EQ(PlanConvocations(waiting, sessions, 100).size(), 10u);
  EXPECT_EQ(PlanConvocations(waiting, sessions, 4).size(), 4u);
}

TEST(ApplyAttendanceTest, Outcomes) {
  using A = Attendance;
  using S = BeneficiaryStatus;
  struct Case {
    A attendance;
    S status;
    int no_shows;
    S want_status;
    int want_no_shows;
    bool want_report;
  };
  const Case cases[] = {
      {A::kAttended, S::kConvened, 0, S::kConvened, 0, false},
      {A::kExcused, S::kConvened, 1, S::kToConvene, 1, false},
      {A::kNoShow, S::kConvened, 0, S::kToConvene, 1, false},
      {A::kNoShow, S::kConvened, 1, S::kToConvene, 2, true},   // threshold 2 reached
      {A::kNoShow, S::kConvened, 2, S::kToConvene, 3, false},  // reported once only
      {A::kNoShow, S::kExited, 0, S::kExited, 1, false},       // status kept
  };
  for (const Case& c : cases) {
    absl::StatusOr<AttendanceOutcome> out =
        ApplyAttendance(A::kPending, c.attendance, c.status, c.no_shows, 2);
    ASSERT_TRUE(out.ok()) << out.status();
    EXPECT_EQ(out->status, c.want_status) << Name(c.attendance);
    EXPECT_EQ(out->no_show_count, c.want_no_shows) << Name(c.attendance);
    EXPECT_EQ(out->report_repeated_no_show, c.want_report) << Name(c.attendance) << c.no_shows;
  }
  EXPECT_EQ(ApplyAttendance(A::kAttended, A::kNoShow, S::kConvened, 0, 2).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ApplyAttendance(A::kPending, A::kPending, S::kConvened, 0, 2).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DeriveFollowUpTest, FollowsWhatHappened) {
  using F = FollowUpStatus;
  using S = BeneficiaryStatus;
  using A = Attendance;
  using P = AppointmentStatus;
  EXPECT_EQ(DeriveFollowUp(S::kToConvene, A::kUnspecified, P::kUnspecified), F::kNotConvened);
  EXPECT_EQ(DeriveFollowUp(S::kConvened, A::kPending, P::kUnspecified), F::kConvocationPending);
  EXPECT_EQ(DeriveFollowUp(S::kToConvene, A::kNoShow, P::kUnspecified), F::kConvocationNoShow);
  EXPECT_EQ(DeriveFollowUp(S::kToConvene, A::kExcused, P::kUnspecified), F::kConvocationExcused);
  EXPECT_EQ(DeriveFollowUp(S::kConvened, A::kAttended, P::kUnspecified), F::kSessionAttended);
  EXPECT_EQ(DeriveFollowUp(S::kOriented, A::kAttended, P::kUnspecified), F::kOrientedNoAppointment);
  EXPECT_EQ(DeriveFollowUp(S::kOriented, A::kAttended, P::kCancelled), F::kOrientedNoAppointment);
  EXPECT_EQ(DeriveFollowUp(S::kOriented, A::kAttended, P::kBooked), F::kAppointmentBooked);
  EXPECT_EQ(DeriveFollowUp(S::kOriented, A::kAttended, P::kMissed), F::kAppointmentMissed);
  EXPECT_EQ(DeriveFollowUp(S::kAccompanied, A::kAttended, P::kHeld), F::kAccompanied);
  EXPECT_EQ(DeriveFollowUp(S::kExited, A::kPending, P::kBooked), F::kExited);
}

}  // namespace
}  // namespace parcours::orientation
