// RedisCache against the shared test Redis (PARCOURS_TEST_REDIS_URL, started by
// tests/servers/start.sh). Every test writes under its own random key prefix, so tests
// running in parallel against the same server do not see each other's keys.
#include <google/protobuf/wrappers.pb.h>
#include <prometheus/registry.h>

#include <cstdlib>
#include <random>

#include "absl/strings/str_cat.h"
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
using ::testing::ElementsAre;
using ::testing::Optional;

class RedisCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("PARCOURS_TEST_REDIS_URL");
    if (url == nullptr || *url == '\0') {
      GTEST_FAIL() << "PARCOURS_TEST_REDIS_URL is not set: run scripts/test, or start Redis with "
                      "tests/servers/start.sh DIR redis and source DIR/env";
    }
    url_ = url;
    absl::StatusOr<std::string> pong = RedisCommandForTest(url_, {"PING"});
    ASSERT_TRUE(pong.ok()) << "test Redis at " << url_ << " unreachable: " << pong.status();
    cache_ = MakeCache(url_, absl::Seconds(30));
    std::random_device rd;
    space_ = std::make_unique<KeySpace>(
        "cachetest",
        absl::StrCat(::testing::UnitTest::GetInstance()->current_test_info()->name(), "-", rd(),
                     rd()),
        1);
  }

  std::unique_ptr<RedisCache> MakeCache(const std::string& url, absl::Duration tombstone_ttl) {
    // Generous command timeout: this test is about semantics, and the machine is shared.
    absl::StatusOr<std::unique_ptr<RedisCache>> cache =
        RedisCache::Create({.name = "t",
                            .url = url,
                            .command_timeout = absl::Milliseconds(500),
                            .tombstone_ttl = tombstone_ttl},
                           registry_);
    EXPECT_TRUE(cache.ok()) << cache.status();
    return cache.ok() ? *std::move(cache) : nullptr;
  }

  std::string Key(const std::string& id) const { return space_->Key(id); }
  double Requests(const std::string& op, const std::string& result) const {
    return MetricValue(registry_, "parcours_cache_requests_total",
                       {{"cache", "t"}, {"op", op}, {"result", result}});
  }

  std::string url_;
  prometheus::Registry registry_;
  std::unique_ptr<RedisCache> cache_;
  std::unique_ptr<KeySpace> space_;
};

TEST_F(RedisCacheTest, MissThenHitWithBinaryValues) {
  const std::string value("bytes\0with\xffnul", 14);
  EXPECT_EQ(cache_->Get(Key("a")), std::nullopt);
  EXPECT_EQ(cache_->Put(Key("a"), value, 1, absl::Minutes(1)), WriteResult::kStored);
  EXPECT_THAT(cache_->Get(Key("a")), Optional(value));
  EXPECT_EQ(Requests("get", "miss"), 1);
  EXPECT_EQ(Requests("get", "hit"), 1);
  EXPECT_EQ(Requests("put", "stored"), 1);
  EXPECT_EQ(Requests("get", "error"), 0);
  EXPECT_EQ(MetricValue(registry_, "parcours_cache_operation_seconds", {{"op", "get"}}), 2);
}

TEST_F(RedisCacheTest, MultiGetKeepsOrderAndReportsMisses) {
  cache_->Put(Key("a"), "va", 1, absl::Minutes(1));
  cache_->Put(Key("c"), "vc", 1, absl::Minutes(1));
  cache_->Invalidate(Key("d"), 3);
  std::vector<std::string> keys = {Key("a"), Key("b"), Key("c"), Key("b"), Key("d"), Key("a")};
  EXPECT_THAT(cache_->MultiGet(keys),
              ElementsAre(Optional(std::string("va")), std::nullopt, Optional(std::string("vc")),
                          std::nullopt, std::nullopt, Optional(std::string("va"))));
  EXPECT_EQ(Requests("multi_get", "hit"), 3);
  EXPECT_EQ(Requests("multi_get", "miss"), 3);  // absent twice, tombstone once
  EXPECT_TRUE(cache_->MultiGet({}).empty());
}

TEST_F(RedisCacheTest, AnOlderVersionCannotOverwriteANewerOne) {
  EXPECT_EQ(cache_->Put(Key("o"), "v2", 2, absl::Minutes(1)), WriteResult::kStored);
  EXPECT_EQ(cache_->Put(Key("o"), "v1", 1, absl::Minutes(1)), WriteResult::kStale);
  EXPECT_THAT(cache_->Get(Key("o")), Optional(std::string("v2")));
  EXPECT_EQ(cache_->Put(Key("o"), "v2", 2, absl::Minutes(1)), WriteResult::kStored);  // same row
  EXPECT_EQ(cache_->Put(Key("o"), "v3", 3, absl::Minutes(1)), WriteResult::kStored);
  EXPECT_THAT(cache_->Get(Key("o")), Optional(std::string("v3")));
  // A late invalidation for an older write does not hide the newer value.
  EXPECT_EQ(cache_->Invalidate(Key("o"), 2), WriteResult::kStale);
  EXPECT_THAT(cache_->Get(Key("o")), Optional(std::string("v3")));
  EXPECT_EQ(Requests("put", "stale"), 1);
  EXPECT_EQ(Requests("invalidate", "stale"), 1);
}

TEST_F(RedisCacheTest, PutManyIsPerEntry) {
  cache_->Put(Key("b"), "b9", 9, absl::Minutes(1));
  std::vector<CacheEntry> entries = {{Key("a"), "a1", 1, absl::Minutes(1)},
                                     {Key("b"), "b1", 1, absl::Minutes(1)},
                                     {Key("c"), "c1", 1, absl::Minutes(1)}};
  EXPECT_THAT(cache_->PutMany(entries),
              ElementsAre(WriteResult::kStored, WriteResult::kStale, WriteResult::kStored));
  std::vector<std::string> keys = {Key("a"), Key("b"), Key("c")};
  EXPECT_THAT(cache_->MultiGet(keys),
              ElementsAre(Optional(std::string("a1")), Optional(std::string("b9")),
                          Optional(std::string("c1"))));
}

// reader: miss ─ SELECT → v1 ──────────────────────────────────── Put(v1): refused
// writer:              UPDATE → v2, COMMIT ─ Invalidate(v2)
TEST_F(RedisCacheTest, AStaleReaderCannotPutBackTheOldRow) {
  const std::string k = Key("offer");
  ASSERT_EQ(cache_->Get(k), std::nullopt);                    // reader misses…
  const std::string row_read_by_reader = "v1";                // …and reads v1 from the database
  EXPECT_EQ(cache_->Invalidate(k, 2), WriteResult::kStored);  // writer commits v2
  EXPECT_EQ(cache_->Put(k, row_read_by_reader, 1, absl::Minutes(1)), WriteResult::kStale);
  EXPECT_EQ(cache_->Get(k), std::nullopt);  // the next read misses…
  EXPECT_EQ(cache_->Put(k, "v2", 2, absl::Minutes(1)), WriteResult::kStored);  // …loads v2
  EXPECT_THAT(cache_->Get(k), Optional(std::string("v2")));
}

TEST_F(RedisCacheTest, TheSameRaceThroughCachedLoader) {
  int64_t db_version = 1;
  auto row = [&] {
    StringValue v;
    v.set_value(absl::StrCat("v", db_version));
    return Versioned<StringValue>{v, db_version};
  };
  CachedLoader<StringValue> loader(*cache_, *space_, absl::Minutes(1));
  int loads = 0;
  absl::StatusOr<StringValue> slow = loader.Get("x", [&](const std::string&) {
    ++loads;
    Versioned<StringValue> read = row();                                  // v1
    ++db_version;                                                         // a writer commits v2…
    EXPECT_EQ(loader.Invalidate("x", db_version), WriteResult::kStored);  // …and invalidates
    return absl::StatusOr<Versioned<StringValue>>(read);
  });
  ASSERT_TRUE(slow.ok());
  EXPECT_EQ(slow->value(), "v1");
  EXPECT_EQ(Requests("put", "stale"), 1);
  for (int i = 0; i < 2; ++i) {
    auto v = loader.Get("x", [&](const std::string&) {
      ++loads;
      return absl::StatusOr<Versioned<StringValue>>(row());
    });
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->value(), "v2");
  }
  EXPECT_EQ(loads, 2);  // the slow read, then one load of v2; the last read hit
}

TEST_F(RedisCacheTest, EntriesAndTombstonesExpire) {
  std::unique_ptr<RedisCache> cache = MakeCache(url_, absl::Milliseconds(300));
  ASSERT_NE(cache, nullptr);
  ASSERT_EQ(cache->Put(Key("v"), "x", 1, absl::Milliseconds(300)), WriteResult::kStored);
  ASSERT_EQ(cache->Invalidate(Key("t"), 5), WriteResult::kStored);
  for (const std::string& k : {Key("v"), Key("t")}) {
    absl::StatusOr<std::string> pttl = RedisCommandForTest(url_, {"PTTL", k});
    ASSERT_TRUE(pttl.ok()) << pttl.status();
    EXPECT_GT(std::stoll(*pttl), 0) << k;
    EXPECT_LE(std::stoll(*pttl), 300) << k;
  }
  EXPECT_THAT(cache->Get(Key("v")), Optional(std::string("x")));
  EXPECT_EQ(cache->Put(Key("t"), "old", 4, absl::Minutes(1)), WriteResult::kStale);

  const absl::Time deadline = absl::Now() + absl::Seconds(3);
  while (cache->Get(Key("v")).has_value() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(cache->Get(Key("v")), std::nullopt);
  // Once the tombstone is gone, the key is free again.
  EXPECT_EQ(cache->Put(Key("t"), "old", 4, absl::Minutes(1)), WriteResult::kStored);
}

TEST_F(RedisCacheTest, UsesTheDatabaseNamedInTheUrl) {
  std::unique_ptr<RedisCache> db3 = MakeCache(url_ + "/3", absl::Seconds(30));
  ASSERT_NE(db3, nullptr);
  ASSERT_EQ(db3->Put(Key("k"), "in-3", 1, absl::Minutes(1)), WriteResult::kStored);
  EXPECT_EQ(cache_->Get(Key("k")), std::nullopt);  // database 0
  EXPECT_THAT(db3->Get(Key("k")), Optional(std::string("in-3")));
  absl::StatusOr<std::string> exists = RedisCommandForTest(url_ + "/3", {"EXISTS", Key("k")});
  ASSERT_TRUE(exists.ok()) << exists.status();
  EXPECT_EQ(*exists, "1");
  RedisCommandForTest(url_ + "/3", {"DEL", Key("k")}).status().IgnoreError();
}

TEST_F(RedisCacheTest, CachedLoaderGetManyRoundTrips) {
  CachedLoader<StringValue> loader(*cache_, *space_, absl::Minutes(1));
  std::vector<std::string> asked;
  auto load = [&](absl::Span<const std::string> ids) {
    std::vector<std::optional<Versioned<StringValue>>> out;
    for (const std::string& id : ids) {
      asked.push_back(id);
      if (id == "none") {
        out.push_back(std::nullopt);
        continue;
      }
      StringValue v;
      v.set_value("row-" + id);
      out.push_back(Versioned<StringValue>{v, 1});
    }
    return absl::StatusOr<std::vector<std::optional<Versioned<StringValue>>>>(out);
  };
  std::vector<std::string> ids = {"p", "none", "q"};
  ASSERT_TRUE(loader.GetMany(ids, load).ok());
  auto again = loader.GetMany(ids, load);
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->size(), 3u);
  EXPECT_EQ((*again)[0]->value(), "row-p");
  EXPECT_FALSE((*again)[1].has_value());
  EXPECT_EQ((*again)[2]->value(), "row-q");
  EXPECT_THAT(asked, ElementsAre("p", "none", "q", "none"));
  EXPECT_EQ(Requests("put", "stored"), 2);
}

}  // namespace
}  // namespace parcours::cache
