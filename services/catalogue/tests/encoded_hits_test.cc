// The hand-written SearchOffers response bytes against protobuf's own serialization of the
// same message: byte for byte, and parsed back to the same content.
#include "services/catalogue/search/encoded_hits.h"

#include <string>
#include <vector>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/catalogue/tests/test_offers.h"

namespace parcours::catalogue {
namespace {

using testdata::MakeDate;
using testdata::MakeSession;
using testdata::ValidOffer;

std::string Normal(const std::vector<SearchHitRef>& hits, const std::string& token) {
  v1::SearchOffersResponse resp;
  for (const SearchHitRef& hit : hits) {
    v1::SearchHit* out = resp.add_hits();
    *out->mutable_offer() = hit.doc->offer;
    out->set_score(hit.score);
  }
  resp.set_next_page_token(token);
  return resp.SerializeAsString();
}

SearchHitRef Hit(const v1::Offer& o, int64_t score) {
  return {IndexedOffer::Make(o, DefaultReferenceData()), score};
}

TEST(EncodedHitsTest, BytesAreProtobufsOwn) {
  v1::Offer full = ValidOffer("str_1", "Permis B accompagné");
  full.set_id("off_1");
  *full.add_sessions() = MakeSession(3, MakeDate(2025, 1, 1), MakeDate(2025, 6, 30));
  full.mutable_create_time()->set_seconds(1700000000);
  full.set_volume_horaire_hebdomadaire(12.5);
  v1::Offer long_one = full;  // lengths needing 2- and 3-byte varints
  long_one.set_id("off_2");
  long_one.set_description(std::string(20000, 'x'));
  v1::Offer empty;  // a set but empty submessage is still written (0a 00)
  v1::Offer mid = full;
  mid.set_id("off_3");
  mid.set_summary(std::string(120, 'y'));

  const std::vector<std::vector<SearchHitRef>> pages = {
      {},
      {Hit(full, 16)},
      {Hit(full, 0), Hit(empty, 0)},  // no query text: score 0 is left out
      {Hit(long_one, 300), Hit(mid, 1), Hit(full, 1LL << 40)},
  };
  for (const auto& hits : pages) {
    for (const std::string& token :
         {std::string(), std::string("dG9rZW4"), std::string(200, 't')}) {
      const std::string wire = EncodeSearchOffersResponse(hits, token);
      EXPECT_EQ(wire, Normal(hits, token)) << hits.size() << " hits, token " << token.size();
      v1::SearchOffersResponse parsed;
      ASSERT_TRUE(parsed.ParseFromString(wire));
      ASSERT_EQ(parsed.hits_size(), static_cast<int>(hits.size()));
      for (size_t i = 0; i < hits.size(); ++i) {
        EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
            parsed.hits(static_cast<int>(i)).offer(), hits[i].doc->offer));
        EXPECT_TRUE(parsed.hits(static_cast<int>(i)).has_offer());
        EXPECT_EQ(parsed.hits(static_cast<int>(i)).score(), hits[i].score);
      }
      EXPECT_EQ(parsed.next_page_token(), token);
    }
  }
}

}  // namespace
}  // namespace parcours::catalogue
