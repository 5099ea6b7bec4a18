// The five computations and the comparators, table-driven; periods and month arithmetic.
#include "services/evaluation/domain/computation.h"

#include "gtest/gtest.h"
#include "services/evaluation/domain/period.h"

namespace parcours::evaluation {
namespace {

TEST(ComputationTest, EachComputation) {
  const Sample people{.population = 6, .measure = 9, .values = {4, 1, 3, 10}};
  const Sample base{.population = 12, .measure = 18, .values = {}};
  EXPECT_EQ(Compute(Computation::kCount, people, nullptr).value, 9);
  EXPECT_EQ(Compute(Computation::kSum, people, nullptr).value, 9);
  EXPECT_EQ(Compute(Computation::kRate, people, &base).value, 0.5);
  EXPECT_EQ(Compute(Computation::kRate, people, &base).bases, (std::vector<int64_t>{6, 12}));
  EXPECT_EQ(Compute(Computation::kMedianDelay, people, nullptr).value, 3.5);
  EXPECT_EQ(Compute(Computation::kMean, people, nullptr).value, 4.5);
  EXPECT_FALSE(Compute(Computation::kMean, Sample{}, nullptr).value.has_value());
  const Sample nobody;
  EXPECT_FALSE(Compute(Computation::kRate, people, &nobody).value.has_value());
  EXPECT_EQ(Median({5, 1, 3}), 3);
  EXPECT_FALSE(Median({}).has_value());
}

TEST(ComputationTest, Comparators) {
  struct Case {
    double value;
    const char* comparator;
    double target;
    bool met;
  };
  for (const Case& c : std::vector<Case>{{0.7, ">=", 0.7, true},
                                         {0.69, ">=", 0.7, false},
                                         {30, "<=", 30, true},
                                         {31, "<=", 30, false},
                                         {2, ">", 1, true},
                                         {1, ">", 1, false},
                                         {0, "<", 1, true},
                                         {1, "==", 1, true}}) {
    EXPECT_EQ(MeetsTarget(c.value, c.comparator, c.target), c.met)
        << c.value << c.comparator << c.target;
  }
  EXPECT_FALSE(MeetsTarget(1, "=>", 1).has_value());
  EXPECT_EQ(ParseComputation("median_delay"), Computation::kMedianDelay);
  EXPECT_FALSE(ParseComputation("avg").has_value());
}

TEST(PeriodTest, MonthsAndDays) {
  EXPECT_EQ(AddMonths(absl::CivilDay(2024, 1, 31), 1), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(AddMonths(absl::CivilDay(2024, 2, 29), 24), absl::CivilDay(2026, 2, 28));
  EXPECT_EQ(AddMonths(absl::CivilDay(2024, 3, 15), 6), absl::CivilDay(2024, 9, 15));
  EXPECT_EQ(FromEpochDay(EpochDay(absl::CivilDay(2024, 2, 29))), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(ParseMonth("2024-03"), absl::CivilMonth(2024, 3));
  EXPECT_FALSE(ParseMonth("2024-3").has_value());
  EXPECT_FALSE(ParseMonth("2024-13").has_value());
  EXPECT_EQ(MonthLabel(absl::CivilMonth(2024, 3)), "2024-03");
  const Period p = Period::Month(2024, 12);
  EXPECT_EQ(p.to, absl::CivilDay(2025, 1, 1));
  EXPECT_FALSE(p.whole_year);
}

}  // namespace
}  // namespace parcours::evaluation
