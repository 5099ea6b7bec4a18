// Cohort figures from members, by hand: deadlines, legal delays per orientation type,
// employment horizons in civil months, completeness of the horizons.
#include "services/evaluation/domain/cohort.h"

#include "gtest/gtest.h"
#include "services/evaluation/domain/period.h"

namespace parcours::evaluation {
namespace {

using D = absl::CivilDay;

TEST(CohortTest, FiguresOfOneMonth) {
  const int64_t entry = EpochDay(D(2024, 1, 31));
  std::vector<CohortMember> members;
  for (int i = 0; i < 6; ++i) {
    CohortMember m{.tad = "TAD-EST", .entry_day = entry};
    m.oriented_day = entry + (i < 3 ? 30 : 31);  // 3 within 30 days
    m.orientation_type = i % 2 == 0 ? "SOCIAL" : "PROFESSIONAL";
    m.contract_day = *m.oriented_day + 45;  // SOCIAL (60) yes, PRO (30) no
    if (i < 5) {
      m.exit_day = EpochDay(i == 0 ? D(2024, 7, 30) : D(2024, 7, 31));
      m.exit_to_employment = true;  // 6 months: before 2024-07-31
    }
    members.push_back(m);
  }
  members.push_back(CohortMember{.tad = "TAD-EST", .entry_day = EpochDay(D(2024, 2, 1))});
  const auto rows = BuildCohorts(absl::CivilMonth(2024, 1), absl::CivilMonth(2024, 2), members,
                                 CohortRules{}, D(2025, 2, 1));
  ASSERT_EQ(rows.size(), 4u);  // two months, then (month, TAD) rows
  const CohortFigures& jan = rows[0];
  EXPECT_EQ(jan.entrants.value, 6);
  EXPECT_EQ(jan.oriented_within_deadline.value, 3);
  EXPECT_EQ(jan.contract_within_legal_delay.value, 3);
  EXPECT_EQ(jan.contract_within_legal_delay_rate.value, 0.5);
  EXPECT_EQ(jan.exited_to_employment_6_months.value, 1.0 / 6.0);
  EXPECT_EQ(jan.exited_to_employment_12_months.value, 5.0 / 6.0);
  EXPECT_TRUE(jan.complete_12_months);  // 2025-01-31 <= 2025-02-01
  EXPECT_FALSE(jan.complete_24_months);
  EXPECT_EQ(rows[1].entrants.value, 1);
  EXPECT_FALSE(rows[1].complete_12_months);  // 2025-02-28
  EXPECT_EQ(rows[2].tad, "TAD-EST");
}

}  // namespace
}  // namespace parcours::evaluation
