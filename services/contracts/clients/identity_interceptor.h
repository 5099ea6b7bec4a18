// A client interceptor that attaches this service's identity (bearer token and purpose)
// to every call on a channel. libs/client's Invoke() does it for unary calls it makes;
// libs/events' FeedConsumer makes its own streaming calls and carries no identity, while
// orientation's StreamEvents requires "service:contracts". A general helper that belongs
// in libs/client (see the report).
//
//   auto channel = MakeChannelWithIdentity("127.0.0.1:50052", identity);
#ifndef PARCOURS_SERVICES_CONTRACTS_CLIENTS_IDENTITY_INTERCEPTOR_H_
#define PARCOURS_SERVICES_CONTRACTS_CLIENTS_IDENTITY_INTERCEPTOR_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "libs/client/call.h"

namespace parcours::contracts {

// A plaintext channel to `target` whose calls all carry `identity`.
std::shared_ptr<grpc::Channel> MakeChannelWithIdentity(const std::string& target,
                                                       const client::CallIdentity& identity);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_CLIENTS_IDENTITY_INTERCEPTOR_H_
