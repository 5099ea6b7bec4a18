// An EventSink for store tests: keeps the events of committed transactions only (they are
// recorded from the transaction's OnCommit hook), so a test sees exactly what the outbox
// would have published.
//
//   RecordingEventSink events;
//   SqlCatalogueStore store(db, events, observer, clock, ref);
//   ... EXPECT_EQ(events.Types(), (std::vector<std::string>{"catalogue.offer.created"}));
#ifndef PARCOURS_SERVICES_CATALOGUE_TESTS_RECORDING_EVENT_SINK_H_
#define PARCOURS_SERVICES_CATALOGUE_TESTS_RECORDING_EVENT_SINK_H_

#include <mutex>
#include <string>
#include <vector>

#include "services/catalogue/store/event_sink.h"

namespace parcours::catalogue::testdata {

class RecordingEventSink final : public EventSink {
 public:
  void Stage(storage::Transaction& tx, parcours::events::v1::Event event) override {
    tx.OnCommit([this, event = std::move(event)] {
      std::lock_guard<std::mutex> lock(mu_);
      events_.push_back(event);
    });
  }
  std::vector<parcours::events::v1::Event> events() {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }
  std::vector<std::string> Types() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> out;
    for (const auto& e : events_) out.push_back(e.type());
    return out;
  }
  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    events_.clear();
  }

 private:
  std::mutex mu_;
  std::vector<parcours::events::v1::Event> events_;
};

}  // namespace parcours::catalogue::testdata

#endif  // PARCOURS_SERVICES_CATALOGUE_TESTS_RECORDING_EVENT_SINK_H_
