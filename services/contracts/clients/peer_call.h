// How contracts calls its peers: one deadline for a whole lookup (PEER_DEADLINE, default
// 2 s, retries of idempotent reads included), and this service's identity (SERVICE_TOKEN)
// with the purpose the peers' audit logs record.
//
//   PeerCallSettings settings{.deadline = absl::Seconds(2), .identity = ctx.identity};
//   GrpcCatalogue catalogue(channel, settings);
#ifndef PARCOURS_SERVICES_CONTRACTS_CLIENTS_PEER_CALL_H_
#define PARCOURS_SERVICES_CONTRACTS_CLIENTS_PEER_CALL_H_

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/client/call.h"

namespace parcours::contracts {

inline constexpr char kPeerPurpose[] = "contractualisation";

struct PeerCallSettings {
  absl::Duration deadline = absl::Seconds(2);
  client::CallIdentity identity;
};

// A peer's refusal of this service's own credentials (UNAUTHENTICATED, PERMISSION_DENIED)
// is not the caller's fault and cannot be fixed by the caller: it becomes UNAVAILABLE
// naming the peer and SERVICE_TOKEN (and is logged). Everything else passes unchanged.
absl::Status FromPeer(const char* peer, absl::Status status);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_CLIENTS_PEER_CALL_H_
