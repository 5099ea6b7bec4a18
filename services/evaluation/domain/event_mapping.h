// THE table from feed event types to projection updates. Aligning with the producers'
// final type names is a change of this table's strings only (event_mapping.cc). Types
// not listed are ignored by the projections (and still move the checkpoint).
//
//   std::optional<FactKind> kind = KindForType("orientation.beneficiary.oriented");
#ifndef PARCOURS_SERVICES_EVALUATION_DOMAIN_EVENT_MAPPING_H_
#define PARCOURS_SERVICES_EVALUATION_DOMAIN_EVENT_MAPPING_H_

#include <optional>
#include <string_view>
#include <vector>

#include "services/evaluation/domain/fact.h"

namespace parcours::evaluation {

struct EventMapping {
  std::string_view source;  // the feed: catalogue | orientation | contracts | fraud
  std::string_view type;    // the envelope's type
  FactKind kind;
};

const std::vector<EventMapping>& EventMappings();

// The fact kind an event of `source` with `type` becomes, or nullopt when not projected.
std::optional<FactKind> KindForType(std::string_view source, std::string_view type);

// The four feeds evaluation follows, with their default local ports.
struct FeedSpec {
  std::string_view name;
  int default_port;
};
const std::vector<FeedSpec>& Feeds();

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_DOMAIN_EVENT_MAPPING_H_
