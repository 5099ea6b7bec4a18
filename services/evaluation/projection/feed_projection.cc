#include "services/evaluation/projection/feed_projection.h"

#include "libs/common/status_macros.h"
#include "services/evaluation/adapters/payload_adapters.h"

namespace parcours::evaluation {

absl::Status FeedProjection::Apply(storage::Transaction& tx, const events::v1::Event& event) {
  ASSIGN_OR_RETURN(std::optional<Fact> fact, DecodeEvent(feed_, event));
  if (!fact.has_value()) return absl::OkStatus();  // a type the projections do not use
  return writer_.Apply(tx, *fact);
}

}  // namespace parcours::evaluation
