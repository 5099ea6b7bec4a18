// The legal cap of fines: 2 × PMSS of the decision's year, doubled on repeat, none for
// facts older than 2 years; and the policy parser.
#include "services/fraud/domain/fines.h"

#include "gtest/gtest.h"
#include "libs/errors/field_violations.h"
#include "libs/testing/status_matchers.h"
#include "services/fraud/build.h"

namespace parcours::fraud {
namespace {

FinePolicy Policy() {
  absl::StatusOr<FinePolicy> p = DefaultFinePolicy();
  EXPECT_OK(p);
  return *p;
}

TEST(FinesTest, CapIsTwicePmssDoubledOnRepeat) {
  const FinePolicy p = Policy();
  const absl::CivilDay decided(2025, 6, 1);
  EXPECT_EQ(*p.Cap(absl::CivilDay(2025, 1, 1), decided, false), 2 * 392500);
  EXPECT_EQ(*p.Cap(absl::CivilDay(2025, 1, 1), decided, true), 4 * 392500);
  // The PMSS of the decision's year; a later year without a figure uses the latest known.
  EXPECT_EQ(*p.Cap(absl::CivilDay(2024, 1, 1), absl::CivilDay(2024, 3, 1), false), 2 * 386400);
  EXPECT_EQ(*p.Cap(absl::CivilDay(2027, 1, 1), absl::CivilDay(2027, 3, 1), false), 2 * 392500);
  EXPECT_FALSE(p.reference.empty());
}

TEST(FinesTest, NoFineForFactsOlderThanTwoYears) {
  const FinePolicy p = Policy();
  const absl::CivilDay decided(2025, 6, 1);
  EXPECT_OK(p.Cap(absl::CivilDay(2023, 6, 1), decided, false));  // exactly two years: allowed
  absl::StatusOr<int64_t> old = p.Cap(absl::CivilDay(2023, 5, 31), decided, false);
  EXPECT_EQ(old.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(p.Cap(absl::CivilDay(2025, 6, 2), decided, false).status().code(),
            absl::StatusCode::kFailedPrecondition);  // facts after the decision
}

TEST(FinesTest, CheckNamesTheAmountWhenOverTheCap) {
  const FinePolicy p = Policy();
  const absl::CivilDay facts(2025, 1, 1), decided(2025, 6, 1);
  EXPECT_OK(p.Check(785000, facts, decided, false));  // the cap itself
  absl::Status over = p.Check(785001, facts, decided, false);
  EXPECT_EQ(over.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(errors::ViolationsOf(over).size(), 1u);
  EXPECT_EQ(errors::ViolationsOf(over)[0].field, "fine.amount_cents");
  EXPECT_OK(p.Check(785001, facts, decided, true));  // repeat doubles the cap
  EXPECT_EQ(p.Check(0, facts, decided, false).code(), absl::StatusCode::kInvalidArgument);
}

TEST(FinesTest, ParserRefusesIncompletePolicies) {
  EXPECT_FALSE(ParseFinePolicy("{}").ok());
  EXPECT_FALSE(ParseFinePolicy(R"({"reference":"x","cap_pmss_multiple":2,"repeat_multiplier":2,
      "prescription_years":2,"pmss_cents_by_year":{}})")
                   .ok());
  EXPECT_FALSE(ParseFinePolicy(R"({"reference":"x","cap_pmss_multiple":2,"repeat_multiplier":2,
      "prescription_years":2,"pmss_cents_by_year":{"20x5":1}})")
                   .ok());
  EXPECT_OK(ParseFinePolicy(R"({"reference":"x","cap_pmss_multiple":2,"repeat_multiplier":2,
      "prescription_years":2,"pmss_cents_by_year":{"2025":392500}})"));
}

}  // namespace
}  // namespace parcours::fraud
