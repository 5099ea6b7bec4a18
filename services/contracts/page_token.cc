#include "services/contracts/page_token.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "libs/errors/field_violations.h"

namespace parcours::contracts {

std::string EncodePageToken(const std::string& key) {
  return key.empty() ? "" : absl::WebSafeBase64Escape(key);
}

absl::StatusOr<std::string> DecodePageToken(const std::string& token) {
  if (token.empty()) return std::string();
  std::string key;
  if (!absl::WebSafeBase64Unescape(token, &key) || key.empty()) {
    return errors::InvalidField("page_token", "not a token this service issued");
  }
  return key;
}

absl::StatusOr<int> PageSize(int requested) {
  if (requested < 0) return errors::InvalidField("page_size", "must not be negative");
  if (requested == 0) return 50;
  return std::min(requested, 500);
}

}  // namespace parcours::contracts
