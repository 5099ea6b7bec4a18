#include "services/evaluation/projection/feed_consumers.h"

#include "libs/common/status_macros.h"

namespace parcours::evaluation {

FeedConsumers::FeedConsumers(
    storage::Database& db, std::map<std::string, std::shared_ptr<grpc::ChannelInterface>> channels,
    events::FeedConsumerOptions options) {
  for (auto& [feed, channel] : channels) {
    Follower f;
    f.feed = feed;
    f.projection = std::make_unique<FeedProjection>(feed);
    events::FeedConsumerOptions o = options;
    o.feed = feed;
    f.consumer = std::make_unique<events::FeedConsumer>(channel, db, *f.projection, o);
    followers_.push_back(std::move(f));
  }
}

absl::Status FeedConsumers::Start() {
  for (Follower& f : followers_) RETURN_IF_ERROR(f.consumer->Start());
  return absl::OkStatus();
}

void FeedConsumers::Stop() {
  for (Follower& f : followers_) f.consumer->RequestStop();  // all at once, then wait
  for (Follower& f : followers_) f.consumer->Stop();
}

std::vector<FeedStatus> FeedConsumers::Status() {
  std::vector<FeedStatus> out;
  for (Follower& f : followers_) {
    FeedStatus s{.feed = f.feed,
                 .last_applied_sequence = f.consumer->last_applied_sequence(),
                 .lag = std::nullopt,
                 .error = ""};
    absl::StatusOr<int64_t> lag = f.consumer->lag();
    if (lag.ok()) {
      s.lag = *lag;
    } else {
      s.error = std::string(lag.status().message());
    }
    if (absl::Status halted = f.consumer->status(); !halted.ok()) {
      s.error = std::string(halted.message());
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace parcours::evaluation
