// Remembers the tokens a verifier accepted, so that a caller's next calls skip the work
// of proving the token again: a SHA-256 digest and a map look-up for a static service
// token, a signature check and claims parsing for a JWT. That work was the largest part of
// authorizing a call (7.7k of ~9.6k instructions per GetOffer, docs/PROFILES.md), for an
// answer that does not change while the token is valid.
//
//   auto verifier = std::make_shared<CachingTokenVerifier>(std::move(chain));
//   verifier->Verify(token);   // the first time: chain->Verify; then from memory
//
// What is remembered, and for how long:
//  - only acceptances; a refused token is checked again at every call, so an attacker's
//    guesses get no cheaper and a token that becomes valid (nbf) is not refused from memory;
//  - an entry serves until the earlier of `max_age` after it was verified and the token's
//    own expiry (Principal::expires: a JWT's exp plus the allowed clock skew), so a cached
//    JWT is never accepted after the verifier itself would refuse it;
//  - at most `max_entries` tokens; a full shard drops its expired entries, else all of
//    them (callers then pay one verification each, nothing is refused).
// Keys are the tokens themselves, in process memory only, in a hash map whose hash is
// seeded per process (absl::Hash): comparing bytes happens only after the full hashes
// matched, so look-up timing tells nothing about a valid token's prefix.
#ifndef PARCOURS_LIBS_AUTH_VERIFIED_TOKENS_H_
#define PARCOURS_LIBS_AUTH_VERIFIED_TOKENS_H_

#include <array>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/clock.h"

namespace parcours::auth {

struct TokenCacheOptions {
  size_t max_entries = 4096;
  absl::Duration max_age = absl::Minutes(1);
};

class CachingTokenVerifier final : public TokenVerifier {
 public:
  explicit CachingTokenVerifier(std::shared_ptr<const TokenVerifier> inner,
                                TokenCacheOptions options = {},
                                const Clock& clock = Clock::Real());

  absl::StatusOr<Principal> Verify(const std::string& token) const override;

  // Tokens remembered now (expired ones not yet dropped included).
  size_t size() const;

 private:
  struct Entry {
    Principal principal;
    absl::Time valid_until;
  };
  struct Shard {
    mutable std::mutex mu;
    absl::flat_hash_map<std::string, Entry> entries;
  };
  static constexpr size_t kShards = 8;
  Shard& ShardOf(const std::string& token) const;
  void Remember(Shard& shard, const std::string& token, Entry entry) const;

  const std::shared_ptr<const TokenVerifier> inner_;
  const TokenCacheOptions options_;
  const size_t max_per_shard_;
  const Clock& clock_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace parcours::auth

#endif  // PARCOURS_LIBS_AUTH_VERIFIED_TOKENS_H_
