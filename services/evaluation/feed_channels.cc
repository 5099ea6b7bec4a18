#include "services/evaluation/feed_channels.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/evaluation/domain/event_mapping.h"
#include "services/evaluation/projection/identity_channel.h"

namespace parcours::evaluation {

absl::StatusOr<std::map<std::string, std::shared_ptr<grpc::ChannelInterface>>> FeedChannels(
    runtime::ServiceContext& ctx) {
  std::map<std::string, std::shared_ptr<grpc::ChannelInterface>> out;
  for (const FeedSpec& feed : Feeds()) {
    const std::string name(feed.name);
    const std::string upper = absl::AsciiStrToUpper(name);
    client::ChannelOptions o;
    o.target = ctx.config.String(upper + "_ADDR", absl::StrCat("127.0.0.1:", feed.default_port));
    o.tls_ca_file = ctx.config.String("PEER_TLS_CA_FILE", "");
    o.tls_cert_file = ctx.config.String("PEER_TLS_CERT_FILE", "");
    o.tls_key_file = ctx.config.String("PEER_TLS_KEY_FILE", "");
    o.tls_server_name = ctx.config.String(upper + "_TLS_SERVER_NAME", "");
    o.load_balancing_policy = "round_robin";
    o.metrics = &ctx.metrics;
    auto channel = IdentityChannel(o, ctx.identity);
    if (!channel.ok()) return channel.status();
    out[name] = *std::move(channel);
  }
  return out;
}

}  // namespace parcours::evaluation
