// The four feed consumers (catalogue, orientation, contracts, fraud), each with its
// projection and its checkpoint in this service's database, and their lag.
//
//   FeedConsumers consumers(db, {{"orientation", channel}, ...});
//   RETURN_IF_ERROR(consumers.Start());   // each resumes after its checkpoint
//   for (const FeedStatus& s : consumers.Status()) ...
//   consumers.Stop();
#ifndef PARCOURS_SERVICES_EVALUATION_PROJECTION_FEED_CONSUMERS_H_
#define PARCOURS_SERVICES_EVALUATION_PROJECTION_FEED_CONSUMERS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "grpcpp/impl/codegen/channel_interface.h"
#include "libs/events/consumer.h"
#include "libs/storage/database.h"
#include "services/evaluation/projection/feed_projection.h"

namespace parcours::evaluation {

struct FeedStatus {
  std::string feed;
  int64_t last_applied_sequence = 0;
  std::optional<int64_t> lag;  // unset when the feed's head cannot be read
  std::string error;           // the halt reason, or why the head is unknown
};

class FeedConsumers {
 public:
  // One channel per feed name; `options.feed` is set per feed.
  FeedConsumers(storage::Database& db,
                std::map<std::string, std::shared_ptr<grpc::ChannelInterface>> channels,
                events::FeedConsumerOptions options = {});
  ~FeedConsumers() { Stop(); }

  absl::Status Start();
  void Stop();
  std::vector<FeedStatus> Status();

 private:
  struct Follower {
    std::string feed;
    std::unique_ptr<FeedProjection> projection;
    std::unique_ptr<events::FeedConsumer> consumer;
  };
  std::vector<Follower> followers_;
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_PROJECTION_FEED_CONSUMERS_H_
