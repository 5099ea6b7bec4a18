#include "libs/client/call.h"

#include <random>

namespace parcours::client {

void PrepareContext(grpc::ClientContext& ctx, absl::Time deadline, const CallIdentity& identity) {
  ctx.set_deadline(absl::ToChronoTime(deadline));
  if (!identity.bearer_token.empty()) {
    ctx.AddMetadata("authorization", "Bearer " + identity.bearer_token);
  }
  if (!identity.purpose.empty()) ctx.AddMetadata("x-parcours-purpose", identity.purpose);
}

absl::Duration Backoff(const CallPolicy& policy, int attempt) {
  absl::Duration d = policy.initial_backoff;
  for (int i = 2; i < attempt && d < policy.max_backoff; ++i) d *= 2;
  if (d > policy.max_backoff) d = policy.max_backoff;
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.5, 1.0);  // spread synchronized retries
  return d * jitter(rng);
}

}  // namespace parcours::client
