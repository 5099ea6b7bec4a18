#include "services/evaluation/feed_channels.h"

#include "services/evaluation/domain/event_mapping.h"

namespace parcours::evaluation {

absl::StatusOr<std::map<std::string, std::shared_ptr<grpc::ChannelInterface>>> FeedChannels(
    runtime::ServiceContext& ctx) {
  std::map<std::string, std::shared_ptr<grpc::ChannelInterface>> out;
  for (const FeedSpec& feed : Feeds()) {
    const std::string name(feed.name);
    auto channel = ctx.PeerFeedChannel(name, feed.default_port);
    if (!channel.ok()) return channel.status();
    out[name] = *std::move(channel);
  }
  return out;
}

}  // namespace parcours::evaluation
