// Walks every (status, action, decision) case of the sanction procedure machine.
#include <map>
#include <optional>
#include <tuple>

#include "gtest/gtest.h"
#include "services/contracts/domain/procedure_machine.h"

namespace parcours::contracts {
namespace {

using S = ProcedureStatus;
using A = ProcedureAction;

// The decision a procedure carries in a case: none, maintain, or a sanction.
enum class Dec { kNone, kMaintain, kSanction };

std::optional<S> Expected(S from, A a, Dec d) {
  static const std::map<std::pair<S, A>, S> plain = {
      {{S::kOpened, A::kNotify}, S::kNotified},
      {{S::kOpened, A::kCancel}, S::kCancelled},
      {{S::kNotified, A::kRecordObservations}, S::kNotified},
      {{S::kNotified, A::kRefer}, S::kHearing},
      {{S::kNotified, A::kCancel}, S::kCancelled},
      {{S::kHearing, A::kRecordObservations}, S::kHearing},
      {{S::kHearing, A::kDecide}, S::kDecided},
      {{S::kHearing, A::kCancel}, S::kCancelled},
      {{S::kSanctioned, A::kClose}, S::kClosed},
  };
  if (auto it = plain.find({from, a}); it != plain.end()) return it->second;
  if (from == S::kDecided && a == A::kApply && d == Dec::kSanction) return S::kSanctioned;
  if (from == S::kDecided && a == A::kClose && d == Dec::kMaintain) return S::kClosed;
  return std::nullopt;
}

TEST(ProcedureMachineTest, EveryStatusActionAndDecision) {
  int allowed = 0;
  for (S from : kAllProcedureStatuses) {
    for (A a : kAllProcedureActions) {
      for (Dec d : {Dec::kNone, Dec::kMaintain, Dec::kSanction}) {
        SanctionProcedure p;
        p.status = from;
        if (d != Dec::kNone) {
          p.decision = Decision{};
          p.decision->kind = d == Dec::kMaintain ? DecisionKind::kMaintain : DecisionKind::kReduction;
        }
        absl::StatusOr<S> to = Next(p, a);
        std::optional<S> want = Expected(from, a, d);
        if (want.has_value()) {
          ASSERT_TRUE(to.ok()) << Name(from) << " " << Name(a) << ": " << to.status();
          EXPECT_EQ(*to, *want);
          ++allowed;
        } else {
          ASSERT_FALSE(to.ok()) << Name(from) << " " << Name(a) << " should be refused";
          EXPECT_EQ(to.status().code(), absl::StatusCode::kFailedPrecondition);
          EXPECT_NE(to.status().message().find(Name(from)), std::string::npos);
        }
      }
    }
  }
  EXPECT_EQ(allowed, 9 * 3 + 2);
}

TEST(ProcedureMachineTest, FinalStatuses) {
  EXPECT_TRUE(IsFinal(S::kClosed));
  EXPECT_TRUE(IsFinal(S::kCancelled));
  EXPECT_FALSE(IsFinal(S::kSanctioned));
}

}  // namespace
}  // namespace parcours::contracts
