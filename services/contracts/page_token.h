// Opaque page tokens (web-safe base64 of the last sort key) and page sizes, per the API
// conventions: default 50, max 500 (larger is clamped), negative is INVALID_ARGUMENT.
//
//   ASSIGN_OR_RETURN(std::string after, DecodePageToken(req.page_token()));
//   resp.set_next_page_token(EncodePageToken(listing.next_after));
#ifndef PARCOURS_SERVICES_CONTRACTS_PAGE_TOKEN_H_
#define PARCOURS_SERVICES_CONTRACTS_PAGE_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"

namespace parcours::contracts {

std::string EncodePageToken(const std::string& key);  // "" → ""
absl::StatusOr<std::string> DecodePageToken(const std::string& token);
absl::StatusOr<int> PageSize(int requested);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_PAGE_TOKEN_H_
