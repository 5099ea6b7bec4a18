#include "libs/cache/pending_invalidations.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace parcours::cache::internal {
namespace {

TEST(PendingInvalidationsTest, KeepsTheHighestVersionPerKey) {
  PendingInvalidations pending(10);
  EXPECT_TRUE(pending.empty());
  EXPECT_TRUE(pending.Add("a", 3));
  EXPECT_TRUE(pending.Add("a", 2));
  EXPECT_TRUE(pending.Add("a", 5));
  EXPECT_EQ(pending.Find("a"), 5);
  EXPECT_EQ(pending.Find("b"), std::nullopt);
  EXPECT_EQ(pending.size(), 1u);
}

TEST(PendingInvalidationsTest, DropsNewKeysBeyondCapacity) {
  PendingInvalidations pending(2);
  EXPECT_TRUE(pending.Add("a", 1));
  EXPECT_TRUE(pending.Add("b", 1));
  EXPECT_FALSE(pending.Add("c", 1));
  EXPECT_TRUE(pending.Add("a", 2));  // a key already there still takes a newer version
  EXPECT_EQ(pending.Find("a"), 2);
  EXPECT_EQ(pending.Find("c"), std::nullopt);
}

TEST(PendingInvalidationsTest, ForgetKeepsVersionsAddedAfterTheReplay) {
  PendingInvalidations pending(10);
  pending.Add("a", 1);
  pending.Add("b", 1);
  pending.Add("c", 1);
  std::vector<PendingInvalidations::Entry> batch = pending.Take(2);
  ASSERT_EQ(batch.size(), 2u);
  EXPECT_EQ(pending.size(), 3u);   // Take does not remove
  pending.Add(batch[0].first, 7);  // a newer invalidation while the replay was in flight
  pending.Forget(batch);
  EXPECT_EQ(pending.Find(batch[0].first), 7);
  EXPECT_EQ(pending.Find(batch[1].first), std::nullopt);
  EXPECT_EQ(pending.size(), 2u);
  pending.Forget(batch[0].first, 6);
  EXPECT_EQ(pending.Find(batch[0].first), 7);
  pending.Forget(batch[0].first, 7);
  EXPECT_EQ(pending.Find(batch[0].first), std::nullopt);
}

}  // namespace
}  // namespace parcours::cache::internal
