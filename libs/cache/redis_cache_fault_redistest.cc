// RedisCache against a redis-server of the test's own (so killing it disturbs no other
// test): Redis killed and restarted under load, Redis frozen (DEBUG SLEEP, CLIENT PAUSE),
// the script cache flushed, AUTH. The claims: no request fails, no request returns a row
// older than the last invalidated version, the breaker opens and closes, metrics show it,
// and the hit rate recovers.
#include <google/protobuf/wrappers.pb.h>
#include <prometheus/registry.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/cache/cached_loader.h"
#include "libs/cache/metrics_for_test.h"
#include "libs/cache/redis_cache.h"
#include "libs/cache/redis_test_server.h"

namespace parcours::cache {
namespace {

using google::protobuf::StringValue;
using ::testing::Optional;
using ::testing::StartsWith;

// Polls `done` every 10 ms until it holds or `timeout` passes.
template <typename Pred>
bool WaitFor(absl::Duration timeout, Pred done) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!done()) {
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return true;
}

// The `calls` of one command in INFO commandstats (0 if never called).
int64_t CommandCalls(const std::string& url, const std::string& command) {
  absl::StatusOr<std::string> info = RedisCommandForTest(url, {"INFO", "commandstats"});
  EXPECT_TRUE(info.ok()) << info.status();
  if (!info.ok()) return -1;
  const std::string prefix = absl::StrCat("cmdstat_", command, ":calls=");
  for (absl::string_view line : absl::StrSplit(*info, '\n')) {
    if (!absl::StartsWith(line, prefix)) continue;
    line.remove_prefix(prefix.size());
    int64_t calls = 0;
    if (absl::SimpleAtoi(line.substr(0, line.find(',')), &calls)) return calls;
  }
  return 0;
}

// What /metrics says about the cache's reads, summed over ops.
struct ReadFigures {
  double hit = 0, miss = 0, error = 0, bypass = 0;
  double total() const { return hit + miss + error + bypass; }
  static ReadFigures From(const prometheus::Registry& r) {
    auto get = [&](const char* result) {
      return MetricValue(r, "parcours_cache_requests_total",
                         {{"cache", "fault"}, {"op", "get"}, {"result", result}});
    };
    return {get("hit"), get("miss"), get("error"), get("bypass")};
  }
  ReadFigures operator-(const ReadFigures& o) const {
    return {hit - o.hit, miss - o.miss, error - o.error, bypass - o.bypass};
  }
};

// Readers doing cache-aside reads through CachedLoader against an in-memory "database"
// while a writer commits new versions and invalidates them. Every read is checked: it
// must succeed and return a row at least as new as the last version whose invalidation
// had returned before the read began.
class Workload {
 public:
  static constexpr int kIds = 200;

  explicit Workload(Cache& cache)
      : loader_(cache, KeySpace("faulttest", "item", 1), absl::Minutes(5)),
        db_versions_(kIds, 1),
        invalidated_(kIds) {}

  ~Workload() { Stop(); }

  void Start(int readers) {
    for (int r = 0; r < readers; ++r) threads_.emplace_back([this, r] { Read(r); });
    threads_.emplace_back([this] { Write(); });
  }

  void Stop() {
    stop_ = true;
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }

  int64_t requests() const { return requests_; }
  int64_t failed() const { return failed_; }
  int64_t loads() const { return loads_; }
  int64_t writes() const { return writes_; }
  absl::Duration max_latency() const { return absl::Microseconds(max_latency_us_.load()); }
  void ResetMaxLatency() { max_latency_us_ = 0; }
  std::string first_failure() const {
    std::lock_guard<std::mutex> lock(failure_mu_);
    return first_failure_;
  }

 private:
  static std::string Render(int id, int64_t version) {
    return absl::StrCat("item-", id, "-v", version);
  }

  void Read(int seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> pick(0, kIds - 1);
    while (!stop_) {
      const int id = pick(rng);
      const int64_t floor = invalidated_[id].load();
      const absl::Time start = absl::Now();
      absl::StatusOr<StringValue> got = loader_.Get(std::to_string(id), [&](const std::string&) {
        ++loads_;
        std::lock_guard<std::mutex> lock(db_mu_);
        StringValue row;
        row.set_value(Render(id, db_versions_[id]));
        return absl::StatusOr<Versioned<StringValue>>(
            Versioned<StringValue>{row, db_versions_[id]});
      });
      const int64_t micros = absl::ToInt64Microseconds(absl::Now() - start);
      int64_t seen = max_latency_us_.load();
      while (micros > seen && !max_latency_us_.compare_exchange_weak(seen, micros)) {
      }
      ++requests_;
      std::string problem;
      int64_t version = -1;
      const std::string prefix = absl::StrCat("item-", id, "-v");
      if (!got.ok()) {
        problem = got.status().ToString();
      } else if (!absl::StartsWith(got->value(), prefix) ||
                 !absl::SimpleAtoi(absl::string_view(got->value()).substr(prefix.size()),
                                   &version)) {
        problem = absl::StrCat("wrong row ", got->value(), " for id ", id);
      } else if (version < floor) {
        problem = absl::StrCat("stale row ", got->value(), ": version ", floor,
                               " was already invalidated");
      }
      if (!problem.empty()) {
        ++failed_;
        std::lock_guard<std::mutex> lock(failure_mu_);
        if (first_failure_.empty()) first_failure_ = problem;
      }
    }
  }

  void Write() {
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> pick(0, kIds - 1);
    while (!stop_) {
      const int id = pick(rng);
      int64_t version;
      {
        std::lock_guard<std::mutex> lock(db_mu_);  // the "transaction"
        version = ++db_versions_[id];
      }
      loader_.Invalidate(std::to_string(id), version);  // after commit
      invalidated_[id].store(version);
      ++writes_;
      absl::SleepFor(absl::Milliseconds(5));
    }
  }

  CachedLoader<StringValue> loader_;
  std::mutex db_mu_;
  std::vector<int64_t> db_versions_;
  std::vector<std::atomic<int64_t>> invalidated_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> requests_{0}, failed_{0}, loads_{0}, writes_{0}, max_latency_us_{0};
  mutable std::mutex failure_mu_;
  std::string first_failure_;
};

class RedisFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<RedisTestServer>> redis = RedisTestServer::Start();
    ASSERT_TRUE(redis.ok()) << "cannot start a redis-server of our own: " << redis.status();
    redis_ = *std::move(redis);
  }

  std::unique_ptr<RedisCache> MakeCache(RedisCacheOptions options) {
    absl::StatusOr<std::unique_ptr<RedisCache>> cache =
        RedisCache::Create(std::move(options), registry_);
    EXPECT_TRUE(cache.ok()) << cache.status();
    return cache.ok() ? *std::move(cache) : nullptr;
  }

  // Timeouts a little above the 10 ms default: this machine is shared with compilers, and
  // a stray timeout must not be mistaken for an outage. Still far below the faults.
  RedisCacheOptions FaultOptions() const {
    return {.name = "fault",
            .url = redis_->url(),
            .connect_timeout = absl::Milliseconds(50),
            .command_timeout = absl::Milliseconds(50),
            .pool_size = 8,
            .breaker = {.failure_threshold = 5, .cool_down = absl::Milliseconds(250)}};
  }

  double Transitions(const char* to) const {
    return MetricValue(registry_, "parcours_cache_breaker_transitions_total",
                       {{"cache", "fault"}, {"to", to}});
  }
  double BreakerGauge() const {
    return MetricValue(registry_, "parcours_cache_breaker_state", {{"cache", "fault"}});
  }

  void PrintPhase(const char* phase, const ReadFigures& f) {
    std::printf(
        "  %-22s reads %8.0f  hit %8.0f  miss %6.0f  error %4.0f  bypass %7.0f"
        "  hit ratio %.2f\n",
        phase, f.total(), f.hit, f.miss, f.error, f.bypass,
        f.total() > 0 ? f.hit / f.total() : 0.0);
  }

  prometheus::Registry registry_;
  std::unique_ptr<RedisTestServer> redis_;
};

TEST_F(RedisFaultTest, SurvivesRedisKilledAndRestartedUnderLoad) {
  std::unique_ptr<RedisCache> cache = MakeCache(FaultOptions());
  ASSERT_NE(cache, nullptr);
  Workload load(*cache);
  load.Start(/*readers=*/4);

  absl::SleepFor(absl::Seconds(1));
  const ReadFigures warm = ReadFigures::From(registry_);
  EXPECT_GT(warm.hit, warm.miss) << "the cache never warmed up";

  const absl::Time killed = absl::Now();
  redis_->Kill();  // SIGKILL: connections reset, data gone
  ASSERT_TRUE(WaitFor(absl::Seconds(2), [&] {
    return cache->breaker_state() == BreakerState::kOpen;
  })) << "the breaker did not open after Redis died";
  const absl::Duration to_open = absl::Now() - killed;
  EXPECT_EQ(BreakerGauge(), 2);
  absl::SleepFor(absl::Seconds(1));
  const ReadFigures down = ReadFigures::From(registry_) - warm;
  EXPECT_GT(down.bypass, 0);
  EXPECT_GT(down.bypass, 10 * down.error) << "an open breaker must keep requests off Redis";

  ASSERT_TRUE(redis_->Restart().ok());  // same port, empty
  const absl::Time restarted = absl::Now();
  ASSERT_TRUE(WaitFor(absl::Seconds(5), [&] {
    return cache->breaker_state() == BreakerState::kClosed;
  })) << "the breaker did not close after Redis came back";
  const absl::Duration to_close = absl::Now() - restarted;
  EXPECT_EQ(BreakerGauge(), 0);
  const ReadFigures before_recovery = ReadFigures::From(registry_);
  absl::SleepFor(absl::Seconds(1));
  const ReadFigures recovered = ReadFigures::From(registry_) - before_recovery;
  load.Stop();
  const ReadFigures total = ReadFigures::From(registry_);

  std::printf("\nRedis killed and restarted under load (%d ids, 4 readers, 1 writer):\n",
              Workload::kIds);
  std::printf("  requests %lld  failed %lld  database loads %lld  writes %lld  max latency %s\n",
              static_cast<long long>(load.requests()), static_cast<long long>(load.failed()),
              static_cast<long long>(load.loads()), static_cast<long long>(load.writes()),
              absl::FormatDuration(load.max_latency()).c_str());
  PrintPhase("warm (1 s)", warm);
  PrintPhase("Redis down (>1 s)", down);
  PrintPhase("recovered (1 s)", recovered);
  PrintPhase("whole run", total);
  std::printf(
      "  breaker: open after %s, closed %s after restart; transitions open %.0f "
      "half_open %.0f closed %.0f\n",
      absl::FormatDuration(to_open).c_str(), absl::FormatDuration(to_close).c_str(),
      Transitions("open"), Transitions("half_open"), Transitions("closed"));

  EXPECT_EQ(load.failed(), 0) << load.first_failure();
  EXPECT_GT(load.requests(), 1000);
  EXPECT_GE(Transitions("open"), 1);
  EXPECT_GE(Transitions("closed"), 1);
  ASSERT_GT(recovered.total(), 0);
  EXPECT_GT(recovered.hit / recovered.total(), 0.5) << "the hit rate did not recover";
}

TEST_F(RedisFaultTest, AFrozenRedisCostsRequestsOnlyATimeout) {
  std::unique_ptr<RedisCache> cache = MakeCache(FaultOptions());
  ASSERT_NE(cache, nullptr);
  Workload load(*cache);
  load.Start(/*readers=*/4);
  absl::SleepFor(absl::Milliseconds(500));
  load.ResetMaxLatency();
  const ReadFigures before = ReadFigures::From(registry_);

  // DEBUG SLEEP freezes the whole server (it still accepts TCP connections, the kernel
  // does that) for 1.5 s, from a connection of its own.
  std::thread freezer([&] {
    absl::StatusOr<std::string> r =
        RedisCommandForTest(redis_->url(), {"DEBUG", "SLEEP", "1.5"}, absl::Seconds(10));
    EXPECT_TRUE(r.ok()) << r.status();
  });
  ASSERT_TRUE(WaitFor(absl::Seconds(1), [&] {
    return cache->breaker_state() == BreakerState::kOpen;
  })) << "the breaker did not open while Redis was frozen";
  freezer.join();
  const absl::Duration max_during_freeze = load.max_latency();
  const ReadFigures frozen = ReadFigures::From(registry_) - before;
  ASSERT_TRUE(
      WaitFor(absl::Seconds(5), [&] { return cache->breaker_state() == BreakerState::kClosed; }));
  // Invalidations that timed out during the freeze are replayed once Redis answers again:
  // its data survived, so without them it would serve stale rows.
  EXPECT_TRUE(WaitFor(absl::Seconds(3), [&] { return cache->pending_invalidations() == 0; }))
      << cache->pending_invalidations() << " invalidations never replayed";
  absl::SleepFor(absl::Milliseconds(500));
  load.Stop();

  const ReadFigures total = ReadFigures::From(registry_);
  const ReadFigures after = total - before - frozen;
  std::printf("\nRedis frozen 1.5 s (DEBUG SLEEP) under load:\n");
  std::printf("  requests %lld  failed %lld  max latency during the freeze %s\n",
              static_cast<long long>(load.requests()), static_cast<long long>(load.failed()),
              absl::FormatDuration(max_during_freeze).c_str());
  PrintPhase("warm (0.5 s)", before);
  PrintPhase("frozen (1.5 s)", frozen);
  PrintPhase("after (>0.5 s)", after);
  PrintPhase("whole run", total);
  std::printf("  transitions open %.0f half_open %.0f closed %.0f\n", Transitions("open"),
              Transitions("half_open"), Transitions("closed"));

  EXPECT_EQ(load.failed(), 0) << load.first_failure();
  // Without the timeouts a request would have waited for the 1.5 s sleep to end.
  EXPECT_LT(max_during_freeze, absl::Milliseconds(750));
  EXPECT_GT(total.bypass, 0);
}

TEST_F(RedisFaultTest, AnInvalidationThatTimedOutIsReplayedBeforeTheKeyIsReadAgain) {
  std::unique_ptr<RedisCache> cache = MakeCache(FaultOptions());
  ASSERT_NE(cache, nullptr);
  const std::string k = "parcours:faulttest:v1:item:k";
  ASSERT_EQ(cache->Put(k, "v1", 1, absl::Minutes(5)), WriteResult::kStored);

  ASSERT_TRUE(RedisCommandForTest(redis_->url(), {"CLIENT", "PAUSE", "600", "ALL"}).ok());
  EXPECT_EQ(cache->Invalidate(k, 2), WriteResult::kError);  // timed out
  EXPECT_EQ(cache->pending_invalidations(), 1u);
  // Redis still holds v1, but this process knows better, without asking Redis.
  const absl::Time start = absl::Now();
  EXPECT_EQ(cache->Get(k), std::nullopt);
  EXPECT_EQ(cache->Put(k, "v1", 1, absl::Minutes(5)), WriteResult::kStale);
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(40));

  absl::SleepFor(absl::Milliseconds(700));                                  // the pause ends
  EXPECT_EQ(cache->Get("parcours:faulttest:v1:item:other"), std::nullopt);  // carries the replay
  EXPECT_EQ(cache->pending_invalidations(), 0u);
  absl::StatusOr<std::string> raw = RedisCommandForTest(redis_->url(), {"GET", k});
  ASSERT_TRUE(raw.ok()) << raw.status();
  EXPECT_THAT(*raw, StartsWith("00000000000000000002T"));
  EXPECT_EQ(cache->Put(k, "v1", 1, absl::Minutes(5)), WriteResult::kStale);
  EXPECT_EQ(cache->Put(k, "v2", 2, absl::Minutes(5)), WriteResult::kStored);
  EXPECT_THAT(cache->Get(k), Optional(std::string("v2")));
}

TEST_F(RedisFaultTest, MultiGetIsOneMget) {
  std::unique_ptr<RedisCache> cache = MakeCache(FaultOptions());
  ASSERT_NE(cache, nullptr);
  std::vector<std::string> keys = {"a", "b", "c", "d", "e"};
  cache->Put("c", "vc", 1, absl::Minutes(1));
  ASSERT_TRUE(RedisCommandForTest(redis_->url(), {"CONFIG", "RESETSTAT"}).ok());
  std::vector<std::optional<std::string>> values = cache->MultiGet(keys);
  EXPECT_THAT(values[2], Optional(std::string("vc")));
  EXPECT_EQ(CommandCalls(redis_->url(), "mget"), 1);
  EXPECT_EQ(CommandCalls(redis_->url(), "get"), 0);
}

TEST_F(RedisFaultTest, FallsBackToEvalWhenRedisLostTheScript) {
  std::unique_ptr<RedisCache> cache = MakeCache(FaultOptions());
  ASSERT_NE(cache, nullptr);
  // A fresh server has never seen the script: EVALSHA → NOSCRIPT → EVAL, which loads it.
  EXPECT_EQ(cache->Put("k", "v1", 1, absl::Minutes(1)), WriteResult::kStored);
  EXPECT_EQ(CommandCalls(redis_->url(), "eval"), 1);
  EXPECT_EQ(cache->Put("k", "v2", 2, absl::Minutes(1)), WriteResult::kStored);
  EXPECT_EQ(CommandCalls(redis_->url(), "eval"), 1);  // EVALSHA found it this time
  ASSERT_TRUE(RedisCommandForTest(redis_->url(), {"SCRIPT", "FLUSH"}).ok());
  EXPECT_EQ(cache->Put("k", "v1", 1, absl::Minutes(1)), WriteResult::kStale);
  EXPECT_EQ(CommandCalls(redis_->url(), "eval"), 2);
  EXPECT_THAT(cache->Get("k"), Optional(std::string("v2")));
  EXPECT_EQ(cache->breaker_state(), BreakerState::kClosed);
}

TEST(RedisAuthTest, AuthenticatesWithThePasswordAndFailsOpenWithoutIt) {
  absl::StatusOr<std::unique_ptr<RedisTestServer>> redis =
      RedisTestServer::Start({.password = "s3cret"});
  ASSERT_TRUE(redis.ok()) << redis.status();
  prometheus::Registry registry;
  absl::StatusOr<std::unique_ptr<RedisCache>> good =
      RedisCache::Create({.name = "good",
                          .url = (*redis)->url(),
                          .password = "s3cret",
                          .command_timeout = absl::Milliseconds(200)},
                         registry);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ((*good)->Put("k", "v", 1, absl::Minutes(1)), WriteResult::kStored);
  EXPECT_THAT((*good)->Get("k"), Optional(std::string("v")));

  absl::StatusOr<std::unique_ptr<RedisCache>> bad = RedisCache::Create(
      {.name = "bad", .url = (*redis)->url(), .command_timeout = absl::Milliseconds(200)},
      registry);
  ASSERT_TRUE(bad.ok()) << bad.status();
  EXPECT_EQ((*bad)->Get("k"), std::nullopt);
  EXPECT_EQ((*bad)->Put("k", "w", 2, absl::Minutes(1)), WriteResult::kError);
  EXPECT_EQ(MetricValue(registry, "parcours_cache_requests_total",
                        {{"cache", "bad"}, {"op", "get"}, {"result", "error"}}),
            1);
  EXPECT_THAT((*good)->Get("k"), Optional(std::string("v")));
}

}  // namespace
}  // namespace parcours::cache
