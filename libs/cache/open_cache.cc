#include "libs/cache/open_cache.h"

#include <utility>

#include "libs/cache/redis_cache.h"

namespace parcours::cache {

absl::StatusOr<std::unique_ptr<Cache>> OpenCache(RedisCacheOptions options,
                                                 prometheus::Registry& registry,
                                                 const Clock& clock) {
  if (options.url.empty()) return std::make_unique<NullCache>();
  absl::StatusOr<std::unique_ptr<RedisCache>> redis =
      RedisCache::Create(std::move(options), registry, clock);
  if (!redis.ok()) return redis.status();
  return std::unique_ptr<Cache>(*std::move(redis));
}

}  // namespace parcours::cache
