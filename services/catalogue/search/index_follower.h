// Keeps a replica's OfferIndex current by following the catalogue's own event feed
// (parcours.events.v1.EventFeed, served by every replica over the shared outbox): every
// offer event makes the follower re-read that offer from the database and re-index it.
// So two replicas over one PostgreSQL converge after a write, whichever replica took it.
//
//   IndexFollower follower(channel_to_own_feed, {.bearer_token = feed_token}, sql_store, index);
//   RETURN_IF_ERROR(follower.Start());   // loads every published offer, then follows
//   ...
//   follower.Stop();
//
// The position is kept in memory only: a replica that starts reads the feed head, loads
// the published offers, then follows from that head (an event between the two reloads an
// offer already loaded, which is harmless: re-reading is idempotent). Nothing is stored
// in the database, unlike libs/events' FeedConsumer, whose one checkpoint per feed would
// be shared — and fought over — by replicas that each need every event.
//
// Events are received on one thread and applied on another, in batches (one database
// read and one index rebuild per batch), so a bulk import does not rebuild the index once
// per offer. A broken stream reconnects with backoff from the last event received.
#ifndef PARCOURS_SERVICES_CATALOGUE_SEARCH_INDEX_FOLLOWER_H_
#define PARCOURS_SERVICES_CATALOGUE_SEARCH_INDEX_FOLLOWER_H_

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "libs/client/call.h"
#include "parcours/events/v1/events.grpc.pb.h"
#include "services/catalogue/search/offer_index.h"
#include "services/catalogue/store/catalogue_store.h"

namespace parcours::catalogue {

struct IndexFollowerOptions {
  absl::Duration batch_window = absl::Milliseconds(10);  // gather events before applying
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(2);
  int load_page_size = 500;
  // Called with the offers each batch re-read from the database (their committed
  // versions), before they are indexed: the replica-local offer cache drops older copies.
  std::function<void(const std::vector<v1::Offer>&)> on_offers_read;
};

// The event types that change what the index holds.
const std::vector<std::string>& OfferEventTypes();

class IndexFollower {
 public:
  // `store` should be the uncached store (the index must see committed rows, not a cache
  // entry), and with `index` must outlive the follower.
  IndexFollower(std::shared_ptr<grpc::ChannelInterface> feed, client::CallIdentity identity,
                CatalogueStore& store, OfferIndex& index, IndexFollowerOptions options = {});
  ~IndexFollower();
  IndexFollower(const IndexFollower&) = delete;
  IndexFollower& operator=(const IndexFollower&) = delete;

  // Reads the feed head, loads every published offer into the index, starts following.
  // UNAVAILABLE when the feed or the database cannot be reached. Once only.
  absl::Status Start();
  // Stops following; prompt (cancels the stream). Idempotent.
  void Stop();

  // The last feed sequence whose offer changes are in the index.
  int64_t applied_sequence() const { return applied_.load(); }

 private:
  struct Change {
    int64_t sequence;
    std::string offer_id;
  };
  void ReceiveLoop();
  void ApplyLoop();
  absl::Status ApplyBatch(const std::vector<Change>& batch);
  void SleepUnlessStopping(absl::Duration d);

  std::unique_ptr<parcours::events::v1::EventFeed::Stub> stub_;
  const client::CallIdentity identity_;
  CatalogueStore& store_;
  OfferIndex& index_;
  const IndexFollowerOptions options_;
  std::atomic<int64_t> received_{0};
  std::atomic<int64_t> applied_{0};

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::vector<Change> queue_;
  grpc::ClientContext* stream_context_ = nullptr;
  std::thread receiver_;
  std::thread applier_;
};

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_SEARCH_INDEX_FOLLOWER_H_
