// The cache seen by services: string keys, string values (serialized protobufs), each
// value stored with the version of the row it was read from. Redis is an accelerator,
// never a source of truth, so no method here returns an error: a miss, a bypassed cache
// and an unreachable Redis all mean "read the database" (metrics tell them apart).
//
// Services do not call this directly in every method; they wrap their store with
// CachedLoader (cached_loader.h). The implementation is chosen once at start-up
// (open_cache.h): RedisCache when REDIS_URL is set, NullCache otherwise.
//
//   KeySpace offers("catalogue", "offer", /*schema_version=*/1);
//   std::optional<std::string> bytes = cache.Get(offers.Key(id));   // nullopt: go to the DB
//   cache.Put(offers.Key(id), offer.SerializeAsString(), row_version, absl::Minutes(5));
//   // after the write transaction committed version 8:
//   cache.Invalidate(offers.Key(id), 8);
#ifndef PARCOURS_LIBS_CACHE_CACHE_H_
#define PARCOURS_LIBS_CACHE_CACHE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/time.h"
#include "absl/types/span.h"

namespace parcours::cache {

// What became of a Put or an Invalidate. Informational: callers may ignore it.
enum class WriteResult {
  kStored,    // written
  kStale,     // refused: the cache already holds a newer version (or a newer invalidation)
  kError,     // Redis answered with an error, timed out or could not be reached
  kBypassed,  // not attempted: cache off, breaker open, or every connection busy
};

const char* WriteResultName(WriteResult result);

struct CacheEntry {
  std::string key;
  std::string value;
  int64_t version = 0;  // the row version the value was read at; >= 0
  absl::Duration ttl;
};

// Thread-safe in every implementation.
class Cache {
 public:
  virtual ~Cache() = default;

  // The value stored under `key`, or nullopt (miss, invalidated, or cache unavailable).
  virtual std::optional<std::string> Get(std::string_view key) = 0;

  // One result per key, in the order of `keys`, in one round trip.
  virtual std::vector<std::optional<std::string>> MultiGet(absl::Span<const std::string> keys) = 0;

  // Stores `value` read at `version`, unless the cache holds a higher version or a
  // tombstone of a higher version (see Invalidate). An equal version is overwritten.
  virtual WriteResult Put(std::string_view key, std::string_view value, int64_t version,
                          absl::Duration ttl) = 0;

  // Put for several entries, pipelined; one result per entry, in order.
  virtual std::vector<WriteResult> PutMany(absl::Span<const CacheEntry> entries) = 0;

  // Call after the transaction that committed `new_version` of the entity behind `key`.
  // Replaces the entry with a short-lived tombstone carrying `new_version`. Reads see a
  // tombstone as a miss, and a Put of any lower version is refused while it lives. This
  // closes the cache-aside race:
  //
  //   reader: miss ─ SELECT (reads v1) ───────────────────────────── Put(v1) → refused
  //   writer:             UPDATE → v2, COMMIT ─ Invalidate(v2) → tombstone v2
  //
  // Without the tombstone (a plain DEL), the reader's late Put(v1) would put back the old
  // row and every reader would see v1 until the TTL ran out. The tombstone lives for the
  // implementation's tombstone TTL, which must exceed the longest load-to-put delay
  // (request deadlines bound it). A Put at `new_version` is accepted (the refill).
  // After a delete, pass a version above the last one written (e.g. the deleted row's
  // version + 1), so that a reader that loaded the row just before cannot put it back.
  virtual WriteResult Invalidate(std::string_view key, int64_t new_version) = 0;
};

// The cache when it is off (no REDIS_URL): every read misses, nothing is stored.
class NullCache final : public Cache {
 public:
  std::optional<std::string> Get(std::string_view key) override { return std::nullopt; }
  std::vector<std::optional<std::string>> MultiGet(absl::Span<const std::string> keys) override {
    return std::vector<std::optional<std::string>>(keys.size());
  }
  WriteResult Put(std::string_view key, std::string_view value, int64_t version,
                  absl::Duration ttl) override {
    return WriteResult::kBypassed;
  }
  std::vector<WriteResult> PutMany(absl::Span<const CacheEntry> entries) override {
    return std::vector<WriteResult>(entries.size(), WriteResult::kBypassed);
  }
  WriteResult Invalidate(std::string_view key, int64_t new_version) override {
    return WriteResult::kBypassed;
  }
};

// Names the keys of one kind of entity, with the version of its stored format, so that a
// deployment that changes what it stores never reads entries written by the previous one
// (both run side by side during a rolling update):
//   KeySpace("catalogue", "offer", 1).Key("off_01HV") == "parcours:catalogue:v1:offer:off_01HV"
// Bump `schema_version` when the cached bytes change meaning (a new proto message, a field
// whose meaning changed), not for compatible proto additions.
class KeySpace {
 public:
  KeySpace(std::string_view service, std::string_view entity, int schema_version);
  std::string Key(std::string_view id) const;
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;  // "parcours:<service>:v<n>:<entity>:"
};

}  // namespace parcours::cache

#endif  // PARCOURS_LIBS_CACHE_CACHE_H_
