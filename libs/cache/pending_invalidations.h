// Invalidations that could not reach Redis (breaker open, timeout, error), kept until
// they can be replayed. Without them, an entry cached before an outage that Redis survived
// (a slow or partitioned Redis, not a restarted one) would be served stale after the
// breaker closes, until its TTL ran out.
//
// While a key is pending, this process neither reads it from Redis nor puts a version
// older than the pending one, so this process never serves what it invalidated. Other
// replicas do not know about it until the replay lands: for them the entry's TTL bounds
// the staleness, as it does for invalidations dropped when this set is full or lost in a
// crash.
//
//   pending.Add(key, 8);                    // Invalidate(key, 8) failed
//   pending.Find(key);                      // 8: read the database, refuse Put(key, <8)
//   auto batch = pending.Take(256);         // replay them…
//   pending.Forget(batch);                  // …and forget those that landed
//
// Thread-safe.
#ifndef PARCOURS_LIBS_CACHE_PENDING_INVALIDATIONS_H_
#define PARCOURS_LIBS_CACHE_PENDING_INVALIDATIONS_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/types/span.h"

namespace parcours::cache::internal {

class PendingInvalidations {
 public:
  using Entry = std::pair<std::string, int64_t>;  // key, version

  explicit PendingInvalidations(size_t capacity);

  // Records that `key` must be invalidated at `version` (keeping the highest version per
  // key). False when the set is full and the key is not in it already: dropped.
  bool Add(std::string_view key, int64_t version);

  // The highest pending version for `key`.
  std::optional<int64_t> Find(std::string_view key) const;

  // Lock-free, for the hot path.
  bool empty() const { return size_.load(std::memory_order_acquire) == 0; }
  size_t size() const { return size_.load(std::memory_order_acquire); }

  // Copies up to `max` pending entries to replay; they stay pending until forgotten.
  std::vector<Entry> Take(size_t max) const;

  // Forgets replayed entries, unless a higher version was added for a key meanwhile.
  void Forget(absl::Span<const Entry> replayed);
  void Forget(std::string_view key, int64_t version);

 private:
  const size_t capacity_;
  mutable std::mutex mu_;
  absl::flat_hash_map<std::string, int64_t> versions_;
  std::atomic<size_t> size_{0};
};

}  // namespace parcours::cache::internal

#endif  // PARCOURS_LIBS_CACHE_PENDING_INVALIDATIONS_H_
