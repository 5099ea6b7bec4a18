#include "libs/paging/page_token.h"

#include "gmock/gmock.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "gtest/gtest.h"
#include "parcours/paging/testing/list_request.pb.h"

namespace parcours::paging {
namespace {

using testing::ListThingsRequest;

std::vector<std::string> Fields(const errors::FieldViolations& v) {
  std::vector<std::string> out;
  for (const auto& x : v.list()) out.push_back(x.field);
  return out;
}

ListThingsRequest Request(const std::string& territory) {
  ListThingsRequest r;
  r.set_territory(territory);
  r.add_kinds("aci");
  return r;
}

TEST(PageTokenTest, RoundTrip) {
  const uint64_t fp = QueryFingerprint(Request("TAD-EST"));
  absl::StatusOr<Position> pos = DecodeToken(EncodeToken(fp, {16, "off_01|ABC"}), fp);
  ASSERT_TRUE(pos.ok()) << pos.status();
  EXPECT_EQ(*pos, (Position{16, "off_01|ABC"}));  // a key may hold the separator
}

TEST(PageTokenTest, FingerprintIsTheQueryNotThePage) {
  ListThingsRequest a = Request("TAD-EST"), b = Request("TAD-EST");
  b.set_page_size(20);
  b.set_page_token("anything");
  EXPECT_EQ(QueryFingerprint(a), QueryFingerprint(b));
  b.set_territory("TAD-SUD");
  EXPECT_NE(QueryFingerprint(a), QueryFingerprint(b));
  ListThingsRequest c = Request("TAD-EST");
  c.add_kinds("ei");
  EXPECT_NE(QueryFingerprint(a), QueryFingerprint(c));
  // A fixed hash: the same across processes and builds (tokens survive restarts).
  EXPECT_EQ(QueryFingerprint(ListThingsRequest()), 14695981039346656037ull);
}

// The fingerprint as first written: a copy with the paging fields cleared, serialized
// deterministically, hashed. The wire walk must give the same value (tokens issued before
// a rolling upgrade stay valid).
uint64_t ReferenceFingerprint(const ListThingsRequest& r) {
  ListThingsRequest q = r;
  q.clear_page_size();
  q.clear_page_token();
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    q.SerializeToCodedStream(&coded);
  }
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

TEST(PageTokenTest, FingerprintMatchesTheCopyClearedOfItsPagingFields) {
  std::vector<ListThingsRequest> cases(6);
  cases[1].set_territory("TAD-EST");
  cases[2].set_page_size(20);
  cases[2].set_page_token("tok");
  cases[3] = Request("TAD-EST");
  cases[3].set_page_size(7);
  cases[4] = Request(std::string(300, 'x'));  // a length above one varint byte
  for (int i = 0; i < 40; ++i) cases[4].add_kinds("k" + std::to_string(i));
  cases[4].set_page_token(std::string(200, 't'));
  cases[5].add_kinds("");
  cases[5].set_page_size(-1);
  for (const ListThingsRequest& r : cases) {
    SCOPED_TRACE(r.ShortDebugString());
    EXPECT_EQ(QueryFingerprint(r), ReferenceFingerprint(r));
  }
}

TEST(PageTokenTest, TokenOfAnotherQueryIsRefused) {
  absl::Status s = DecodeToken(EncodeToken(QueryFingerprint(Request("TAD-EST")), {0, "x"}),
                               QueryFingerprint(Request("TAD-SUD")))
                       .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(errors::ViolationsOf(s).size(), 1u);
  EXPECT_EQ(errors::ViolationsOf(s)[0].field, "page_token");
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("another query"));
}

TEST(PageTokenTest, GarbageIsRefused) {
  // Not base64; "p1||x" (no fingerprint); "p2|0|0|id" (unknown version); "p1|0|0|" (no key);
  // "p1|0|zz|id" (no score).
  for (const char* bad : {"!!!", "%%%", "cDF8fHg", "cDJ8MHwwfGlk", "cDF8MHwwfA", "cDF8MHx6enxpZA"}) {
    SCOPED_TRACE(bad);
    absl::Status s = DecodeToken(bad, 0).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    ASSERT_EQ(errors::ViolationsOf(s).size(), 1u);
    EXPECT_EQ(errors::ViolationsOf(s)[0].field, "page_token");
  }
}

TEST(PageTest, DefaultsClampsAndRefusesNegativeSizes) {
  errors::FieldViolations v;
  ListThingsRequest r = Request("TAD-EST");
  EXPECT_EQ(Page::Read(r, v).size(), kDefaultPageSize);
  r.set_page_size(7);
  EXPECT_EQ(Page::Read(r, v).size(), 7);
  r.set_page_size(100000);
  EXPECT_EQ(Page::Read(r, v).size(), kMaxPageSize);
  EXPECT_EQ(Page::Read(r, v, {.default_size = 20, .max_size = 100}).size(), 100);
  r.set_page_size(0);
  EXPECT_EQ(Page::Read(r, v, {.default_size = 20, .max_size = 100}).size(), 20);
  EXPECT_TRUE(v.empty());
  r.set_page_size(-1);
  Page::Read(r, v);
  EXPECT_THAT(Fields(v), ::testing::ElementsAre("page_size"));
}

TEST(PageTest, WalksWithItsOwnTokensOnly) {
  errors::FieldViolations v;
  ListThingsRequest r = Request("TAD-EST");
  Page first = Page::Read(r, v);
  EXPECT_FALSE(first.after().has_value());
  EXPECT_EQ(first.after_key(), "");

  r.set_page_token(first.NextToken("thing_42"));
  r.set_page_size(10);  // the page size may change between pages
  Page second = Page::Read(r, v);
  ASSERT_TRUE(v.empty()) << v.ToStatus();
  EXPECT_EQ(second.after_key(), "thing_42");
  EXPECT_EQ(second.size(), 10);

  r.set_territory("TAD-SUD");  // same token, other filters
  Page::Read(r, v);
  EXPECT_THAT(Fields(v), ::testing::ElementsAre("page_token"));
}

TEST(PageTest, NestedRequestsNameTheirFieldsWithThePrefix) {
  errors::FieldViolations v;
  ListThingsRequest r = Request("TAD-EST");
  r.set_page_size(-3);
  r.set_page_token("%%%");
  Page::Read(r, v, {.prefix = "offers."});
  EXPECT_THAT(Fields(v), ::testing::ElementsAre("offers.page_size", "offers.page_token"));
}

TEST(PageTest, ARequestWithoutPagingFieldsIsAProgrammingError) {
  errors::FieldViolations v;
  EXPECT_DEATH(Page::Read(testing::NoPagingRequest(), v), "no page_size field");
}

}  // namespace
}  // namespace parcours::paging
