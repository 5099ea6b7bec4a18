// Channels to other Parcours services: plaintext or TLS (mutual when a client certificate
// is configured), with the client RPC metrics interceptor, and optionally this service's
// identity on every call.
//
//   ASSIGN_OR_RETURN(auto channel, MakeChannel({.target = "orientation:50051",
//                                                .metrics = &host.metrics()}));
//   auto stub = orientation::v1::Orientation::NewStub(channel);
//
// Calls made through Invoke() (libs/client/call.h) get the identity per call; a channel
// whose calls do not go through Invoke — events::FeedConsumer's streams — carries it
// itself:
//
//   MakeChannel({.target = "orientation:50051", .identity = {.bearer_token = token}});
#ifndef PARCOURS_LIBS_CLIENT_CHANNEL_H_
#define PARCOURS_LIBS_CLIENT_CHANNEL_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "libs/client/call.h"

namespace prometheus {
class Registry;
}

namespace parcours::client {

struct ChannelOptions {
  std::string target;         // "host:port"
  std::string tls_ca_file;    // PEM CA to verify the server; empty = plaintext
  std::string tls_cert_file;  // client certificate for mutual TLS (optional)
  std::string tls_key_file;
  std::string tls_server_name;              // override the name checked in the server certificate
  std::string load_balancing_policy;        // e.g. "round_robin" over a headless Service's pods
  prometheus::Registry* metrics = nullptr;  // client RPC metrics when set
  int max_receive_message_bytes = 16 << 20;
  // When set, attached to every call on the channel (authorization: Bearer …, and
  // x-parcours-purpose). Leave empty for channels used with Invoke(), which attaches it
  // per call: both would send the header twice.
  CallIdentity identity;
};

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ChannelOptions& options);

}  // namespace parcours::client

#endif  // PARCOURS_LIBS_CLIENT_CHANNEL_H_
