// Redis killed and restarted under load on catalogue's GetOffer (the real catalogue_server
// with a Redis of the test's own): no call fails while Redis is gone (the breaker opens
// and reads go to the database), and once Redis is back the cache hit rate recovers, as
// the cache metrics on /metrics show.
#include <signal.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "tests/faults/catalogue_client.h"
#include "tests/faults/fault_support.h"

namespace parcours::faults {
namespace {

namespace v1 = catalogue::v1;

struct CacheReads {
  double hits = 0;
  double all = 0;
};

CacheReads ReadCacheMetrics(int port) {
  const std::string m = ReadMetrics(port);  // one scrape: hits and all agree
  return {MetricSumIn(m, "parcours_cache_requests_total",
                      {{"cache", "catalogue"}, {"op", "get"}, {"result", "hit"}}),
          MetricSumIn(m, "parcours_cache_requests_total", {{"cache", "catalogue"}, {"op", "get"}})};
}

double HitRate(const CacheReads& from, const CacheReads& to) {
  const double all = to.all - from.all;
  return all <= 0 ? 0 : (to.hits - from.hits) / all;
}

TEST(RedisRestartFaultTest, NoCallFailsAndTheHitRateRecovers) {
  FaultDir dir("redis_restart");
  RedisServer redis(dir.path() + "/redis");
  ASSERT_OK(redis.Start());
  auto env = CatalogueEnv(dir.path());
  env["REDIS_URL"] = redis.url();
  // The replica-local level in front of Redis would serve nearly every read itself (Redis
  // would see one read per LOCAL_CACHE_TTL), so the hit rate measured here would say
  // nothing about Redis: this test is about the Redis level, so it turns the local one off.
  env["LOCAL_CACHE_TTL"] = "0s";
  ServiceProcess catalogue(PARCOURS_BIN_CATALOGUE_SERVER, env, /*metrics=*/true);
  ASSERT_OK(catalogue.Start());
  auto setup = v1::Catalogue::NewStub(catalogue.NewChannel());
  ASSERT_OK_AND_ASSIGN(const std::string offer_id, CreatePublishedOffer(*setup));

  constexpr int kThreads = 4;
  std::vector<std::unique_ptr<v1::Catalogue::Stub>> stubs;
  for (int t = 0; t < kThreads; ++t)
    stubs.push_back(v1::Catalogue::NewStub(catalogue.NewChannel()));
  LoadLoop load(kThreads, [&](int t, int64_t) {
    grpc::ClientContext ctx;
    Prepare(ctx, "steering-token", absl::Seconds(2));
    v1::GetOfferRequest req;
    req.set_id(offer_id);
    v1::Offer offer;
    grpc::Status s = stubs[t]->GetOffer(&ctx, req, &offer);
    if (s.ok() && offer.id() != offer_id)
      return grpc::Status(grpc::StatusCode::DATA_LOSS, "wrong offer");
    return s;
  });

  absl::SleepFor(absl::Seconds(2));
  const CacheReads before_kill = ReadCacheMetrics(catalogue.metrics_port());
  const LoadCounts at_kill = load.Snapshot();
  redis.Stop();  // SIGKILL
  absl::SleepFor(absl::Seconds(3));
  const CacheReads at_restart = ReadCacheMetrics(catalogue.metrics_port());
  const LoadCounts during = load.Snapshot();
  ASSERT_OK(redis.Start());  // same port, empty
  // The breaker probes again after its cool-down, reconnects and the cache refills.
  absl::SleepFor(absl::Seconds(3));
  const CacheReads recovering = ReadCacheMetrics(catalogue.metrics_port());
  absl::SleepFor(absl::Seconds(2));
  const CacheReads after = ReadCacheMetrics(catalogue.metrics_port());
  const LoadCounts counts = load.StopAndCount();
  const double breaker_opened =
      MetricSum(catalogue.metrics_port(), "parcours_cache_breaker_transitions_total",
                {{"cache", "catalogue"}, {"to", "open"}});

  const double rate_before = HitRate({0, 0}, before_kill);
  const double rate_down = HitRate(before_kill, at_restart);
  const double rate_after = HitRate(recovering, after);
  std::printf(
      "[redis-restart] GetOffer load, %d threads, Redis SIGKILLed for 3 s then restarted\n"
      "[redis-restart] calls: %s (calls made while Redis was down: %lld)\n"
      "[redis-restart] Redis cache hit rate: before %.3f, while down %.3f, after recovery %.3f "
      "(%.0f Redis reads in the last 2 s); breaker opened %.0f time(s)\n",
      kThreads, counts.ToString().c_str(), static_cast<long long>(during.calls - at_kill.calls),
      rate_before, rate_down, rate_after, after.all - recovering.all, breaker_opened);
  EXPECT_GT(counts.calls, 100);
  EXPECT_EQ(counts.failed(), 0) << counts.ToString();
  EXPECT_GT(rate_before, 0.5);
  EXPECT_LT(rate_down, 0.1);  // Redis gone: no hit
  EXPECT_GE(breaker_opened, 1);
  EXPECT_GT(rate_after, 0.9) << "the hit rate did not recover";
  EXPECT_GT(after.all - recovering.all, 0) << "no Redis read after the restart";

  catalogue.Signal(SIGTERM);
  EXPECT_EQ(catalogue.Wait(absl::Seconds(20)), 0);
}

}  // namespace
}  // namespace parcours::faults
