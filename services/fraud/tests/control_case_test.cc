// The case state machine over every pair of statuses, and the steps around it.
#include "services/fraud/domain/control_case.h"

#include <set>
#include <utility>

#include "gtest/gtest.h"

namespace parcours::fraud {
namespace {

using S = CaseStatus;

TEST(ControlCaseTest, EveryPairOfStatuses) {
  const std::set<std::pair<S, S>> allowed = {
      {S::kDetected, S::kAssigned},           {S::kAssigned, S::kUnderControl},
      {S::kUnderControl, S::kQualifiedFraud}, {S::kUnderControl, S::kQualifiedError},
      {S::kUnderControl, S::kUnfounded},      {S::kQualifiedFraud, S::kClosed},
      {S::kQualifiedError, S::kClosed},       {S::kUnfounded, S::kClosed},
  };
  int checked = 0;
  for (int from = 0; from < kCaseStatusCount; ++from) {
    for (int to = 0; to < kCaseStatusCount; ++to) {
      const S f = static_cast<S>(from), t = static_cast<S>(to);
      SCOPED_TRACE(std::string(CaseStatusName(f)) + " -> " + CaseStatusName(t));
      const bool expected = allowed.contains({f, t});
      EXPECT_EQ(IsAllowedTransition(f, t), expected);
      absl::Status s = CheckTransition(f, t);
      EXPECT_EQ(s.ok(), expected);
      if (!expected) {
        EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_NE(s.message().find(CaseStatusName(f)), std::string::npos);
        EXPECT_NE(s.message().find(CaseStatusName(t)), std::string::npos);
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 49);
}

TEST(ControlCaseTest, AssignmentMovesOnlyADetectedCase) {
  EXPECT_EQ(*StatusAfterAssignment(S::kDetected), S::kAssigned);
  EXPECT_EQ(*StatusAfterAssignment(S::kAssigned), S::kAssigned);          // reassignment
  EXPECT_EQ(*StatusAfterAssignment(S::kUnderControl), S::kUnderControl);  // reassignment
  for (S s : {S::kQualifiedFraud, S::kQualifiedError, S::kUnfounded, S::kClosed}) {
    EXPECT_EQ(StatusAfterAssignment(s).status().code(), absl::StatusCode::kFailedPrecondition);
  }
}

TEST(ControlCaseTest, AnswerAndRecoveryWindows) {
  for (int i = 0; i < kCaseStatusCount; ++i) {
    const S s = static_cast<S>(i);
    SCOPED_TRACE(CaseStatusName(s));
    const bool answer = s == S::kUnderControl || s == S::kQualifiedFraud || s == S::kQualifiedError;
    EXPECT_EQ(CheckAnswerAllowed(s).ok(), answer);
    const bool owed_status = s == S::kQualifiedFraud || s == S::kQualifiedError || s == S::kClosed;
    EXPECT_EQ(CheckRecoveryAllowed(s, Qualification::kFraud).ok(), owed_status);
    EXPECT_FALSE(CheckRecoveryAllowed(s, Qualification::kUnfounded).ok());
    EXPECT_FALSE(CheckRecoveryAllowed(s, Qualification::kNone).ok());
  }
}

TEST(ControlCaseTest, NamesRoundTripAndMetricsLabelsAreTheCatalogues) {
  const std::set<std::string> catalogue = {"opened", "investigating", "confirmed", "dismissed",
                                           "closed"};
  std::set<std::string> used;
  for (int i = 0; i < kCaseStatusCount; ++i) {
    const S s = static_cast<S>(i);
    EXPECT_EQ(ParseCaseStatus(CaseStatusName(s)), s);
    used.insert(MetricsStatusLabel(s));
  }
  EXPECT_EQ(used, catalogue);
  EXPECT_FALSE(ParseCaseStatus("OPEN").has_value());
  for (Qualification q :
       {Qualification::kFraud, Qualification::kError, Qualification::kUnfounded}) {
    EXPECT_EQ(ParseQualification(QualificationName(q)), q);
  }
}

}  // namespace
}  // namespace parcours::fraud
