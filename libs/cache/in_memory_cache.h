// A Cache in process memory with the same rules as RedisCache (versions, tombstones, TTLs),
// for unit tests of code that uses a cache, such as a service's cached store.
//
//   FakeClock clock(absl::UnixEpoch());
//   InMemoryCache cache(clock, absl::Seconds(30));
//   cache.Put("k", "v1", 1, absl::Minutes(1));
//   cache.Invalidate("k", 2);
//   cache.Put("k", "v1", 1, absl::Minutes(1));  // kStale: the tombstone of v2 refuses it
//
// Thread-safe. Also the replica-local first level of the catalogue's offer cache, kept exact
// by versioned invalidations from its commits and its feed (cached_catalogue_store.h); alone
// it is no shared cache: one process's memory is not shared by replicas.
#ifndef PARCOURS_LIBS_CACHE_IN_MEMORY_CACHE_H_
#define PARCOURS_LIBS_CACHE_IN_MEMORY_CACHE_H_

#include <cstddef>
#include <mutex>

#include "absl/container/flat_hash_map.h"
#include "libs/cache/cache.h"
#include "libs/common/clock.h"

namespace parcours::cache {

class InMemoryCache final : public Cache {
 public:
  InMemoryCache(const Clock& clock, absl::Duration tombstone_ttl);

  std::optional<std::string> Get(std::string_view key) override;
  std::vector<std::optional<std::string>> MultiGet(absl::Span<const std::string> keys) override;
  WriteResult Put(std::string_view key, std::string_view value, int64_t version,
                  absl::Duration ttl) override;
  std::vector<WriteResult> PutMany(absl::Span<const CacheEntry> entries) override;
  WriteResult Invalidate(std::string_view key, int64_t new_version) override;

  // Live entries, tombstones included.
  size_t size() const;
  // Calls to Get and MultiGet (a MultiGet counts once), to check batching.
  size_t lookups() const;

 private:
  struct Entry {
    bool tombstone;
    int64_t version;
    std::string value;
    absl::Time expires;
  };
  WriteResult WriteLocked(std::string_view key, Entry entry);
  std::optional<std::string> GetLocked(std::string_view key);

  const Clock& clock_;
  const absl::Duration tombstone_ttl_;
  mutable std::mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_;
  size_t lookups_ = 0;
};

}  // namespace parcours::cache

#endif  // PARCOURS_LIBS_CACHE_IN_MEMORY_CACHE_H_
