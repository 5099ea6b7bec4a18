// Cursor pagination helpers (docs/SERVICES.md "Pagination"): page_size defaults to 50 and
// is clamped to 500; page tokens are opaque (web-safe base64 of the last sort key).
// Candidate for libs/ (every service paginates the same way).
//
//   ASSIGN_OR_RETURN(PageRequest page, ReadPage(req.page_size(), req.page_token()));
//   resp->set_next_page_token(EncodePageToken(result.next));
#ifndef PARCOURS_SERVICES_ORIENTATION_PAGE_TOKEN_H_
#define PARCOURS_SERVICES_ORIENTATION_PAGE_TOKEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/orientation/store/orientation_store.h"

namespace parcours::orientation {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

std::string EncodePageToken(const std::string& key);  // "" for ""

// INVALID_ARGUMENT naming page_size (negative) or page_token (not one of ours).
absl::StatusOr<PageRequest> ReadPage(int page_size, const std::string& page_token);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_PAGE_TOKEN_H_
