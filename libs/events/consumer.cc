#include "libs/events/consumer.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/status_macros.h"

namespace parcours::events {
namespace {

bool IsTransient(const absl::Status& s) {
  return s.code() == absl::StatusCode::kAborted || s.code() == absl::StatusCode::kUnavailable ||
         s.code() == absl::StatusCode::kDeadlineExceeded;
}

FeedConsumerOptions Normalized(FeedConsumerOptions options) {
  if (options.max_batch < 1) options.max_batch = 1;  // the queue holds 4 batches
  if (options.initial_backoff <= absl::ZeroDuration())
    options.initial_backoff = absl::Milliseconds(1);
  if (options.max_backoff < options.initial_backoff) options.max_backoff = options.initial_backoff;
  return options;
}

}  // namespace

FeedConsumer::FeedConsumer(std::shared_ptr<grpc::ChannelInterface> channel, storage::Database& db,
                           Projection& projection, FeedConsumerOptions options)
    : stub_(v1::EventFeed::NewStub(std::move(channel))),
      db_(db),
      projection_(projection),
      options_(Normalized(std::move(options))) {}

FeedConsumer::~FeedConsumer() { Stop(); }

absl::Status FeedConsumer::Start() {
  {
    absl::MutexLock lock(&mu_);
    if (started_) return absl::FailedPreconditionError("consumer already started");
    started_ = true;
  }
  int64_t checkpoint = 0;
  RETURN_IF_ERROR(db_.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO consumer_checkpoints (feed, sequence, updated_at_us) "
                            "VALUES (?, 0, ?) ON CONFLICT (feed) DO NOTHING",
                            {options_.feed, absl::ToUnixMicros(absl::Now())})
                        .status());
    ASSIGN_OR_RETURN(
        storage::ResultSet rs,
        tx.Query("SELECT sequence FROM consumer_checkpoints WHERE feed = ?", {options_.feed}));
    checkpoint = rs.rows.at(0).Int(0);
    return absl::OkStatus();
  }));
  last_applied_ = checkpoint;
  receiver_ = std::thread([this] { ReceiveLoop(); });
  applier_ = std::thread([this] { ApplyLoop(); });
  return absl::OkStatus();
}

void FeedConsumer::RequestStop() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
  // Unblocks the receiver's Read(); a context set later sees stopping_ first.
  if (stream_context_ != nullptr) stream_context_->TryCancel();
}

void FeedConsumer::Stop() {
  RequestStop();
  absl::MutexLock lock(&join_mu_);
  if (receiver_.joinable()) receiver_.join();
  if (applier_.joinable()) applier_.join();
}

absl::Status FeedConsumer::status() const {
  absl::MutexLock lock(&mu_);
  return halted_;
}

bool FeedConsumer::stopping() const {
  absl::MutexLock lock(&mu_);
  return stopping_;
}

absl::StatusOr<int64_t> FeedConsumer::lag() {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoMilliseconds(options_.head_timeout));
  v1::FeedHead head;
  grpc::Status status = stub_->GetFeedHead(&context, v1::GetFeedHeadRequest(), &head);
  if (!status.ok()) {
    return absl::Status(
        static_cast<absl::StatusCode>(status.error_code()),
        absl::StrCat("GetFeedHead of feed ", options_.feed, ": ", status.error_message()));
  }
  return std::max<int64_t>(0, head.last_sequence() - last_applied_.load());
}

void FeedConsumer::SleepUnlessStopping(absl::Duration d) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&stopping_), d);
}

void FeedConsumer::ReceiveLoop() {
  int64_t resume_after = last_applied_.load();
  absl::Duration backoff = options_.initial_backoff;
  while (!stopping()) {
    grpc::ClientContext context;
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) break;
      stream_context_ = &context;
    }
    v1::StreamEventsRequest request;
    request.set_after_sequence(resume_after);
    request.set_follow(true);
    for (const std::string& type : options_.types) request.add_types(type);
    std::unique_ptr<grpc::ClientReader<v1::Event>> reader = stub_->StreamEvents(&context, request);
    v1::Event event;
    while (reader->Read(&event)) {
      backoff = options_.initial_backoff;  // the feed answers: a later failure starts afresh
      if (event.sequence() <= resume_after) continue;  // never expected; harmless to drop
      resume_after = event.sequence();
      if (!Enqueue(std::move(event))) {
        context.TryCancel();  // stopping: do not wait for the server to end the stream
        break;
      }
      event = v1::Event();
    }
    (void)reader->Finish();  // the stream ended: an error, a server shutdown, or our cancel
    {
      absl::MutexLock lock(&mu_);
      stream_context_ = nullptr;
    }
    SleepUnlessStopping(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

bool FeedConsumer::Enqueue(v1::Event event) {
  // Bounded, so a slow projection holds the stream back (gRPC flow control then holds the
  // server) instead of filling memory.
  const size_t capacity = static_cast<size_t>(options_.max_batch) * 4;
  absl::MutexLock lock(&mu_);
  auto room = [this, capacity]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || queue_.size() < capacity;
  };
  mu_.Await(absl::Condition(&room));
  if (stopping_) return false;
  queue_.push_back(std::move(event));
  return true;
}

std::vector<v1::Event> FeedConsumer::TakeBatch() {
  const size_t max_batch = static_cast<size_t>(options_.max_batch);
  absl::MutexLock lock(&mu_);
  auto any = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || !queue_.empty(); };
  mu_.Await(absl::Condition(&any));
  auto full = [this, max_batch]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || queue_.size() >= max_batch;
  };
  mu_.AwaitWithTimeout(absl::Condition(&full), options_.batch_window);
  std::vector<v1::Event> batch;
  if (stopping_) return batch;
  const size_t n = std::min(max_batch, queue_.size());
  batch.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return batch;
}

absl::Status FeedConsumer::ApplyBatch(const std::vector<v1::Event>& batch) {
  const int64_t last = batch.back().sequence();
  absl::Status status = db_.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(
        storage::ResultSet rs,
        tx.Query("SELECT sequence FROM consumer_checkpoints WHERE feed = ?", {options_.feed}));
    if (rs.rows.empty()) return absl::FailedPreconditionError("checkpoint row vanished");
    const int64_t checkpoint = rs.rows[0].Int(0);
    if (last <= checkpoint) return absl::OkStatus();  // all applied already (by another)
    // First, so that a concurrent consumer of the same feed waits here, then finds the
    // checkpoint moved (0 rows), and its retry skips what this one applied.
    ASSIGN_OR_RETURN(int64_t moved,
                     tx.Exec("UPDATE consumer_checkpoints SET sequence = ?, updated_at_us = ? "
                             "WHERE feed = ? AND sequence = ?",
                             {last, absl::ToUnixMicros(absl::Now()), options_.feed, checkpoint}));
    if (moved != 1) return absl::AbortedError("checkpoint moved concurrently");
    for (const v1::Event& event : batch) {
      // A stop lands mid-batch like a crash: everything of this batch is rolled back.
      if (stopping()) return absl::CancelledError("consumer stopping");
      if (event.sequence() <= checkpoint) continue;
      absl::Status applied = projection_.Apply(tx, event);
      if (!applied.ok()) {
        return absl::Status(
            applied.code(),
            absl::StrCat("feed ", options_.feed, " event ", event.sequence(), " (", event.type(),
                         ", ", event.event_id(), "): ", applied.message()));
      }
    }
    return absl::OkStatus();
  });
  if (status.ok()) {
    int64_t seen = last_applied_.load();
    while (seen < last && !last_applied_.compare_exchange_weak(seen, last)) {
    }
  }
  return status;
}

absl::Status FeedConsumer::ApplyWithRetries(const std::vector<v1::Event>& batch) {
  absl::Duration backoff = options_.initial_backoff;
  for (;;) {
    absl::Status status = ApplyBatch(batch);
    if (status.ok() || stopping() || !IsTransient(status)) return status;
    SleepUnlessStopping(backoff);
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
}

void FeedConsumer::ApplyLoop() {
  for (;;) {
    std::vector<v1::Event> batch = TakeBatch();
    if (batch.empty()) return;  // stopping
    absl::Status status = ApplyWithRetries(batch);
    if (!status.ok() && !stopping() && batch.size() > 1) {
      // Which event is poisoned? Commit the good ones before it, one per transaction.
      for (const v1::Event& event : batch) {
        status = ApplyWithRetries({event});
        if (!status.ok()) break;
      }
    }
    if (status.ok() || stopping()) continue;
    {
      absl::MutexLock lock(&mu_);
      halted_ = status;
    }
    RequestStop();
    return;
  }
}

}  // namespace parcours::events
