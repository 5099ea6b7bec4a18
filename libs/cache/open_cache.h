// Chooses the cache once, at start-up: RedisCache when REDIS_URL is set, NullCache (cache
// off) when it is empty. Services hold a Cache& and never test which one they got.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<Cache> cache,
//                    OpenCache({.name = "catalogue", .url = config.redis_url}, registry));
#ifndef PARCOURS_LIBS_CACHE_OPEN_CACHE_H_
#define PARCOURS_LIBS_CACHE_OPEN_CACHE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "libs/cache/cache.h"
#include "libs/cache/redis_cache_options.h"
#include "libs/common/clock.h"

namespace prometheus {
class Registry;
}

namespace parcours::cache {

// INVALID_ARGUMENT (naming REDIS_URL) when the URL is set but malformed: a typo must stop
// the start, not silently turn the cache off.
absl::StatusOr<std::unique_ptr<Cache>> OpenCache(RedisCacheOptions options,
                                                 prometheus::Registry& registry,
                                                 const Clock& clock = Clock::Real());

}  // namespace parcours::cache

#endif  // PARCOURS_LIBS_CACHE_OPEN_CACHE_H_
