#include "libs/auth/verified_tokens.h"

#include <algorithm>

#include "absl/hash/hash.h"

namespace parcours::auth {

CachingTokenVerifier::CachingTokenVerifier(std::shared_ptr<const TokenVerifier> inner,
                                           TokenCacheOptions options, const Clock& clock)
    : inner_(std::move(inner)),
      options_(options),
      max_per_shard_(std::max<size_t>(1, options.max_entries / kShards)),
      clock_(clock) {}

CachingTokenVerifier::Shard& CachingTokenVerifier::ShardOf(const std::string& token) const {
  // Not the map's own hash of the key (the shard would then correlate with its buckets).
  return shards_[absl::HashOf(token, 0x5eed) % kShards];
}

absl::StatusOr<Principal> CachingTokenVerifier::Verify(const std::string& token) const {
  Shard& shard = ShardOf(token);
  const absl::Time now = clock_.Now();
  {
    std::lock_guard<std::mutex> lock(shard.mu);
    auto it = shard.entries.find(token);
    if (it != shard.entries.end()) {
      if (now < it->second.valid_until) return it->second.principal;
      shard.entries.erase(it);
    }
  }
  absl::StatusOr<Principal> verified = inner_->Verify(token);
  if (verified.ok()) {
    const absl::Time until = std::min(now + options_.max_age, verified->expires);
    if (now < until) Remember(shard, token, Entry{*verified, until});
  }
  return verified;
}

void CachingTokenVerifier::Remember(Shard& shard, const std::string& token, Entry entry) const {
  std::lock_guard<std::mutex> lock(shard.mu);
  if (shard.entries.size() >= max_per_shard_ && !shard.entries.contains(token)) {
    const absl::Time now = clock_.Now();
    absl::erase_if(shard.entries, [&](const auto& e) { return e.second.valid_until <= now; });
    if (shard.entries.size() >= max_per_shard_) shard.entries.clear();
  }
  shard.entries.insert_or_assign(token, std::move(entry));
}

size_t CachingTokenVerifier::size() const {
  size_t n = 0;
  for (const Shard& s : shards_) {
    std::lock_guard<std::mutex> lock(s.mu);
    n += s.entries.size();
  }
  return n;
}

}  // namespace parcours::auth
