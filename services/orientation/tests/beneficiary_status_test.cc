// The status machine, table-driven: every (status, event) pair is either in the allowed
// table with its target or must be refused with FAILED_PRECONDITION.
#include "services/orientation/domain/beneficiary_status.h"

#include <map>
#include <utility>

#include "gtest/gtest.h"

namespace parcours::orientation {
namespace {

using S = BeneficiaryStatus;
using E = StatusEvent;

TEST(BeneficiaryStatusTest, EveryPairIsAllowedOrRefused) {
  const std::map<std::pair<S, E>, S> allowed = {
      {{S::kEntrant, E::kBecameSubjectToRightsAndDuties}, S::kToConvene},
      {{S::kToConvene, E::kNoLongerSubject}, S::kEntrant},
      {{S::kToConvene, E::kConvened}, S::kConvened},
      {{S::kConvened, E::kAbsentFromSession}, S::kToConvene},
      {{S::kConvened, E::kAttendedSession}, S::kConvened},
      {{S::kToConvene, E::kOriented}, S::kOriented},
      {{S::kConvened, E::kOriented}, S::kOriented},
      {{S::kOriented, E::kReoriented}, S::kOriented},
      {{S::kAccompanied, E::kReoriented}, S::kOriented},
      {{S::kOriented, E::kFirstAppointmentHeld}, S::kAccompanied},
      {{S::kEntrant, E::kExited}, S::kExited},
      {{S::kToConvene, E::kExited}, S::kExited},
      {{S::kConvened, E::kExited}, S::kExited},
      {{S::kOriented, E::kExited}, S::kExited},
      {{S::kAccompanied, E::kExited}, S::kExited},
      {{S::kExited, E::kReentered}, S::kEntrant},
  };
  const S statuses[] = {S::kEntrant,  S::kToConvene,   S::kConvened,
                        S::kOriented, S::kAccompanied, S::kExited};
  const E events[] = {E::kBecameSubjectToRightsAndDuties,
                      E::kNoLongerSubject,
                      E::kConvened,
                      E::kAbsentFromSession,
                      E::kAttendedSession,
                      E::kOriented,
                      E::kReoriented,
                      E::kFirstAppointmentHeld,
                      E::kExited,
                      E::kReentered};
  int allowed_seen = 0;
  for (S s : statuses) {
    for (E e : events) {
      absl::StatusOr<S> next = Transition(s, e);
      auto it = allowed.find({s, e});
      if (it != allowed.end()) {
        ++allowed_seen;
        ASSERT_TRUE(next.ok()) << Name(s) << " / " << Name(e) << ": " << next.status();
        EXPECT_EQ(*next, it->second) << Name(s) << " / " << Name(e);
      } else {
        ASSERT_FALSE(next.ok()) << Name(s) << " / " << Name(e) << " should be refused";
        EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_NE(next.status().message().find(Name(s)), absl::string_view::npos)
            << "the message names the status";
      }
    }
  }
  EXPECT_EQ(allowed_seen, static_cast<int>(allowed.size()));
}

TEST(BeneficiaryStatusTest, InitialStatusFollowsRightsAndDuties) {
  EXPECT_EQ(InitialStatus(true), S::kToConvene);
  EXPECT_EQ(InitialStatus(false), S::kEntrant);
}

}  // namespace
}  // namespace parcours::orientation
