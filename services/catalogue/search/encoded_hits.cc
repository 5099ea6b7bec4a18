#include "services/catalogue/search/encoded_hits.h"

#include <cstdint>

#include "parcours/catalogue/v1/catalogue.pb.h"

namespace parcours::catalogue {
namespace {

constexpr uint32_t kVarint = 0;
constexpr uint32_t kLengthDelimited = 2;

constexpr uint64_t Tag(int field, uint32_t wire_type) {
  return (static_cast<uint64_t>(field) << 3) | wire_type;
}

size_t VarintSize(uint64_t v) {
  size_t n = 1;
  for (; v >= 0x80; v >>= 7) ++n;
  return n;
}

void PutVarint(uint64_t v, std::string& out) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>((v & 0x7f) | 0x80));
  out.push_back(static_cast<char>(v));
}

void PutLengthDelimited(int field, std::string_view bytes, std::string& out) {
  PutVarint(Tag(field, kLengthDelimited), out);
  PutVarint(bytes.size(), out);
  out.append(bytes);
}

constexpr uint64_t kHitTag = Tag(v1::SearchOffersResponse::kHitsFieldNumber, kLengthDelimited);
constexpr uint64_t kOfferTag = Tag(v1::SearchHit::kOfferFieldNumber, kLengthDelimited);
constexpr uint64_t kScoreTag = Tag(v1::SearchHit::kScoreFieldNumber, kVarint);

}  // namespace

std::string EncodeSearchOffersResponse(const std::vector<SearchHitRef>& hits,
                                       std::string_view next_page_token) {
  size_t total = next_page_token.size() + 16;
  for (const SearchHitRef& hit : hits) total += hit.doc->offer_bytes.size() + 32;
  std::string out;
  out.reserve(total);
  for (const SearchHitRef& hit : hits) {
    const std::string& offer = hit.doc->offer_bytes;
    // int64 is written as its two's complement, 10 bytes when negative (never: scores are
    // sums of weights); zero is left out, as proto3 does.
    const uint64_t score = static_cast<uint64_t>(hit.score);
    const size_t hit_size = VarintSize(kOfferTag) + VarintSize(offer.size()) + offer.size() +
                            (score != 0 ? VarintSize(kScoreTag) + VarintSize(score) : 0);
    PutVarint(kHitTag, out);
    PutVarint(hit_size, out);
    PutLengthDelimited(v1::SearchHit::kOfferFieldNumber, offer, out);  // set, even if empty
    if (score != 0) {
      PutVarint(kScoreTag, out);
      PutVarint(score, out);
    }
  }
  if (!next_page_token.empty()) {
    PutLengthDelimited(v1::SearchOffersResponse::kNextPageTokenFieldNumber, next_page_token, out);
  }
  return out;
}

}  // namespace parcours::catalogue
