// Walks every (status, action) pair of the contract machine against the expected table:
// every allowed transition lands where it should, every other pair is refused with
// FAILED_PRECONDITION naming the action and the status.
#include <map>
#include <utility>

#include "gtest/gtest.h"
#include "services/contracts/domain/contract_machine.h"

namespace parcours::contracts {
namespace {

using S = ContractStatus;
using A = ContractAction;

const std::map<std::pair<S, A>, S>& Allowed() {
  static const std::map<std::pair<S, A>, S> allowed = {
      {{S::kDraft, A::kEdit}, S::kDraft},
      {{S::kDraft, A::kSubmit}, S::kPendingSignature},
      {{S::kDraft, A::kTerminate}, S::kTerminated},
      {{S::kPendingSignature, A::kSign}, S::kPendingSignature},
      {{S::kPendingSignature, A::kActivate}, S::kActive},
      {{S::kPendingSignature, A::kTerminate}, S::kTerminated},
      {{S::kActive, A::kSuspend}, S::kSuspended},
      {{S::kActive, A::kComplete}, S::kCompleted},
      {{S::kActive, A::kTerminate}, S::kTerminated},
      {{S::kActive, A::kExpire}, S::kExpired},
      {{S::kActive, A::kReview}, S::kActive},
      {{S::kActive, A::kRenew}, S::kActive},
      {{S::kSuspended, A::kResume}, S::kActive},
      {{S::kSuspended, A::kTerminate}, S::kTerminated},
      {{S::kSuspended, A::kExpire}, S::kExpired},
      {{S::kSuspended, A::kReview}, S::kSuspended},
      {{S::kSuspended, A::kRenew}, S::kSuspended},
  };
  return allowed;
}

TEST(ContractMachineTest, EveryStatusAndActionPair) {
  int allowed = 0, refused = 0;
  for (S from : kAllContractStatuses) {
    for (A action : kAllContractActions) {
      absl::StatusOr<S> to = Next(from, action);
      auto it = Allowed().find({from, action});
      if (it != Allowed().end()) {
        ASSERT_TRUE(to.ok()) << Name(from) << " " << Name(action) << ": " << to.status();
        EXPECT_EQ(*to, it->second) << Name(from) << " " << Name(action);
        ++allowed;
      } else {
        ASSERT_FALSE(to.ok()) << Name(from) << " " << Name(action) << " should be refused";
        EXPECT_EQ(to.status().code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_NE(to.status().message().find(Name(from)), std::string::npos);
        EXPECT_NE(to.status().message().find(Name(action)), std::string::npos);
        ++refused;
      }
    }
  }
  EXPECT_EQ(allowed, static_cast<int>(Allowed().size()));
  EXPECT_EQ(allowed + refused, 7 * 11);
}

TEST(ContractMachineTest, FinalStatusesAllowNothing) {
  for (S from : {S::kCompleted, S::kTerminated, S::kExpired}) {
    EXPECT_TRUE(IsFinal(from));
    for (A action : kAllContractActions) EXPECT_FALSE(Next(from, action).ok());
  }
}

TEST(ContractMachineTest, ApplySetsActivationAndEndDays) {
  Contract c;
  c.status = S::kPendingSignature;
  c.end_date = absl::CivilDay(2024, 6, 30);
  ASSERT_TRUE(Apply(c, A::kActivate, absl::CivilDay(2024, 1, 15)).ok());
  EXPECT_EQ(c.activated_on, absl::CivilDay(2024, 1, 15));
  EXPECT_FALSE(c.ended_on.has_value());
  ASSERT_TRUE(Apply(c, A::kSuspend, absl::CivilDay(2024, 2, 1)).ok());
  EXPECT_EQ(c.activated_on, absl::CivilDay(2024, 1, 15));  // suspension keeps it in force
  ASSERT_TRUE(Apply(c, A::kExpire, absl::CivilDay(2024, 7, 3)).ok());
  EXPECT_EQ(c.ended_on, absl::CivilDay(2024, 7, 1));  // the day after its last day
  EXPECT_FALSE(Apply(c, A::kResume, absl::CivilDay(2024, 7, 4)).ok());
}

}  // namespace
}  // namespace parcours::contracts
