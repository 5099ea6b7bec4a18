// How a cache entry is laid out in Redis, and the Lua script that writes it only when it
// is not older than what is stored. Internal to RedisCache; exposed for its unit test.
//
//   "00000000000000000042" 'V' <serialized proto>   a value read from row version 42
//   "00000000000000000043" 'T'                      a tombstone: version 43 was committed
//
// The version is 20 zero-padded decimal digits so that the script compares versions as
// strings, exactly, for every int64 >= 0: Lua 5.1 numbers are doubles and would round
// versions above 2^53. A value and its version live in one string so that one MGET reads
// many entries in one round trip.
//
//   std::string raw = EncodeValue(42, offer.SerializeAsString());
//   std::optional<DecodedEntry> e = DecodeEntry(raw);  // e->kind == kValue, e->version == 42
#ifndef PARCOURS_LIBS_CACHE_VERSIONED_ENTRY_H_
#define PARCOURS_LIBS_CACHE_VERSIONED_ENTRY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parcours::cache::internal {

inline constexpr size_t kVersionDigits = 20;

// Both require version >= 0.
std::string EncodeValue(int64_t version, std::string_view payload);
std::string EncodeTombstone(int64_t version);

struct DecodedEntry {
  enum class Kind { kValue, kTombstone };
  Kind kind;
  int64_t version;
  std::string_view payload;  // points into the decoded string; empty for a tombstone
};

// nullopt when `raw` is not an entry in this format.
std::optional<DecodedEntry> DecodeEntry(std::string_view raw);

// KEYS[1] = key, ARGV[1] = encoded entry, ARGV[2] = TTL in milliseconds. Writes the entry
// unless the stored one carries a strictly higher version; returns 1 if written, 0 if
// refused. An equal version is overwritten: same version, same row, so writing a value
// over the tombstone of its own version is the normal refill after an invalidation. A
// stored string that is not in this format (it cannot be, in our key space) is replaced.
extern const char kConditionalSetScript[];

}  // namespace parcours::cache::internal

#endif  // PARCOURS_LIBS_CACHE_VERSIONED_ENTRY_H_
