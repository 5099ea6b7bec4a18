// Test helpers for libs/events (tests only): an EventFeed server on a free loopback port
// over a producer database, a projection that records what it applies, and small waits.
//
//   auto server = FeedTestServer::Start(producer_db, notifier, {.source = "test"});
//   FeedConsumer consumer(server->channel(), consumer_db, projection, {.feed = "test"});
#ifndef PARCOURS_LIBS_EVENTS_TEST_UTIL_H_
#define PARCOURS_LIBS_EVENTS_TEST_UTIL_H_

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "libs/common/embedded_file.h"
#include "libs/common/status_macros.h"
#include "libs/events/consumer.h"
#include "libs/events/event_migrations.h"
#include "libs/events/feed_service.h"
#include "libs/events/outbox.h"
#include "libs/storage/database.h"
#include "libs/storage/migrations.h"

namespace parcours::events::testutil {

class FeedTestServer {
 public:
  // port 0 picks a free one; a given port restarts a server where a consumer expects it.
  static std::unique_ptr<FeedTestServer> Start(storage::Database& db, FeedNotifier& notifier,
                                               FeedServiceOptions options, int port = 0) {
    auto server = std::unique_ptr<FeedTestServer>(new FeedTestServer());
    server->service_ = std::make_unique<EventFeedService>(db, notifier, std::move(options));
    grpc::ServerBuilder builder;
    builder.AddListeningPort(absl::StrCat("127.0.0.1:", port), grpc::InsecureServerCredentials(),
                             &server->port_);
    builder.RegisterService(server->service_.get());
    server->server_ = builder.BuildAndStart();
    if (server->server_ == nullptr || server->port_ == 0) return nullptr;
    return server;
  }

  ~FeedTestServer() { Shutdown(); }

  std::shared_ptr<grpc::Channel> NewChannel() const {
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_),
                               grpc::InsecureChannelCredentials());
  }
  int port() const { return port_; }
  EventFeedService& service() { return *service_; }

  // The graceful order: end the followers, then drain.
  void Shutdown() {
    if (server_ == nullptr) return;
    service_->Shutdown();
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
    server_->Wait();
    server_.reset();
  }

  grpc::Server& server() { return *server_; }

 private:
  FeedTestServer() = default;
  int port_ = 0;
  std::unique_ptr<EventFeedService> service_;
  std::unique_ptr<grpc::Server> server_;
};

// The consumer side's schema: libs/events' tables plus the projection's table, whose
// primary key on sequence turns any double application into an error.
inline std::vector<EmbeddedFile> ConsumerMigrations() {
  return storage::WithMigrations(
      {{"0001_applied.sql",
        "CREATE TABLE applied (sequence BIGINT PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
        " type TEXT NOT NULL);"}},
      OutboxMigrations());
}

// Inserts one row per event into `applied`; an optional hook runs first and may fail.
class RecordingProjection : public Projection {
 public:
  std::function<absl::Status(const v1::Event&)> before_apply;
  std::atomic<int64_t> calls{0};

  absl::Status Apply(storage::Transaction& tx, const v1::Event& event) override {
    ++calls;
    if (before_apply) RETURN_IF_ERROR(before_apply(event));
    return tx
        .Exec("INSERT INTO applied (sequence, event_id, type) VALUES (?, ?, ?)",
              {event.sequence(), event.event_id(), event.type()})
        .status();
  }
};

inline v1::Event MakeEvent(std::string type, std::string aggregate_id = "agg") {
  v1::Event event;
  event.set_type(std::move(type));
  event.set_aggregate_type("test");
  event.set_aggregate_id(std::move(aggregate_id));
  return event;
}

// Polls `done` every 10 ms for at most `limit`.
inline bool WaitUntil(const std::function<bool()>& done, absl::Duration limit) {
  const absl::Time deadline = absl::Now() + limit;
  while (absl::Now() < deadline) {
    if (done()) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return done();
}

// Sequences in a table's `sequence` column, ascending.
inline std::vector<int64_t> Sequences(storage::Database& db, const std::string& table) {
  std::vector<int64_t> out;
  auto tx = db.Begin(storage::TxMode::kRead);
  if (!tx.ok()) return out;
  auto rs = (*tx)->Query(absl::StrCat("SELECT sequence FROM ", table, " ORDER BY sequence"));
  if (!rs.ok()) return out;
  for (const storage::Row& row : rs->rows) out.push_back(row.Int(0));
  return out;
}

}  // namespace parcours::events::testutil

#endif  // PARCOURS_LIBS_EVENTS_TEST_UTIL_H_
