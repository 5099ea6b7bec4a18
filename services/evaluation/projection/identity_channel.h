// A channel to a peer's event feed that attaches this service's bearer token to every
// call. FeedConsumer makes its own calls (no client::Invoke), and the peers authorise
// StreamEvents for "service:evaluation" only, so the token must ride on the channel.
// Reads the same settings as ServiceContext::PeerChannel (<PEER>_ADDR, PEER_TLS_*).
//
//   ASSIGN_OR_RETURN(auto channel, IdentityChannel(options, ctx.identity));
//
// Belongs in libs/client (ChannelOptions taking a CallIdentity); kept here to leave
// libs/ untouched.
#ifndef PARCOURS_SERVICES_EVALUATION_PROJECTION_IDENTITY_CHANNEL_H_
#define PARCOURS_SERVICES_EVALUATION_PROJECTION_IDENTITY_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "libs/client/call.h"
#include "libs/client/channel.h"

namespace parcours::evaluation {

absl::StatusOr<std::shared_ptr<grpc::Channel>> IdentityChannel(
    const client::ChannelOptions& options, const client::CallIdentity& identity);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_PROJECTION_IDENTITY_CHANNEL_H_
