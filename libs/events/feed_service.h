// Serves a service's outbox as its event feed (parcours.events.v1.EventFeed, sync API):
// StreamEvents delivers events after a sequence, in order, optionally only some types,
// and with follow=true keeps the stream open and delivers new events as they commit.
// GetFeedHead tells followers how far the feed goes (for lag).
//
//   FeedNotifier notifier;
//   Outbox outbox("catalogue", notifier);
//   EventFeedService feed(db, notifier, {.source = "catalogue"});
//   builder.RegisterService(&feed);
//   ...
//   feed.Shutdown();                    // ends the followers' streams first,
//   server->Shutdown(deadline);         // so that draining does not wait on them
//
// A caught-up follower waits on the notifier (woken by this process's commits) or at most
// poll_interval (to see commits made by other replicas on the same PostgreSQL), and ends
// when the client cancels or Shutdown() is called. No database connection is held while
// writing to a client. The server's interceptor only records who calls; `authorize` (set
// by libs/runtime to the Authorizer's decision) is asked first by both RPCs, and its error
// returned: without it the feed would be open to anyone (the authorization-matrix test
// caught exactly that).
#ifndef PARCOURS_LIBS_EVENTS_FEED_SERVICE_H_
#define PARCOURS_LIBS_EVENTS_FEED_SERVICE_H_

#include <atomic>
#include <functional>
#include <string>

#include "absl/time/time.h"
#include "libs/events/feed_notifier.h"
#include "libs/storage/database.h"
#include "parcours/events/v1/events.grpc.pb.h"

namespace parcours::events {

struct FeedServiceOptions {
  std::string source;    // the producing service, set on every event served
  int batch_size = 256;  // rows read per query
  absl::Duration poll_interval = absl::Milliseconds(200);
  // The caller's authorization for this call (OK to proceed); empty: no check (tests of
  // this class only: every server sets it).
  std::function<grpc::Status(grpc::ServerContext*)> authorize;
};

class EventFeedService final : public v1::EventFeed::Service {
 public:
  // `db` and `notifier` must outlive the service.
  EventFeedService(storage::Database& db, FeedNotifier& notifier, FeedServiceOptions options);

  grpc::Status StreamEvents(grpc::ServerContext* context, const v1::StreamEventsRequest* request,
                            grpc::ServerWriter<v1::Event>* writer) override;

  grpc::Status GetFeedHead(grpc::ServerContext* context, const v1::GetFeedHeadRequest* request,
                           v1::FeedHead* response) override;

  // Ends every StreamEvents call within moments, with UNAVAILABLE (the follower reconnects,
  // to another replica), and refuses new ones. Idempotent.
  void Shutdown();

 private:
  storage::Database& db_;
  FeedNotifier& notifier_;
  const FeedServiceOptions options_;
  std::atomic<bool> shutting_down_{false};
};

}  // namespace parcours::events

#endif  // PARCOURS_LIBS_EVENTS_FEED_SERVICE_H_
