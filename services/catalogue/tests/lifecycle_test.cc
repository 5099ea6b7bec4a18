#include "services/catalogue/domain/lifecycle.h"

#include <map>

#include "gtest/gtest.h"

namespace parcours::catalogue {
namespace {

struct OfferCase {
  v1::OfferStatus from;
  OfferAction action;
  v1::OfferStatus to;  // UNSPECIFIED = forbidden
};

TEST(OfferLifecycleTest, EveryTransition) {
  using A = OfferAction;
  const v1::OfferStatus D = v1::OFFER_STATUS_DRAFT, P = v1::OFFER_STATUS_PUBLISHED,
                        S = v1::OFFER_STATUS_SUSPENDED, X = v1::OFFER_STATUS_ARCHIVED,
                        no = v1::OFFER_STATUS_UNSPECIFIED;
  const OfferCase cases[] = {
      {D, A::kPublish, P}, {D, A::kSuspend, no}, {D, A::kArchive, X},  {P, A::kPublish, no},
      {P, A::kSuspend, S}, {P, A::kArchive, X},  {S, A::kPublish, P},  {S, A::kSuspend, no},
      {S, A::kArchive, X}, {X, A::kPublish, no}, {X, A::kSuspend, no}, {X, A::kArchive, no},
  };
  for (const OfferCase& c : cases) {
    absl::StatusOr<v1::OfferStatus> next = NextOfferStatus(c.from, c.action);
    SCOPED_TRACE(OfferStatusName(c.from) + " " + OfferActionVerb(c.action));
    if (c.to == no) {
      ASSERT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
      EXPECT_NE(next.status().message().find(OfferStatusName(c.from)), std::string::npos);
    } else {
      ASSERT_TRUE(next.ok()) << next.status();
      EXPECT_EQ(*next, c.to);
    }
  }
}

TEST(PrescriptionLifecycleTest, EveryTransition) {
  using A = PrescriptionAction;
  const auto kAll = {A::kAccept, A::kRefuse, A::kStart, A::kComplete, A::kAbandon, A::kCancel};
  // The allowed (from, action) → to; everything else is forbidden.
  const std::map<std::pair<v1::PrescriptionStatus, A>, v1::PrescriptionStatus> allowed = {
      {{v1::PRESCRIPTION_STATUS_PRESCRIBED, A::kAccept}, v1::PRESCRIPTION_STATUS_ACCEPTED},
      {{v1::PRESCRIPTION_STATUS_PRESCRIBED, A::kRefuse}, v1::PRESCRIPTION_STATUS_REFUSED},
      {{v1::PRESCRIPTION_STATUS_PRESCRIBED, A::kCancel}, v1::PRESCRIPTION_STATUS_CANCELLED},
      {{v1::PRESCRIPTION_STATUS_ACCEPTED, A::kStart}, v1::PRESCRIPTION_STATUS_STARTED},
      {{v1::PRESCRIPTION_STATUS_ACCEPTED, A::kCancel}, v1::PRESCRIPTION_STATUS_CANCELLED},
      {{v1::PRESCRIPTION_STATUS_STARTED, A::kComplete}, v1::PRESCRIPTION_STATUS_COMPLETED},
      {{v1::PRESCRIPTION_STATUS_STARTED, A::kAbandon}, v1::PRESCRIPTION_STATUS_ABANDONED},
  };
  int checked = 0;
  for (int s = v1::PRESCRIPTION_STATUS_PRESCRIBED; s <= v1::PRESCRIPTION_STATUS_CANCELLED; ++s) {
    const auto from = static_cast<v1::PrescriptionStatus>(s);
    for (A action : kAll) {
      SCOPED_TRACE(PrescriptionStatusName(from) + " " + PrescriptionActionVerb(action));
      absl::StatusOr<v1::PrescriptionStatus> next = NextPrescriptionStatus(from, action);
      auto it = allowed.find({from, action});
      if (it == allowed.end()) {
        EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
      } else {
        ASSERT_TRUE(next.ok()) << next.status();
        EXPECT_EQ(*next, it->second);
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, 7 * 6);
}

TEST(PrescriptionLifecycleTest, ForbiddenMessageNamesBothStatuses) {
  absl::Status s =
      NextPrescriptionStatus(v1::PRESCRIPTION_STATUS_PRESCRIBED, PrescriptionAction::kStart)
          .status();
  EXPECT_NE(s.message().find("from PRESCRIBED to STARTED"), std::string::npos) << s;
}

TEST(StructureLifecycleTest, CloseOnlyWhenActive) {
  EXPECT_EQ(*CloseStructureStatus(v1::STRUCTURE_STATUS_ACTIVE), v1::STRUCTURE_STATUS_CLOSED);
  EXPECT_EQ(CloseStructureStatus(v1::STRUCTURE_STATUS_CLOSED).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(PositiveExitTest, EmploymentTrainingAndCreationOnly) {
  EXPECT_TRUE(IsPositiveExit(v1::EXIT_OUTCOME_EMPLOYMENT_CDI));
  EXPECT_TRUE(IsPositiveExit(v1::EXIT_OUTCOME_EMPLOYMENT_CDD_6_MONTHS_OR_MORE));
  EXPECT_TRUE(IsPositiveExit(v1::EXIT_OUTCOME_TRAINING));
  EXPECT_TRUE(IsPositiveExit(v1::EXIT_OUTCOME_BUSINESS_CREATION));
  EXPECT_FALSE(IsPositiveExit(v1::EXIT_OUTCOME_EMPLOYMENT_CDD_UNDER_6_MONTHS));
  EXPECT_FALSE(IsPositiveExit(v1::EXIT_OUTCOME_OTHER_OFFER));
  EXPECT_FALSE(IsPositiveExit(v1::EXIT_OUTCOME_NONE));
  EXPECT_FALSE(IsPositiveExit(v1::EXIT_OUTCOME_UNSPECIFIED));
}

TEST(HoldsPlaceTest, AcceptedAndLaterStatesHoldAPlace) {
  EXPECT_FALSE(HoldsPlace(v1::PRESCRIPTION_STATUS_PRESCRIBED));
  EXPECT_TRUE(HoldsPlace(v1::PRESCRIPTION_STATUS_ACCEPTED));
  EXPECT_TRUE(HoldsPlace(v1::PRESCRIPTION_STATUS_STARTED));
  EXPECT_TRUE(HoldsPlace(v1::PRESCRIPTION_STATUS_COMPLETED));
  EXPECT_TRUE(HoldsPlace(v1::PRESCRIPTION_STATUS_ABANDONED));
  EXPECT_FALSE(HoldsPlace(v1::PRESCRIPTION_STATUS_REFUSED));
  EXPECT_FALSE(HoldsPlace(v1::PRESCRIPTION_STATUS_CANCELLED));
}

TEST(StatusNamesTest, RoundTrip) {
  EXPECT_EQ(OfferStatusName(v1::OFFER_STATUS_PUBLISHED), "PUBLISHED");
  EXPECT_EQ(OfferStatusFromName("ARCHIVED"), v1::OFFER_STATUS_ARCHIVED);
  EXPECT_EQ(PrescriptionStatusFromName("STARTED"), v1::PRESCRIPTION_STATUS_STARTED);
  EXPECT_EQ(PrescriptionStatusFromName("nonsense"), v1::PRESCRIPTION_STATUS_UNSPECIFIED);
}

}  // namespace
}  // namespace parcours::catalogue
