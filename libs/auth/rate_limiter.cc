#include "libs/auth/rate_limiter.h"

#include <algorithm>
#include <functional>

namespace parcours::auth {
namespace {

// Buckets of callers idle long enough to be full again carry no information: dropping
// them bounds memory whatever the number of distinct callers.
constexpr size_t kPruneAbove = 4096;

}  // namespace

RateLimiter::RateLimiter(RateLimit limit, const Clock& clock) : limit_(limit), clock_(clock) {
  if (limit_.burst <= 0) limit_.burst = std::max(1.0, limit_.per_second);
}

bool RateLimiter::Allow(const std::string& caller) {
  if (!enabled()) return true;
  const absl::Time now = clock_.Now();
  Shard& shard = shards_[std::hash<std::string>()(caller) % shards_.size()];
  std::lock_guard<std::mutex> lock(shard.mu);
  if (shard.buckets.size() > kPruneAbove) {
    const absl::Duration full_after = absl::Seconds(limit_.burst / limit_.per_second);
    std::erase_if(shard.buckets,
                  [&](const auto& kv) { return now - kv.second.refilled >= full_after; });
  }
  auto [it, inserted] = shard.buckets.try_emplace(caller, Bucket{limit_.burst, now});
  Bucket& b = it->second;
  if (!inserted) {
    const double elapsed = absl::ToDoubleSeconds(now - b.refilled);
    b.tokens = std::min(limit_.burst, b.tokens + elapsed * limit_.per_second);
    b.refilled = now;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

}  // namespace parcours::auth
