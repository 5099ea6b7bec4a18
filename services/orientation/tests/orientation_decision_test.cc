// Decisions: allowed statuses, référent type, override needs a comment, suggestion kept.
#include "services/orientation/domain/orientation_decision.h"

#include "gtest/gtest.h"

namespace parcours::orientation {
namespace {

TEST(OrientationDecisionTest, KeepsTheSuggestionAndFlagsOverrides) {
  Beneficiary b;
  b.id = "ben_1";
  b.status = BeneficiaryStatus::kConvened;
  Referent social{"ref_1", "R", "str_1", OrientationType::kSocial, "TAD-EST", "MDS-EVRY", 40, 0, 0};
  Suggestion s{OrientationType::kSocial,
               {{"health-or-housing-barrier", "why", OrientationType::kSocial}},
               "v1"};
  const absl::Time now = absl::FromUnixSeconds(1717200000);

  absl::StatusOr<OrientationDecision> d =
      MakeDecision({b, social, OrientationType::kSocial, "", s, "agent-1", now, "ori_1"});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_FALSE(d->overrides_suggestion);
  EXPECT_EQ(d->structure_id, "str_1");
  EXPECT_EQ(d->suggestion.fired.front().rule_id, "health-or-housing-barrier");
  EXPECT_EQ(d->decided_by, "agent-1");

  Referent pro = social;
  pro.orientation_type = OrientationType::kProfessional;
  absl::Status no_comment =
      MakeDecision({b, pro, OrientationType::kProfessional, "", s, "agent-1", now, "ori_2"})
          .status();
  EXPECT_EQ(no_comment.code(), absl::StatusCode::kInvalidArgument);
  absl::StatusOr<OrientationDecision> overridden = MakeDecision(
      {b, pro, OrientationType::kProfessional, "job offer in hand", s, "agent-1", now, "ori_3"});
  ASSERT_TRUE(overridden.ok());
  EXPECT_TRUE(overridden->overrides_suggestion);

  EXPECT_EQ(MakeDecision({b, social, OrientationType::kProfessional, "c", s, "a", now, "x"})
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition)
      << "référent's type must match";
  b.status = BeneficiaryStatus::kOriented;
  EXPECT_EQ(
      MakeDecision({b, social, OrientationType::kSocial, "", s, "a", now, "x"}).status().code(),
      absl::StatusCode::kFailedPrecondition)
      << "initial decision twice";
  EXPECT_TRUE(MakeDecision({b, social, OrientationType::kSocial, "", s, "a", now, "x",
                            DecisionKind::kReorientation, "reo_1"})
                  .ok());
}

TEST(OrientationDecisionTest, DelayAndReorientationChecks) {
  EXPECT_EQ(
      DelayDays(absl::CivilDay(2024, 5, 1),
                absl::FromCivil(absl::CivilSecond(2024, 5, 31, 10, 0, 0), absl::UTCTimeZone())),
      30);
  Beneficiary b;
  b.status = BeneficiaryStatus::kToConvene;
  EXPECT_EQ(CheckReorientationRequest(b, OrientationType::kSocial).code(),
            absl::StatusCode::kFailedPrecondition);
  b.status = BeneficiaryStatus::kAccompanied;
  b.orientation_type = OrientationType::kSocial;
  EXPECT_EQ(CheckReorientationRequest(b, OrientationType::kSocial).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(CheckReorientationRequest(b, OrientationType::kProfessional).ok());
}

}  // namespace
}  // namespace parcours::orientation
