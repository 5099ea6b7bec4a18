// RedisCache with nothing listening at its address: every call still returns promptly
// with "go to the database", the breaker opens, and metrics say so. Needs no server.
#include <prometheus/registry.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/cache/metrics_for_test.h"
#include "libs/cache/open_cache.h"
#include "libs/cache/redis_cache.h"
#include "libs/cache/redis_test_server.h"

namespace parcours::cache {
namespace {

double Requests(const prometheus::Registry& r, const std::string& op, const std::string& result) {
  return MetricValue(r, "parcours_cache_requests_total",
                     {{"cache", "t"}, {"op", op}, {"result", result}});
}

TEST(RedisCacheUnreachableTest, FailsOpenThenBypassesWithoutCallingRedis) {
  absl::StatusOr<int> port = PickFreeLoopbackPort();  // nobody listens there
  ASSERT_TRUE(port.ok()) << port.status();
  prometheus::Registry registry;
  FakeClock clock(absl::FromUnixSeconds(1'700'000'000));
  absl::StatusOr<std::unique_ptr<RedisCache>> cache =
      RedisCache::Create({.name = "t",
                          .url = absl::StrCat("redis://127.0.0.1:", *port),
                          .breaker = {.failure_threshold = 3, .cool_down = absl::Seconds(10)}},
                         registry, clock);
  ASSERT_TRUE(cache.ok()) << cache.status();
  RedisCache& c = **cache;

  const absl::Time start = absl::Now();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.Get("k"), std::nullopt);
  EXPECT_EQ(Requests(registry, "get", "error"), 3);
  EXPECT_EQ(c.breaker_state(), BreakerState::kOpen);
  EXPECT_EQ(MetricValue(registry, "parcours_cache_breaker_state", {{"cache", "t"}}), 2);
  EXPECT_EQ(MetricValue(registry, "parcours_cache_breaker_transitions_total",
                        {{"cache", "t"}, {"to", "open"}}),
            1);

  std::vector<std::string> keys = {"a", "b"};
  EXPECT_EQ(c.MultiGet(keys),
            (std::vector<std::optional<std::string>>{std::nullopt, std::nullopt}));
  EXPECT_EQ(Requests(registry, "multi_get", "bypass"), 2);
  EXPECT_EQ(c.Put("k", "v", 1, absl::Minutes(1)), WriteResult::kBypassed);
  EXPECT_EQ(Requests(registry, "put", "bypass"), 1);

  // An invalidation that cannot be delivered is kept: this process then refuses to put
  // back anything older, and does not read the key from Redis when it returns.
  EXPECT_EQ(c.Invalidate("k", 5), WriteResult::kBypassed);
  EXPECT_EQ(c.pending_invalidations(), 1u);
  EXPECT_EQ(c.Put("k", "old", 4, absl::Minutes(1)), WriteResult::kStale);
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));  // refused connections fail fast

  // After the cool-down one probe goes out, fails, and the breaker reopens.
  clock.Advance(absl::Seconds(10));
  EXPECT_EQ(c.Get("other"), std::nullopt);
  EXPECT_EQ(c.breaker_state(), BreakerState::kOpen);
  EXPECT_EQ(Requests(registry, "get", "error"), 4);
  EXPECT_EQ(MetricValue(registry, "parcours_cache_breaker_transitions_total",
                        {{"cache", "t"}, {"to", "half_open"}}),
            1);
}

TEST(OpenCacheTest, NoUrlMeansTheCacheIsOff) {
  prometheus::Registry registry;
  absl::StatusOr<std::unique_ptr<Cache>> cache = OpenCache({.name = "t", .url = ""}, registry);
  ASSERT_TRUE(cache.ok()) << cache.status();
  EXPECT_NE(dynamic_cast<NullCache*>(cache->get()), nullptr);
  EXPECT_EQ((*cache)->Put("k", "v", 1, absl::Minutes(1)), WriteResult::kBypassed);
  EXPECT_EQ((*cache)->Get("k"), std::nullopt);
}

TEST(OpenCacheTest, AMalformedUrlStopsTheStart) {
  prometheus::Registry registry;
  absl::StatusOr<std::unique_ptr<Cache>> cache =
      OpenCache({.name = "t", .url = "redis//oops:6379"}, registry);
  EXPECT_EQ(cache.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(cache.status().message().find("REDIS_URL"), absl::string_view::npos);
}

TEST(OpenCacheTest, AUrlGivesARedisCacheWithoutConnecting) {
  prometheus::Registry registry;
  absl::StatusOr<std::unique_ptr<Cache>> cache =
      OpenCache({.name = "t", .url = "redis://127.0.0.1:1"}, registry);
  ASSERT_TRUE(cache.ok()) << cache.status();
  EXPECT_NE(dynamic_cast<RedisCache*>(cache->get()), nullptr);
}

}  // namespace
}  // namespace parcours::cache
