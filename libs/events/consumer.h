// Follows another service's event feed and applies each event to this service's own
// database with exactly-once effect: the projection's writes and the feed checkpoint
// (consumer_checkpoints) change in the same transaction, one per batch.
//
//   class ReferralCounts : public events::Projection {
//     absl::Status Apply(storage::Transaction& tx, const v1::Event& e) override {
//       return tx.Exec("UPDATE counts SET n = n + 1 WHERE tad = ?", {e.tad()}).status();
//     }
//   };
//   ReferralCounts projection;
//   FeedConsumer consumer(channel_to_orientation, db, projection, {.feed = "orientation"});
//   RETURN_IF_ERROR(consumer.Start());   // resumes after the stored checkpoint
//   ...
//   consumer.Stop();
//
// Events are received on one thread and applied on another: a batch is what arrived
// within batch_window after its first event, at most max_batch. Each batch runs in one
// write transaction that first moves the checkpoint with a conditional UPDATE (so two
// consumers of one feed on one database cannot both apply an event: the second waits
// for the row, finds it moved, retries and skips what is done), then calls Apply for
// each event past the checkpoint. A stream error reconnects with exponential backoff from
// the last event received. Stop() is prompt: it cancels the stream, and a batch in
// progress is rolled back (as a crash would), to be applied again on the next start.
//
// Failure policy. Apply returning ABORTED, UNAVAILABLE or DEADLINE_EXCEEDED means "not
// now": the batch is rolled back and retried with backoff, indefinitely. Any other error
// is a poison event: the events before it are committed one by one, then the consumer
// HALTS at it — it never skips an event silently. status() then returns the error naming
// the event, lag() keeps growing, and fixing the code or data and restarting the process
// resumes from that event.
#ifndef PARCOURS_LIBS_EVENTS_CONSUMER_H_
#define PARCOURS_LIBS_EVENTS_CONSUMER_H_

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "libs/storage/database.h"
#include "parcours/events/v1/events.grpc.pb.h"

namespace parcours::events {

class Projection {
 public:
  virtual ~Projection() = default;

  // Applies one event inside the batch's write transaction, in sequence order. See the
  // failure policy above for what an error means.
  virtual absl::Status Apply(storage::Transaction& tx, const v1::Event& event) = 0;
};

struct FeedConsumerOptions {
  std::string feed;                // the checkpoint's name: the producing service
  std::vector<std::string> types;  // only these types (all when empty)
  int max_batch = 256;
  absl::Duration batch_window = absl::Milliseconds(5);
  absl::Duration initial_backoff = absl::Milliseconds(100);
  absl::Duration max_backoff = absl::Seconds(5);
  absl::Duration head_timeout = absl::Seconds(2);  // deadline of GetFeedHead in lag()
};

class FeedConsumer {
 public:
  // `db` (with libs/events' migrations applied) and `projection` must outlive the consumer.
  FeedConsumer(std::shared_ptr<grpc::ChannelInterface> channel, storage::Database& db,
               Projection& projection, FeedConsumerOptions options);
  ~FeedConsumer();  // Stop()

  FeedConsumer(const FeedConsumer&) = delete;
  FeedConsumer& operator=(const FeedConsumer&) = delete;

  // Reads the checkpoint (creating it at 0) and starts following. Once only.
  absl::Status Start();

  // Asks the threads to stop and returns at once; safe from inside Apply.
  void RequestStop();

  // RequestStop(), then waits for both threads. A stopped consumer does not restart: make
  // a new one, which resumes from the checkpoint.
  void Stop();

  // The last sequence committed with the checkpoint.
  int64_t last_applied_sequence() const { return last_applied_.load(); }

  // OK while following; the error when the consumer halted on a poison event.
  absl::Status status() const;

  // How far behind the feed's head the checkpoint is (GetFeedHead minus
  // last_applied_sequence(); with a types filter, events of other types count as lag).
  absl::StatusOr<int64_t> lag();

 private:
  void ReceiveLoop();
  void ApplyLoop();
  bool Enqueue(v1::Event event);
  std::vector<v1::Event> TakeBatch();
  absl::Status ApplyBatch(const std::vector<v1::Event>& batch);
  absl::Status ApplyWithRetries(const std::vector<v1::Event>& batch);
  void SleepUnlessStopping(absl::Duration d);
  bool stopping() const;

  const std::unique_ptr<v1::EventFeed::Stub> stub_;
  storage::Database& db_;
  Projection& projection_;
  const FeedConsumerOptions options_;
  std::atomic<int64_t> last_applied_{0};

  mutable absl::Mutex mu_;
  bool started_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::deque<v1::Event> queue_ ABSL_GUARDED_BY(mu_);
  grpc::ClientContext* stream_context_ ABSL_GUARDED_BY(mu_) = nullptr;
  absl::Status halted_ ABSL_GUARDED_BY(mu_);

  absl::Mutex join_mu_;  // serialises Stop() callers around join()
  std::thread receiver_;
  std::thread applier_;
};

}  // namespace parcours::events

#endif  // PARCOURS_LIBS_EVENTS_CONSUMER_H_
