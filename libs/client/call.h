// Every outgoing call goes through Invoke(): a deadline on every call, the caller's
// identity attached, and retries with exponential backoff only where a retry cannot do
// harm (idempotent methods: reads, and creates carrying a request_id).
//
//   CallPolicy policy{.deadline = absl::Seconds(2), .idempotent = true};
//   GetBeneficiaryResponse resp;
//   absl::Status s = Invoke(policy, identity, [&](grpc::ClientContext& ctx) {
//     return stub->GetBeneficiary(&ctx, req, &resp);
//   });
//
// The result is an absl::Status (codes and field violations kept, see libs/errors): a
// peer that is down gives UNAVAILABLE, one that is too slow DEADLINE_EXCEEDED, within the
// deadline — never a hang.
#ifndef PARCOURS_LIBS_CLIENT_CALL_H_
#define PARCOURS_LIBS_CLIENT_CALL_H_

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "libs/errors/grpc_status.h"

namespace parcours::client {

struct CallPolicy {
  absl::Duration deadline = absl::Seconds(2);  // for the whole call, retries included
  bool idempotent = false;                     // retry UNAVAILABLE only when true
  int max_attempts = 3;
  absl::Duration initial_backoff = absl::Milliseconds(50);
  absl::Duration max_backoff = absl::Milliseconds(800);
};

// Who the call is made for: a bearer token and the purpose recorded by the audit log.
struct CallIdentity {
  std::string bearer_token;
  std::string purpose;
};

// Sets deadline and metadata on a fresh context.
void PrepareContext(grpc::ClientContext& ctx, absl::Time deadline, const CallIdentity& identity);

// How long to wait before attempt `attempt` (2, 3, …): exponential with jitter, capped.
absl::Duration Backoff(const CallPolicy& policy, int attempt);

template <typename Fn>
absl::Status Invoke(const CallPolicy& policy, const CallIdentity& identity, Fn&& fn) {
  const absl::Time deadline = absl::Now() + policy.deadline;
  absl::Status last;
  for (int attempt = 1; attempt <= policy.max_attempts; ++attempt) {
    grpc::ClientContext ctx;
    PrepareContext(ctx, deadline, identity);
    last = errors::FromGrpcStatus(fn(ctx));
    if (last.ok() || !policy.idempotent || last.code() != absl::StatusCode::kUnavailable) {
      return last;
    }
    absl::Duration wait = Backoff(policy, attempt + 1);
    if (absl::Now() + wait >= deadline) break;
    absl::SleepFor(wait);
  }
  return last;
}

}  // namespace parcours::client

#endif  // PARCOURS_LIBS_CLIENT_CALL_H_
