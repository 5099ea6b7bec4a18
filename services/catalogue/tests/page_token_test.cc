#include "services/catalogue/domain/page_token.h"

#include "gtest/gtest.h"
#include "libs/errors/field_violations.h"
#include "parcours/catalogue/v1/catalogue.pb.h"

namespace parcours::catalogue {
namespace {

TEST(PageTokenTest, RoundTrip) {
  v1::SearchOffersRequest q;
  q.set_query("permis");
  const uint64_t fp = Fingerprint(q);
  const std::string token = EncodePageToken(fp, {16, "off_01ABC"});
  absl::StatusOr<PagePosition> pos = DecodePageToken(token, fp);
  ASSERT_TRUE(pos.ok()) << pos.status();
  EXPECT_EQ(pos->score, 16);
  EXPECT_EQ(pos->last_id, "off_01ABC");
}

TEST(PageTokenTest, FingerprintIsStableAndDependsOnTheQuery) {
  v1::SearchOffersRequest a, b;
  a.set_query("permis");
  b.set_query("permis");
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  b.set_territory("TAD-EST");
  EXPECT_NE(Fingerprint(a), Fingerprint(b));
}

TEST(PageTokenTest, TokenOfAnotherQueryIsRefused) {
  v1::SearchOffersRequest a, b;
  a.set_query("permis");
  b.set_query("logement");
  absl::Status s =
      DecodePageToken(EncodePageToken(Fingerprint(a), {0, "x"}), Fingerprint(b)).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(errors::ViolationsOf(s).size(), 1u);
  EXPECT_EQ(errors::ViolationsOf(s)[0].field, "page_token");
}

TEST(PageTokenTest, GarbageIsRefused) {
  for (const char* bad : {"!!!", "cDF8eHw", "", "cDJ8MHwwfGlk"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(DecodePageToken(bad, 0).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace parcours::catalogue
