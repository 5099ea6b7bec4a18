// Four in-process event feeds (catalogue, orientation, contracts, fraud) for tests: each
// an EventFeedService over its own SQLite outbox on 127.0.0.1:<free port>, and helpers
// that publish envelopes with the payloads evaluation expects (source_payloads.proto),
// dated at noon UTC of the given day.
//
//   ScriptedFeeds feeds;
//   ASSERT_OK(feeds.Start());
//   feeds.Entered("ben-1", "TAD-EST", absl::CivilDay(2024, 1, 5), true);
//   auto channels = feeds.Channels();   // for FeedConsumers
#ifndef PARCOURS_SERVICES_EVALUATION_TESTS_SCRIPTED_FEEDS_H_
#define PARCOURS_SERVICES_EVALUATION_TESTS_SCRIPTED_FEEDS_H_

#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/message.h"
#include "grpcpp/impl/codegen/channel_interface.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/outbox.h"
#include "libs/events/test_util.h"
#include "libs/testing/test_database.h"

namespace parcours::evaluation::testing {

class ScriptedFeeds {
 public:
  ScriptedFeeds() = default;
  ~ScriptedFeeds();

  // Creates the four producer databases and serves them (port 0 = free ports, or the
  // ports of a previous Start to come back where consumers expect them).
  absl::Status Start(const std::map<std::string, int>& ports = {});
  void Shutdown();

  std::map<std::string, std::shared_ptr<grpc::ChannelInterface>> Channels() const;
  std::map<std::string, int> Ports() const;
  // The last sequence published on `feed`.
  int64_t Head(const std::string& feed);
  int64_t TotalEvents();

  // orientation
  void Entered(const std::string& who, const std::string& tad, absl::CivilDay entry,
               bool rights_and_duties);
  void Convened(const std::string& who, const std::string& tad, absl::CivilDay day);
  void Oriented(const std::string& who, const std::string& tad, absl::CivilDay day,
                int type /*1 PRO, 2 SOCIO_PRO, 3 SOCIAL*/, absl::CivilDay entry);
  void Exited(const std::string& who, const std::string& tad, absl::CivilDay day, int reason);
  // catalogue
  void Offer(const std::string& offer, const std::string& structure, const std::string& fiche,
             int places, int64_t budget_cents);
  // what: created | accepted | started | completed | abandoned; outcome 0..7
  void Prescription(const std::string& what, const std::string& id, const std::string& who,
                    const std::string& tad, const std::string& offer, const std::string& fiche,
                    absl::CivilDay day, int outcome = 0, bool positive = false);
  // contracts: what = activated | completed | terminated | expired; kind 1..5
  void Contract(const std::string& what, const std::string& id, const std::string& who,
                const std::string& tad, int kind, absl::CivilDay day);
  // fraud: type = opened | status_changed | fine_imposed | recovery_recorded
  void Case(const std::string& type, const std::string& id, const std::string& who,
            const std::string& tad, absl::CivilDay day, int status, int64_t overpayment,
            int64_t fine, int64_t recovered);
  // Any event, for unusual cases (unknown types, broken payloads).
  void Publish(const std::string& feed, const std::string& type, const std::string& aggregate,
               const std::string& who, const std::string& tad, absl::CivilDay day,
               const google::protobuf::Message& payload);

 private:
  struct Feed {
    std::unique_ptr<parcours::testutil::TestDatabase> db;
    std::unique_ptr<events::FeedNotifier> notifier;
    std::unique_ptr<events::Outbox> outbox;
    std::unique_ptr<events::testutil::FeedTestServer> server;
  };
  std::map<std::string, Feed> feeds_;
};

}  // namespace parcours::evaluation::testing

#endif  // PARCOURS_SERVICES_EVALUATION_TESTS_SCRIPTED_FEEDS_H_
