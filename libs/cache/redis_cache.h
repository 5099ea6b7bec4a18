// The cache in Redis: cache-aside through a pool of synchronous hiredis connections, with
// millisecond timeouts, one round trip per multi-get (MGET) and per batch of puts
// (pipelined), exact invalidation with versioned entries and tombstones (see
// Cache::Invalidate), and a circuit breaker that bypasses Redis while it is down or slow,
// so that Redis never adds more than a few timeouts' worth of latency to requests.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<RedisCache> cache,
//                    RedisCache::Create({.name = "catalogue", .url = "redis://redis:6379/0"},
//                                       registry));
//
// Entries: see versioned_entry.h. Writes go through a Lua script (EVALSHA, falling back to
// EVAL when Redis answers NOSCRIPT, e.g. after a restart) that refuses to replace a higher
// version. Failed invalidations are kept and replayed (pending_invalidations.h).
//
// Create() does not connect: Redis may be down when the service starts, and the service
// must start anyway. Connections are made on first use and re-made after they break.
// Creating a RedisCache sets SIGPIPE to "ignore" if it still had its default action:
// hiredis writes with write(2), and a server must not die because Redis closed a socket.
//
// Limits (the first two bounded by the entry TTL):
//  - An invalidation that cannot reach Redis is replayed by this process, which meanwhile
//    neither reads that key from Redis nor puts an older version; other replicas may read
//    the old entry until the replay lands (or, if the replay set is full or the process
//    dies, until the entry expires).
//  - A Redis that loses its data (restart without persistence) loses its tombstones too:
//    a load that started before the restart and puts after it may store an old row.
//  - Timeouts bound each socket read and write (SO_RCVTIMEO / SO_SNDTIMEO), not a whole
//    command; replies here are small enough for that not to matter. Name resolution is
//    not bounded: use an IP address or a name the resolver answers from its cache.
//
// Thread-safe.
#ifndef PARCOURS_LIBS_CACHE_REDIS_CACHE_H_
#define PARCOURS_LIBS_CACHE_REDIS_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "libs/cache/cache.h"
#include "libs/cache/cache_metrics.h"
#include "libs/cache/circuit_breaker.h"
#include "libs/cache/connection_pool.h"
#include "libs/cache/pending_invalidations.h"
#include "libs/cache/redis_cache_options.h"
#include "libs/cache/redis_url.h"
#include "libs/common/clock.h"

namespace prometheus {
class Registry;
}

namespace parcours::cache {

class RedisCache final : public Cache {
 public:
  // INVALID_ARGUMENT for a malformed URL or an empty name. `registry` and `clock` (the
  // breaker's time) must outlive the cache.
  static absl::StatusOr<std::unique_ptr<RedisCache>> Create(RedisCacheOptions options,
                                                            prometheus::Registry& registry,
                                                            const Clock& clock = Clock::Real());
  ~RedisCache() override;

  std::optional<std::string> Get(std::string_view key) override;
  std::vector<std::optional<std::string>> MultiGet(absl::Span<const std::string> keys) override;
  WriteResult Put(std::string_view key, std::string_view value, int64_t version,
                  absl::Duration ttl) override;
  std::vector<WriteResult> PutMany(absl::Span<const CacheEntry> entries) override;
  WriteResult Invalidate(std::string_view key, int64_t new_version) override;

  BreakerState breaker_state() const { return breaker_.state(); }
  size_t pending_invalidations() const { return pending_.size(); }

 private:
  struct ScriptWrite;
  enum class Contact { kDone, kBypassed, kFailed };

  RedisCache(RedisCacheOptions options, RedisEndpoint endpoint, prometheus::Registry& registry,
             const Clock& clock);

  std::vector<std::optional<std::string>> Lookup(CacheOp op, absl::Span<const std::string> keys);
  std::vector<WriteResult> Write(CacheOp op, absl::Span<const ScriptWrite> writes);
  // Runs `commands` in one round trip on a pooled connection, under the breaker, after
  // replaying a batch of pending invalidations in the same pipeline (so that the commands
  // already see them). On kDone, `replies` holds one reply per command.
  Contact Exchange(std::vector<internal::RedisCommand> commands,
                   std::vector<internal::RedisReply>* replies);
  internal::RedisCommand ScriptCommand(std::string key, std::string entry, absl::Duration ttl,
                                       bool by_sha) const;
  void KeepPending(std::string_view key, int64_t version);

  const RedisCacheOptions options_;
  const RedisEndpoint endpoint_;
  const std::string script_sha_;
  CacheMetrics metrics_;
  internal::ConnectionPool pool_;
  internal::PendingInvalidations pending_;
  CircuitBreaker breaker_;  // last: its transitions touch metrics_ and pool_
};

}  // namespace parcours::cache

#endif  // PARCOURS_LIBS_CACHE_REDIS_CACHE_H_
