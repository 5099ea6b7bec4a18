// Secrecy::Publish, the one gate: cells on 1..k-1 beneficiaries are hidden, a rate is
// hidden when either base is small, empty cells are shown.
#include "services/evaluation/domain/secrecy.h"

#include "gtest/gtest.h"

namespace parcours::evaluation {
namespace {

TEST(SecrecyTest, HidesCellsOfOneToKMinusOneBeneficiaries) {
  const Secrecy s(5);
  for (int64_t n : {1, 2, 3, 4}) {
    const Cell c = s.Publish(Figure::Count(static_cast<double>(n), n));
    EXPECT_TRUE(c.suppressed()) << n;
    EXPECT_FALSE(c.value().has_value());
    EXPECT_FALSE(c.population().has_value());
  }
  for (int64_t n : {0, 5, 6, 1000}) {
    const Cell c = s.Publish(Figure::Count(static_cast<double>(n), n));
    EXPECT_FALSE(c.suppressed()) << n;
    EXPECT_EQ(c.value(), static_cast<double>(n));
    EXPECT_EQ(c.population(), n);
  }
}

TEST(SecrecyTest, ARateIsHiddenWhenItsNumeratorIsASmallCell) {
  const Secrecy s(5);
  EXPECT_TRUE(s.Publish(Figure::Rate(3, 40, 3, 40)).suppressed());
  EXPECT_TRUE(s.Publish(Figure::Rate(3, 4, 3, 4)).suppressed());
  const Cell shown = s.Publish(Figure::Rate(5, 40, 5, 40));
  EXPECT_FALSE(shown.suppressed());
  EXPECT_DOUBLE_EQ(*shown.value(), 0.125);
  EXPECT_EQ(shown.population(), 40);
  const Cell zero = s.Publish(Figure::Rate(0, 40, 0, 40));
  EXPECT_FALSE(zero.suppressed());
  EXPECT_DOUBLE_EQ(*zero.value(), 0);
  const Cell nobody = s.Publish(Figure::Rate(0, 0, 0, 0));
  EXPECT_FALSE(nobody.suppressed());
  EXPECT_FALSE(nobody.value().has_value());
}

TEST(SecrecyTest, KBelowTwoIsRaisedToTwo) {
  EXPECT_EQ(Secrecy(0).k(), 2);
  EXPECT_TRUE(Secrecy(1).Publish(Figure::Count(1, 1)).suppressed());
}

}  // namespace
}  // namespace parcours::evaluation
