// The channels to the four feeds, from RunService's context: addresses from
// <FEED>_ADDR (default 127.0.0.1:<port of Feeds()>), TLS from PEER_TLS_*, and this
// service's token (SERVICE_TOKEN) on every call.
//
//   ASSIGN_OR_RETURN(auto feeds, FeedChannels(ctx));
#ifndef PARCOURS_SERVICES_EVALUATION_FEED_CHANNELS_H_
#define PARCOURS_SERVICES_EVALUATION_FEED_CHANNELS_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/impl/codegen/channel_interface.h"
#include "libs/runtime/service_runtime.h"

namespace parcours::evaluation {

absl::StatusOr<std::map<std::string, std::shared_ptr<grpc::ChannelInterface>>> FeedChannels(
    runtime::ServiceContext& ctx);

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_FEED_CHANNELS_H_
