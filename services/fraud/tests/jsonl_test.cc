// The import file parsers: one record per JSON line, comments and blank lines skipped,
// line numbers reported, unknown fields refused.
#include "services/fraud/ingest/jsonl.h"

#include <sstream>

#include "gtest/gtest.h"
#include "libs/testing/status_matchers.h"
#include "parcours/fraud/v1/fraud.pb.h"

namespace parcours::fraud {
namespace {

TEST(JsonLinesTest, ParsesRecordsWithLineNumbers) {
  std::istringstream in(
      "# households\n"
      "{\"cafNumber\":\"1234567\",\"memberIds\":[\"a\",\"b\"],\"address\":{\"country\":\"FR\"}}\n"
      "\n"
      "{\"caf_number\":\"7654321\",\"monthly_rsa_cents\":\"60734\"}\n"
      "{\"cafNumber\":\"1\",\"nationality\":\"x\"}\n"
      "not json\n");
  std::vector<std::pair<int64_t, absl::StatusOr<v1::HouseholdRecord>>> seen;
  int64_t records = ForEachJsonLine<v1::HouseholdRecord>(
      in, [&](int64_t line, absl::StatusOr<v1::HouseholdRecord> r) {
        seen.emplace_back(line, std::move(r));
        return true;
      });
  EXPECT_EQ(records, 4);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].first, 2);
  ASSERT_OK(seen[0].second);
  EXPECT_EQ(seen[0].second->caf_number(), "1234567");
  EXPECT_EQ(seen[0].second->member_ids_size(), 2);
  EXPECT_EQ(seen[1].first, 4);
  ASSERT_OK(seen[1].second);
  EXPECT_EQ(seen[1].second->monthly_rsa_cents(), 60734);
  EXPECT_EQ(seen[2].first, 5);
  EXPECT_EQ(seen[2].second.status().code(), absl::StatusCode::kInvalidArgument);  // unknown field
  EXPECT_EQ(seen[3].second.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(JsonLinesTest, EnumsByNameAndStopOnRequest) {
  std::istringstream in(
      "{\"cafNumber\":\"1234567\",\"source\":\"CROSS_CHECK_SOURCE_CNAV\",\"kind\":\"FACT_KIND_"
      "INCOME\","
      "\"category\":\"INCOME_CATEGORY_PENSION\",\"amountCents\":1200}\n"
      "{\"cafNumber\":\"2\"}\n");
  int calls = 0;
  ForEachJsonLine<v1::CrossCheckRecord>(in, [&](int64_t, absl::StatusOr<v1::CrossCheckRecord> r) {
    ++calls;
    EXPECT_OK(r);
    EXPECT_EQ(r->source(), v1::CROSS_CHECK_SOURCE_CNAV);
    EXPECT_EQ(r->category(), v1::INCOME_CATEGORY_PENSION);
    return false;
  });
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(IsSkippableLine("   # comment"));
  EXPECT_TRUE(IsSkippableLine(" \t\r"));
  EXPECT_FALSE(IsSkippableLine("{}"));
}

}  // namespace
}  // namespace parcours::fraud
