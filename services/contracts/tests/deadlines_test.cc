// Civil-date arithmetic of the legal delays, table-driven: month ends, leap years, an
// orientation on the 31st, year ends; and the deadlines computed from the default rules.
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "services/contracts/contracts_server.h"
#include "services/contracts/domain/civil_dates.h"
#include "services/contracts/domain/deadlines.h"

namespace parcours::contracts {
namespace {

using D = absl::CivilDay;

TEST(CivilDatesTest, AddMonthsClampsToMonthEnd) {
  struct Case {
    D from;
    int months;
    D want;
  } cases[] = {
      {D(2024, 1, 31), 1, D(2024, 2, 29)},   // leap year
      {D(2023, 1, 31), 1, D(2023, 2, 28)},   // common year
      {D(2100, 1, 31), 1, D(2100, 2, 28)},   // divisible by 100: not leap
      {D(2000, 1, 31), 1, D(2000, 2, 29)},   // divisible by 400: leap
      {D(2024, 3, 31), 1, D(2024, 4, 30)},   // 30-day month
      {D(2024, 8, 31), 1, D(2024, 9, 30)},
      {D(2024, 12, 31), 2, D(2025, 2, 28)},  // across the year end
      {D(2024, 2, 29), 12, D(2025, 2, 28)},  // a leap day, one year later
      {D(2024, 2, 29), 48, D(2028, 2, 29)},
      {D(2024, 1, 15), 1, D(2024, 2, 15)},   // same day of the month
      {D(2024, 11, 30), 3, D(2025, 2, 28)},
      {D(2024, 3, 31), -1, D(2024, 2, 29)},  // backwards
      {D(2024, 5, 10), 0, D(2024, 5, 10)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(AddMonths(c.from, c.months), c.want) << c.from << " + " << c.months;
  }
}

TEST(CivilDatesTest, ParseAndFormat) {
  EXPECT_EQ(FormatCivilDay(D(2024, 2, 9)), "2024-02-09");
  EXPECT_EQ(ParseCivilDay("2024-02-29"), D(2024, 2, 29));
  EXPECT_FALSE(ParseCivilDay("2023-02-29").has_value());  // not a leap year
  EXPECT_FALSE(ParseCivilDay("2024-13-01").has_value());
  EXPECT_FALSE(ParseCivilDay("2024-1-01").has_value());
  EXPECT_FALSE(ParseCivilDay("").has_value());
  EXPECT_TRUE(IsValidDate(2024, 2, 29));
  EXPECT_FALSE(IsValidDate(2023, 2, 29));
  EXPECT_FALSE(IsValidDate(2024, 4, 31));
  EXPECT_FALSE(IsValidDate(0, 1, 1));
}

class DeadlinesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<ContractRules> r = LoadRules("");
    ASSERT_OK(r);
    rules_ = *r;
  }
  ContractRules rules_;
};

TEST_F(DeadlinesTest, ContractDueAfterOrientation) {
  struct Case {
    OrientationType type;
    D oriented;
    D due;
  } cases[] = {
      {OrientationType::kSocial, D(2024, 1, 15), D(2024, 3, 15)},             // 2 months
      {OrientationType::kSocial, D(2023, 12, 31), D(2024, 2, 29)},            // 31st, leap
      {OrientationType::kSocial, D(2024, 12, 31), D(2025, 2, 28)},            // 31st, common
      {OrientationType::kSocioProfessional, D(2024, 1, 31), D(2024, 2, 29)},  // 1 month
      {OrientationType::kSocioProfessional, D(2023, 1, 31), D(2023, 2, 28)},
      {OrientationType::kSocioProfessional, D(2024, 5, 31), D(2024, 6, 30)},
      {OrientationType::kProfessional, D(2024, 12, 31), D(2025, 1, 31)},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ContractDueDate(rules_, c.type, c.oriented), c.due) << Name(c.type) << " " << c.oriented;
  }
}

TEST_F(DeadlinesTest, RenewalReviewResponseAndRemobilisation) {
  EXPECT_EQ(RenewalDueDate(rules_, D(2024, 3, 31)), D(2024, 3, 1));  // 30 days before
  EXPECT_EQ(FirstReviewDate(rules_, D(2023, 11, 30)), D(2024, 2, 29));  // 3 months, leap
  EXPECT_EQ(ResponseDueDate(rules_, D(2024, 1, 31)), D(2024, 2, 29));   // 1 month
  EXPECT_EQ(ResponseDueDate(rules_, D(2025, 1, 31)), D(2025, 2, 28));
  EXPECT_EQ(RemobilisationDeadline(rules_, D(2024, 11, 30)), D(2025, 2, 28));
  EXPECT_EQ(DaysOverdue(D(2024, 2, 28), D(2024, 3, 1)), 2);  // through 29 February
  EXPECT_EQ(DaysOverdue(D(2024, 3, 1), D(2024, 3, 1)), 0);
}

TEST_F(DeadlinesTest, DurationBoundsPerKind) {
  const KindRule* cer = rules_.ForKind(ContractKind::kCerSocial);
  ASSERT_NE(cer, nullptr);
  // 1 to 12 months from 31 January: the last day of the first month is 28/29 February - 1.
  EXPECT_EQ(EarliestEnd(*cer, D(2024, 1, 31)), D(2024, 2, 28));
  EXPECT_EQ(LatestEnd(*cer, D(2024, 1, 31)), D(2025, 1, 30));
  EXPECT_EQ(LatestEnd(*cer, D(2024, 3, 1)), D(2025, 2, 28));
  const KindRule* pack = rules_.ForKind(ContractKind::kPackSortie);
  ASSERT_NE(pack, nullptr);
  EXPECT_EQ(LatestEnd(*pack, D(2024, 8, 31)), D(2025, 2, 27));
}

}  // namespace
}  // namespace parcours::contracts
