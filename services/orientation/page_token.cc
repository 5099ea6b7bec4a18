#include "services/orientation/page_token.h"

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "libs/errors/field_violations.h"

namespace parcours::orientation {
namespace {
// A prefix inside the encoding, so a token from another list or a forged one is refused.
constexpr char kMagic[] = "p1:";
}  // namespace

std::string EncodePageToken(const std::string& key) {
  if (key.empty()) return "";
  return absl::WebSafeBase64Escape(std::string(kMagic) + key);
}

absl::StatusOr<PageRequest> ReadPage(int page_size, const std::string& page_token) {
  errors::FieldViolations v;
  PageRequest page;
  if (page_size < 0) v.Add("page_size", "must be >= 0");
  page.page_size = page_size == 0 ? kDefaultPageSize : std::min(page_size, kMaxPageSize);
  if (!page_token.empty()) {
    std::string raw;
    if (!absl::WebSafeBase64Unescape(page_token, &raw) || !absl::StartsWith(raw, kMagic) ||
        raw.size() == sizeof(kMagic) - 1) {
      v.Add("page_token", "not a token this list returned");
    } else {
      page.after = raw.substr(sizeof(kMagic) - 1);
    }
  }
  if (!v.empty()) return v.ToStatus();
  return page;
}

}  // namespace parcours::orientation
