#include "libs/events/feed_service.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "libs/events/outbox_rows.h"

namespace parcours::events {
namespace {

// A filter list longer than this is a mistake, not a use case (and each type is a bound
// parameter).
constexpr int kMaxTypes = 64;

// absl and gRPC share the canonical codes one to one.
grpc::Status ToGrpc(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

grpc::Status ShuttingDown() {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, "event feed is shutting down");
}

// A batch size under 1 would read nothing forever.
FeedServiceOptions Normalized(FeedServiceOptions options) {
  if (options.batch_size < 1) options.batch_size = 1;
  return options;
}

}  // namespace

EventFeedService::EventFeedService(storage::Database& db, FeedNotifier& notifier,
                                   FeedServiceOptions options)
    : db_(db), notifier_(notifier), options_(Normalized(std::move(options))) {}

grpc::Status EventFeedService::StreamEvents(grpc::ServerContext* context,
                                            const v1::StreamEventsRequest* request,
                                            grpc::ServerWriter<v1::Event>* writer) {
  if (options_.authorize) {
    if (grpc::Status s = options_.authorize(context); !s.ok()) return s;
  }
  if (request->after_sequence() < 0) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "after_sequence must be >= 0");
  }
  if (request->types_size() > kMaxTypes) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("at most ", kMaxTypes, " types"));
  }
  const std::vector<std::string> types(request->types().begin(), request->types().end());
  int64_t after = request->after_sequence();
  for (;;) {
    // Generation first, then the flag and the read: a commit or a Shutdown() landing
    // after this line changes the generation, so the wait below cannot sleep through it.
    const uint64_t seen = notifier_.generation();
    if (shutting_down_.load()) return ShuttingDown();
    if (context->IsCancelled()) return grpc::Status::CANCELLED;
    std::vector<v1::Event> batch;
    {
      absl::StatusOr<std::unique_ptr<storage::Transaction>> tx = db_.Begin(storage::TxMode::kRead);
      if (!tx.ok()) return ToGrpc(tx.status());
      absl::StatusOr<std::vector<v1::Event>> read =
          ReadEvents(**tx, options_.source, after, types, options_.batch_size);
      if (!read.ok()) return ToGrpc(read.status());
      batch = *std::move(read);
    }  // the connection goes back before writing to a possibly slow client
    for (const v1::Event& event : batch) {
      if (!writer->Write(event)) return grpc::Status::CANCELLED;  // the client is gone
      after = event.sequence();
    }
    if (static_cast<int>(batch.size()) == options_.batch_size) continue;  // more to read
    if (!request->follow()) return grpc::Status::OK;
    notifier_.WaitForChange(seen, options_.poll_interval);
  }
}

grpc::Status EventFeedService::GetFeedHead(grpc::ServerContext* context,
                                           const v1::GetFeedHeadRequest* request,
                                           v1::FeedHead* response) {
  if (options_.authorize) {
    if (grpc::Status s = options_.authorize(context); !s.ok()) return s;
  }
  absl::StatusOr<std::unique_ptr<storage::Transaction>> tx = db_.Begin(storage::TxMode::kRead);
  if (!tx.ok()) return ToGrpc(tx.status());
  absl::StatusOr<int64_t> last = LastSequence(**tx);
  if (!last.ok()) return ToGrpc(last.status());
  response->set_source(options_.source);
  response->set_last_sequence(*last);
  return grpc::Status::OK;
}

void EventFeedService::Shutdown() {
  shutting_down_ = true;
  notifier_.Notify();  // wakes the caught-up followers, which then see the flag
}

}  // namespace parcours::events
