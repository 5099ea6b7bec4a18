// Where the store stages the events of a change: in the same transaction, so an event is
// published if and only if the change commits. In the service this is libs/events' Outbox
// (OutboxEventSink); tests may record what committed instead.
//
//   sink.Stage(tx, MakeEvent("catalogue.offer.published", "offer", id, payload));
#ifndef PARCOURS_SERVICES_CATALOGUE_STORE_EVENT_SINK_H_
#define PARCOURS_SERVICES_CATALOGUE_STORE_EVENT_SINK_H_

#include "libs/storage/database.h"
#include "parcours/events/v1/events.pb.h"

namespace parcours::catalogue {

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Adds `event` to what `tx` publishes if it commits.
  virtual void Stage(storage::Transaction& tx, parcours::events::v1::Event event) = 0;
};

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_STORE_EVENT_SINK_H_
