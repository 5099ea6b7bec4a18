// Per-caller rate limits, so that one caller (a runaway script, a looping client) cannot
// starve the others: a token bucket per authenticated subject. Over the limit a call is
// refused with RESOURCE_EXHAUSTED before the handler does any work. Limits are
// configuration (RATE_LIMIT_RPS, RATE_LIMIT_BURST; 0 disables).
//
//   RateLimiter limiter({.per_second = 100, .burst = 200});
//   if (!limiter.Allow("alice")) return absl::ResourceExhaustedError("rate limit");
#ifndef PARCOURS_LIBS_AUTH_RATE_LIMITER_H_
#define PARCOURS_LIBS_AUTH_RATE_LIMITER_H_

#include <array>
#include <mutex>
#include <string>
#include <unordered_map>

#include "absl/time/time.h"
#include "libs/common/clock.h"

namespace parcours::auth {

struct RateLimit {
  double per_second = 0;  // sustained calls per second per caller; 0 = unlimited
  double burst = 0;       // bucket size (calls allowed at once); defaults to per_second
};

class RateLimiter {
 public:
  explicit RateLimiter(RateLimit limit, const Clock& clock = Clock::Real());

  // Takes one token from `caller`'s bucket; false when it is empty. Thread-safe.
  bool Allow(const std::string& caller);

  bool enabled() const { return limit_.per_second > 0; }

 private:
  struct Bucket {
    double tokens;
    absl::Time refilled;
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };

  RateLimit limit_;
  const Clock& clock_;
  std::array<Shard, 16> shards_;
};

}  // namespace parcours::auth

#endif  // PARCOURS_LIBS_AUTH_RATE_LIMITER_H_
