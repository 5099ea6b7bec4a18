// SearchOffers responses written as wire bytes from each hit's pre-serialized offer
// (IndexedOffer::offer_bytes), so that a search copies bytes instead of copying every
// v1::Offer into the response and serializing it again: those two were most of a search
// call's cost once the index itself was fast (docs/PROFILES.md, "catalogue SearchOffers").
//
//   std::string wire = EncodeSearchOffersResponse(page.hits, next_page_token);
//   // == the SerializeAsString() of the v1::SearchOffersResponse holding these hits
//
// The bytes are exactly what protobuf writes for the same message (fields in number order,
// proto3 zero values left out, a set submessage written even when empty), so a client
// cannot tell; encoded_hits_test compares the two byte for byte.
#ifndef PARCOURS_SERVICES_CATALOGUE_SEARCH_ENCODED_HITS_H_
#define PARCOURS_SERVICES_CATALOGUE_SEARCH_ENCODED_HITS_H_

#include <string>
#include <string_view>
#include <vector>

#include "services/catalogue/domain/search_index.h"

namespace parcours::catalogue {

// The serialized v1::SearchOffersResponse of `hits` (each SearchHit: the offer, its score)
// and `next_page_token` (empty: none).
std::string EncodeSearchOffersResponse(const std::vector<SearchHitRef>& hits,
                                       std::string_view next_page_token);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_SEARCH_ENCODED_HITS_H_
