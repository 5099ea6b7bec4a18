// The events::Projection of one feed: decodes each event into a Fact (adapters/) and
// writes it into the projections (store/projection_writer.h), inside the consumer's
// batch transaction with the feed checkpoint: exactly-once.
//
//   FeedProjection projection("orientation");
//   events::FeedConsumer consumer(channel, db, projection, {.feed = "orientation"});
#ifndef PARCOURS_SERVICES_EVALUATION_PROJECTION_FEED_PROJECTION_H_
#define PARCOURS_SERVICES_EVALUATION_PROJECTION_FEED_PROJECTION_H_

#include <string>

#include "libs/events/consumer.h"
#include "services/evaluation/store/projection_writer.h"

namespace parcours::evaluation {

class FeedProjection final : public events::Projection {
 public:
  explicit FeedProjection(std::string feed) : feed_(std::move(feed)) {}
  absl::Status Apply(storage::Transaction& tx, const events::v1::Event& event) override;

 private:
  const std::string feed_;
  ProjectionWriter writer_;
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_PROJECTION_FEED_PROJECTION_H_
