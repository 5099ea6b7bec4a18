#include "libs/cache/cached_loader.h"

#include <google/protobuf/wrappers.pb.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "libs/cache/in_memory_cache.h"

namespace parcours::cache {
namespace {

using google::protobuf::StringValue;
using ::testing::ElementsAre;

StringValue Make(const std::string& text) {
  StringValue v;
  v.set_value(text);
  return v;
}

// A "database" of versioned rows, counting the queries made to it.
class FakeTable {
 public:
  void Write(const std::string& id, const std::string& text) {
    rows_[id] = Versioned<StringValue>{Make(text), rows_[id].version + 1};
  }
  int64_t version(const std::string& id) { return rows_.at(id).version; }

  absl::StatusOr<Versioned<StringValue>> LoadOne(const std::string& id) {
    ++queries_;
    loaded_.push_back(id);
    auto it = rows_.find(id);
    if (it == rows_.end()) return absl::NotFoundError(id);
    return it->second;
  }
  absl::StatusOr<std::vector<std::optional<Versioned<StringValue>>>> LoadMany(
      absl::Span<const std::string> ids) {
    ++queries_;
    std::vector<std::optional<Versioned<StringValue>>> out;
    for (const std::string& id : ids) {
      loaded_.push_back(id);
      auto it = rows_.find(id);
      out.push_back(it == rows_.end() ? std::nullopt : std::make_optional(it->second));
    }
    return out;
  }

  int queries_ = 0;
  std::vector<std::string> loaded_;

 private:
  std::map<std::string, Versioned<StringValue>> rows_;
};

std::vector<std::string> Texts(const std::vector<std::optional<StringValue>>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(v.has_value() ? v->value() : "<none>");
  return out;
}

class CachedLoaderTest : public ::testing::Test {
 protected:
  absl::StatusOr<StringValue> Get(const std::string& id) {
    return loader_.Get(id, [&](const std::string& i) { return table_.LoadOne(i); });
  }
  absl::StatusOr<std::vector<std::optional<StringValue>>> GetMany(
      const std::vector<std::string>& ids) {
    return loader_.GetMany(
        ids, [&](absl::Span<const std::string> missing) { return table_.LoadMany(missing); });
  }

  FakeClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  InMemoryCache cache_{clock_, absl::Seconds(30)};
  FakeTable table_;
  CachedLoader<StringValue> loader_{cache_, KeySpace("catalogue", "offer", 1), absl::Minutes(5)};
};

TEST_F(CachedLoaderTest, LoadsOnceThenServesFromTheCache) {
  table_.Write("o1", "first");
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<StringValue> v = Get("o1");
    ASSERT_TRUE(v.ok()) << v.status();
    EXPECT_EQ(v->value(), "first");
  }
  EXPECT_EQ(table_.queries_, 1);
  EXPECT_EQ(cache_.Get("parcours:catalogue:v1:offer:o1").has_value(), true);
}

TEST_F(CachedLoaderTest, ErrorsAreReturnedAndNotCached) {
  EXPECT_EQ(Get("missing").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Get("missing").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(table_.queries_, 2);
  EXPECT_EQ(cache_.size(), 0u);
}

TEST_F(CachedLoaderTest, AWriteInvalidatesAndTheNextReadLoadsTheNewVersion) {
  table_.Write("o1", "first");
  ASSERT_TRUE(Get("o1").ok());
  table_.Write("o1", "second");  // committed…
  EXPECT_EQ(loader_.Invalidate("o1", table_.version("o1")), WriteResult::kStored);
  EXPECT_EQ(Get("o1")->value(), "second");
  EXPECT_EQ(Get("o1")->value(), "second");
  EXPECT_EQ(table_.queries_, 2);
}

// The race the tombstone closes, through the decorator: the reader's load returns the old
// row, the writer commits and invalidates before the reader puts it back.
TEST_F(CachedLoaderTest, ASlowReaderCannotPutBackTheRowAWriterReplaced) {
  table_.Write("o1", "old");
  absl::StatusOr<StringValue> slow = loader_.Get("o1", [&](const std::string& id) {
    absl::StatusOr<Versioned<StringValue>> row = table_.LoadOne(id);  // reads "old"
    table_.Write("o1", "new");                                        // writer commits…
    loader_.Invalidate("o1", table_.version("o1"));                   // …and invalidates
    return row;
  });
  ASSERT_TRUE(slow.ok());
  EXPECT_EQ(slow->value(), "old");       // what the database said when it was asked
  EXPECT_EQ(Get("o1")->value(), "new");  // but the cache was not poisoned
  EXPECT_EQ(table_.queries_, 2);
}

TEST_F(CachedLoaderTest, GetManyLoadsOnlyTheMissingIdsInOneQueryAndKeepsOrder) {
  for (const char* id : {"a", "b", "c", "d"}) table_.Write(id, absl::StrCat("row-", id));
  ASSERT_TRUE(Get("b").ok());
  ASSERT_TRUE(Get("d").ok());
  table_.loaded_.clear();
  table_.queries_ = 0;
  const size_t lookups = cache_.lookups();

  auto values = GetMany({"a", "b", "c", "d", "e"});
  ASSERT_TRUE(values.ok()) << values.status();
  EXPECT_THAT(Texts(*values), ElementsAre("row-a", "row-b", "row-c", "row-d", "<none>"));
  EXPECT_EQ(table_.queries_, 1);
  EXPECT_THAT(table_.loaded_, ElementsAre("a", "c", "e"));
  EXPECT_EQ(cache_.lookups(), lookups + 1);  // one MultiGet

  table_.loaded_.clear();
  values = GetMany({"e", "d", "c", "b", "a"});
  ASSERT_TRUE(values.ok());
  EXPECT_THAT(Texts(*values), ElementsAre("<none>", "row-d", "row-c", "row-b", "row-a"));
  EXPECT_THAT(table_.loaded_, ElementsAre("e"));  // not-found is not cached
}

TEST_F(CachedLoaderTest, GetManyNeedsOneResultPerMissingId) {
  auto values =
      loader_.GetMany(std::vector<std::string>{"a", "b"}, [](absl::Span<const std::string>) {
        return absl::StatusOr<std::vector<std::optional<Versioned<StringValue>>>>(
            std::vector<std::optional<Versioned<StringValue>>>(1));
      });
  EXPECT_EQ(values.status().code(), absl::StatusCode::kInternal);
}

TEST_F(CachedLoaderTest, UnparseableBytesAreAMissAndAreReplaced) {
  table_.Write("o1", "good");
  cache_.Put("parcours:catalogue:v1:offer:o1", "\xff\xff\xff", 1, absl::Minutes(5));
  EXPECT_EQ(Get("o1")->value(), "good");
  EXPECT_EQ(Get("o1")->value(), "good");
  EXPECT_EQ(table_.queries_, 1);
}

TEST(CachedLoaderNullCacheTest, WithTheCacheOffEveryReadLoads) {
  NullCache cache;
  CachedLoader<StringValue> loader(cache, KeySpace("s", "e", 1), absl::Minutes(1));
  int loads = 0;
  for (int i = 0; i < 3; ++i) {
    auto v = loader.Get("x", [&](const std::string&) {
      ++loads;
      return absl::StatusOr<Versioned<StringValue>>(Versioned<StringValue>{Make("x"), 1});
    });
    ASSERT_TRUE(v.ok());
  }
  EXPECT_EQ(loads, 3);
}

TEST(KeySpaceTest, KeysCarryTheServiceTheSchemaVersionAndTheEntity) {
  EXPECT_EQ(KeySpace("catalogue", "offer", 1).Key("off_01HV"),
            "parcours:catalogue:v1:offer:off_01HV");
  EXPECT_NE(KeySpace("catalogue", "offer", 2).Key("x"), KeySpace("catalogue", "offer", 1).Key("x"));
}

}  // namespace
}  // namespace parcours::cache
