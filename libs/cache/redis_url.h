// Parses the REDIS_URL a service is configured with.
//
//   redis://host[:port][/db]
//   redis://:password@host[:port][/db]
//   redis://user:password@host[:port][/db]     (Redis 6+ ACL user)
//
//   ASSIGN_OR_RETURN(RedisEndpoint ep, ParseRedisUrl("redis://127.0.0.1:6379/2"));
//   // ep.host == "127.0.0.1", ep.port == 6379, ep.db == 2
//
// Only plain TCP: Debian's hiredis 0.14 has no TLS ("rediss://" is refused by name).
#ifndef PARCOURS_LIBS_CACHE_REDIS_URL_H_
#define PARCOURS_LIBS_CACHE_REDIS_URL_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace parcours::cache {

struct RedisEndpoint {
  std::string host;
  int port = 6379;
  int db = 0;
  std::string user;      // empty: the default user
  std::string password;  // empty: no AUTH
};

// INVALID_ARGUMENT, naming what is wrong, for anything else than the forms above.
absl::StatusOr<RedisEndpoint> ParseRedisUrl(std::string_view url);

}  // namespace parcours::cache

#endif  // PARCOURS_LIBS_CACHE_REDIS_URL_H_
