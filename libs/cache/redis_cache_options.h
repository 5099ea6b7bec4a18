// The configuration of a RedisCache, apart from the cache itself so that a service's
// start-up code can fill it (and call OpenCache) without pulling in hiredis or the pool.
//
//   RedisCacheOptions options{.name = "catalogue", .url = config.redis_url,
//                             .password = config.redis_password};
#ifndef PARCOURS_LIBS_CACHE_REDIS_CACHE_OPTIONS_H_
#define PARCOURS_LIBS_CACHE_REDIS_CACHE_OPTIONS_H_

#include <cstddef>
#include <string>

#include "absl/time/time.h"
#include "libs/cache/circuit_breaker.h"

namespace parcours::cache {

struct RedisCacheOptions {
  std::string name;      // the `cache` metrics label, e.g. the service name
  std::string url;       // redis://[[user]:password@]host[:port][/db]; empty: cache off
  std::string password;  // when set, overrides the URL's (read from a secret file)
  absl::Duration connect_timeout = absl::Milliseconds(20);
  absl::Duration command_timeout = absl::Milliseconds(10);  // also the pool's wait
  size_t pool_size = 8;
  // How long a tombstone refuses older puts: longer than any load-to-put delay, which
  // request deadlines bound.
  absl::Duration tombstone_ttl = absl::Seconds(30);
  CircuitBreakerOptions breaker;
  size_t max_pending_invalidations = 10000;
  size_t replay_batch = 128;  // pending invalidations replayed per round trip
};

}  // namespace parcours::cache

#endif  // PARCOURS_LIBS_CACHE_REDIS_CACHE_OPTIONS_H_
