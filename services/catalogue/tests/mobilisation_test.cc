#include "services/catalogue/domain/mobilisation.h"

#include "gtest/gtest.h"

namespace parcours::catalogue {
namespace {

TEST(MobilisationTest, RatesFromCounts) {
  MobilisationCounts c;
  c.by_status[v1::PRESCRIPTION_STATUS_PRESCRIBED] = 4;
  c.by_status[v1::PRESCRIPTION_STATUS_REFUSED] = 1;
  c.by_status[v1::PRESCRIPTION_STATUS_ACCEPTED] = 1;
  c.by_status[v1::PRESCRIPTION_STATUS_STARTED] = 1;
  c.by_status[v1::PRESCRIPTION_STATUS_COMPLETED] = 6;
  c.by_status[v1::PRESCRIPTION_STATUS_ABANDONED] = 2;
  c.by_status[v1::PRESCRIPTION_STATUS_CANCELLED] = 3;
  c.positive_exits = 3;
  c.places = 20;
  const v1::MobilisationRow row = MakeMobilisationRow("TAD-CENTRE", c);
  EXPECT_EQ(row.key(), "TAD-CENTRE");
  EXPECT_EQ(row.prescribed(), 18);
  EXPECT_EQ(row.accepted(), 10);  // 1 accepted + 1 started + 6 completed + 2 abandoned
  EXPECT_EQ(row.places(), 20);
  EXPECT_DOUBLE_EQ(row.fill_rate(), 0.5);
  EXPECT_DOUBLE_EQ(row.completion_rate(), 0.75);
  EXPECT_DOUBLE_EQ(row.positive_exit_rate(), 0.375);
  EXPECT_EQ(row.by_status_size(), 7);
}

TEST(MobilisationTest, ZeroDenominatorsGiveZero) {
  MobilisationCounts c;
  c.by_status[v1::PRESCRIPTION_STATUS_PRESCRIBED] = 2;
  const v1::MobilisationRow row = MakeMobilisationRow("", c);
  EXPECT_EQ(row.prescribed(), 2);
  EXPECT_EQ(row.fill_rate(), 0);
  EXPECT_EQ(row.completion_rate(), 0);
  EXPECT_EQ(row.positive_exit_rate(), 0);
}

TEST(MobilisationTest, OverbookedUnlimitedOfferShowsRateAboveOne) {
  // Places count only limited capacity; accepted prescriptions on an unlimited offer make
  // the rate exceed 1 when mixed with limited ones — reported as is, not clamped.
  MobilisationCounts c;
  c.by_status[v1::PRESCRIPTION_STATUS_ACCEPTED] = 3;
  c.places = 2;
  EXPECT_DOUBLE_EQ(MakeMobilisationRow("", c).fill_rate(), 1.5);
}

}  // namespace
}  // namespace parcours::catalogue
