#include "services/catalogue/domain/page_token.h"

#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "libs/errors/field_violations.h"

namespace parcours::catalogue {

uint64_t Fingerprint(const google::protobuf::Message& query) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    query.SerializeToCodedStream(&coded);
  }
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string EncodePageToken(uint64_t fingerprint, const PagePosition& position) {
  return absl::WebSafeBase64Escape(
      absl::StrCat("p1|", absl::Hex(fingerprint), "|", position.score, "|", position.last_id));
}

absl::StatusOr<PagePosition> DecodePageToken(std::string_view token, uint64_t fingerprint) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(absl::string_view(token.data(), token.size()), &raw)) {
    return errors::InvalidField("page_token", "malformed page token");
  }
  std::vector<std::string> parts = absl::StrSplit(raw, absl::MaxSplits('|', 3));
  uint64_t fp = 0;
  PagePosition pos;
  if (parts.size() != 4 || parts[0] != "p1" || !absl::SimpleHexAtoi(parts[1], &fp) ||
      !absl::SimpleAtoi(parts[2], &pos.score) || parts[3].empty()) {
    return errors::InvalidField("page_token", "malformed page token");
  }
  if (fp != fingerprint) {
    return errors::InvalidField("page_token",
                                "the token belongs to another query: repeat the same filters");
  }
  pos.last_id = std::move(parts[3]);
  return pos;
}

}  // namespace parcours::catalogue
