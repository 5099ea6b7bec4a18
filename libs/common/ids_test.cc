#include "libs/common/ids.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace parcours {
namespace {

TEST(NewId, HasPrefixAndShape) {
  std::string id = NewId("off");
  EXPECT_EQ(id.substr(0, 4), "off_");
  EXPECT_EQ(id.size(), 4u + 26u);
  EXPECT_TRUE(IsWellFormedId(id, "off"));
  EXPECT_FALSE(IsWellFormedId(id, "pre"));
  EXPECT_TRUE(IsWellFormedId(NewId(""), ""));
}

TEST(NewId, SortsByCreationEvenWithinOneMillisecond) {
  absl::Time t = absl::FromUnixMillis(1700000000000);
  std::string prev = NewId("x", t);
  for (int i = 0; i < 1000; ++i) {
    std::string next = NewId("x", t + absl::Milliseconds(i / 100));
    EXPECT_LT(prev, next);
    prev = next;
  }
}

TEST(NewId, IsUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(seen.insert(NewId("u")).second);
}

TEST(IsWellFormedId, RejectsBadCharactersAndLengths) {
  const std::string valid = NewId("off");
  ASSERT_TRUE(IsWellFormedId(valid, "off"));
  EXPECT_FALSE(IsWellFormedId("off_", "off"));
  EXPECT_FALSE(IsWellFormedId(valid + "0", "off"));
  EXPECT_FALSE(IsWellFormedId(valid.substr(0, valid.size() - 1), "off"));
  std::string bad_char = valid;
  bad_char.back() = 'I';  // not in Crockford's alphabet
  EXPECT_FALSE(IsWellFormedId(bad_char, "off"));
  std::string overflow = valid;
  overflow[4] = '8';  // would need more than 128 bits
  EXPECT_FALSE(IsWellFormedId(overflow, "off"));
  EXPECT_FALSE(IsWellFormedId("pre" + valid.substr(3), "off"));
}

}  // namespace
}  // namespace parcours
