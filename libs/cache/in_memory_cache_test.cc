#include "libs/cache/in_memory_cache.h"

#include "gtest/gtest.h"

namespace parcours::cache {
namespace {

class InMemoryCacheTest : public ::testing::Test {
 protected:
  FakeClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  InMemoryCache cache_{clock_, absl::Seconds(30)};
};

TEST_F(InMemoryCacheTest, VersionsOnlyMoveForward) {
  EXPECT_EQ(cache_.Put("k", "v2", 2, absl::Minutes(1)), WriteResult::kStored);
  EXPECT_EQ(cache_.Put("k", "v1", 1, absl::Minutes(1)), WriteResult::kStale);
  EXPECT_EQ(cache_.Get("k"), "v2");
  EXPECT_EQ(cache_.Put("k", "v2", 2, absl::Minutes(1)), WriteResult::kStored);
  EXPECT_EQ(cache_.Invalidate("k", 1), WriteResult::kStale);
  EXPECT_EQ(cache_.Get("k"), "v2");
}

TEST_F(InMemoryCacheTest, TombstoneIsAMissAndRefusesOlderPutsUntilItExpires) {
  cache_.Put("k", "v1", 1, absl::Minutes(1));
  EXPECT_EQ(cache_.Invalidate("k", 2), WriteResult::kStored);
  EXPECT_EQ(cache_.Get("k"), std::nullopt);
  EXPECT_EQ(cache_.Put("k", "v1", 1, absl::Minutes(1)), WriteResult::kStale);
  clock_.Advance(absl::Seconds(31));
  EXPECT_EQ(cache_.Put("k", "v1", 1, absl::Minutes(1)), WriteResult::kStored);
}

TEST_F(InMemoryCacheTest, EntriesExpire) {
  cache_.Put("k", "v", 1, absl::Seconds(5));
  clock_.Advance(absl::Seconds(4));
  EXPECT_EQ(cache_.Get("k"), "v");
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(cache_.Get("k"), std::nullopt);
}

}  // namespace
}  // namespace parcours::cache
