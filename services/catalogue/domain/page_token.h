// Opaque page tokens: the position after which the next page starts, plus a fingerprint of
// the query, so a token is only accepted with the query that produced it (AIP-158). Tokens
// are base64url text; they carry ids and scores, never personal data. A token stays valid
// across replicas and restarts (the fingerprint is a fixed hash, not a per-process one).
//
//   std::string t = EncodePageToken(Fingerprint(request_without_paging), {score, last_id});
//   ASSIGN_OR_RETURN(PagePosition pos, DecodePageToken(t, Fingerprint(request_without_paging)));
#ifndef PARCOURS_SERVICES_CATALOGUE_DOMAIN_PAGE_TOKEN_H_
#define PARCOURS_SERVICES_CATALOGUE_DOMAIN_PAGE_TOKEN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"

namespace parcours::catalogue {

struct PagePosition {
  int64_t score = 0;    // 0 where the order is by id alone
  std::string last_id;  // the last item returned
};

// FNV-1a 64 of the deterministic serialization of `query` (clear the paging fields first).
uint64_t Fingerprint(const google::protobuf::Message& query);

std::string EncodePageToken(uint64_t fingerprint, const PagePosition& position);

// INVALID_ARGUMENT (field "page_token") when the token is malformed or was made for
// another query.
absl::StatusOr<PagePosition> DecodePageToken(std::string_view token, uint64_t fingerprint);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_DOMAIN_PAGE_TOKEN_H_
