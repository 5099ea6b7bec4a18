#include "libs/cache/versioned_entry.h"

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace parcours::cache::internal {
namespace {

TEST(VersionedEntryTest, ValueRoundTripsBinaryPayload) {
  const std::string payload("a\0b\xff", 4);
  const std::string raw = EncodeValue(42, payload);
  EXPECT_EQ(raw.substr(0, 21), "00000000000000000042V");
  std::optional<DecodedEntry> e = DecodeEntry(raw);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->kind, DecodedEntry::Kind::kValue);
  EXPECT_EQ(e->version, 42);
  EXPECT_EQ(e->payload, payload);
}

TEST(VersionedEntryTest, EmptyValueIsNotATombstone) {
  std::optional<DecodedEntry> e = DecodeEntry(EncodeValue(0, ""));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->kind, DecodedEntry::Kind::kValue);
  EXPECT_EQ(e->payload, "");
}

TEST(VersionedEntryTest, TombstoneRoundTrips) {
  std::optional<DecodedEntry> e = DecodeEntry(EncodeTombstone(INT64_MAX));
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->kind, DecodedEntry::Kind::kTombstone);
  EXPECT_EQ(e->version, INT64_MAX);
}

// The Lua script compares the 20-character prefixes as strings: that must order versions
// exactly as integers, including above 2^53 where Lua's doubles would not.
TEST(VersionedEntryTest, PrefixesSortLikeVersions) {
  const std::vector<int64_t> versions = {
      0, 1, 9, 10, 99, 100, (1LL << 53), (1LL << 53) + 1, INT64_MAX - 1, INT64_MAX};
  for (int64_t a : versions) {
    for (int64_t b : versions) {
      const std::string pa = EncodeValue(a, "x").substr(0, kVersionDigits);
      const std::string pb = EncodeTombstone(b).substr(0, kVersionDigits);
      EXPECT_EQ(pa < pb, a < b) << a << " vs " << b;
      EXPECT_EQ(pa == pb, a == b) << a << " vs " << b;
    }
  }
}

TEST(VersionedEntryTest, RejectsWhatItDidNotWrite) {
  EXPECT_FALSE(DecodeEntry("").has_value());
  EXPECT_FALSE(DecodeEntry("0000000000000000004V").has_value());   // 19 digits
  EXPECT_FALSE(DecodeEntry("0000000000000000004xV").has_value());  // not a digit
  EXPECT_FALSE(DecodeEntry("00000000000000000042X").has_value());  // unknown kind
  EXPECT_FALSE(DecodeEntry("00000000000000000042Tjunk").has_value());
  EXPECT_FALSE(DecodeEntry("99999999999999999999V").has_value());  // beyond int64
  EXPECT_FALSE(DecodeEntry("plain old value").has_value());
}

}  // namespace
}  // namespace parcours::cache::internal
