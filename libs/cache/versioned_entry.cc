#include "libs/cache/versioned_entry.h"

#include <cstdio>

namespace parcours::cache::internal {
namespace {

constexpr char kValueTag = 'V';
constexpr char kTombstoneTag = 'T';

std::string Encode(int64_t version, char tag, std::string_view payload) {
  char header[kVersionDigits + 2];
  std::snprintf(header, sizeof(header), "%020lld%c", static_cast<long long>(version), tag);
  std::string out;
  out.reserve(kVersionDigits + 1 + payload.size());
  out.append(header, kVersionDigits + 1);
  out.append(payload);
  return out;
}

}  // namespace

const char kConditionalSetScript[] = R"lua(
local cur = redis.call('GET', KEYS[1])
if cur and string.len(cur) > 20 then
  local stored = string.sub(cur, 1, 20)
  if string.find(stored, '^%d+$') and stored > string.sub(ARGV[1], 1, 20) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
)lua";

std::string EncodeValue(int64_t version, std::string_view payload) {
  return Encode(version, kValueTag, payload);
}

std::string EncodeTombstone(int64_t version) { return Encode(version, kTombstoneTag, {}); }

std::optional<DecodedEntry> DecodeEntry(std::string_view raw) {
  if (raw.size() < kVersionDigits + 1) return std::nullopt;
  int64_t version = 0;
  for (size_t i = 0; i < kVersionDigits; ++i) {
    const char c = raw[i];
    if (c < '0' || c > '9') return std::nullopt;
    const int digit = c - '0';
    if (version > (INT64_MAX - digit) / 10) return std::nullopt;
    version = version * 10 + digit;
  }
  const char tag = raw[kVersionDigits];
  if (tag == kValueTag) {
    return DecodedEntry{DecodedEntry::Kind::kValue, version, raw.substr(kVersionDigits + 1)};
  }
  if (tag == kTombstoneTag && raw.size() == kVersionDigits + 1) {
    return DecodedEntry{DecodedEntry::Kind::kTombstone, version, {}};
  }
  return std::nullopt;
}

}  // namespace parcours::cache::internal
