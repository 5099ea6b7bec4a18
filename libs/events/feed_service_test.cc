// EventFeed over real gRPC on loopback, on SQLite and PostgreSQL: ordered and resumable
// reads, type filters, the head, live following (woken by the notifier, or by polling for
// other replicas' commits), and prompt ends on shutdown and on client cancel.
#include "libs/events/feed_service.h"

#include <thread>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "libs/events/test_util.h"
#include "libs/testing/test_database.h"

namespace parcours::events {
namespace {

using testutil::FeedTestServer;
using testutil::MakeEvent;

class FeedServiceTest : public parcours::testutil::DualDriverTest {
 protected:
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(storage::ApplyMigrations(db(), OutboxMigrations()));
  }

  void StartServer(absl::Duration poll_interval = absl::Milliseconds(200)) {
    server_ = FeedTestServer::Start(
        db(), notifier_, {.source = "test", .batch_size = 4, .poll_interval = poll_interval});
    ASSERT_NE(server_, nullptr);
    stub_ = v1::EventFeed::NewStub(server_->NewChannel());
  }

  // Publishes events of these types, one transaction each.
  void Publish(Outbox& outbox, const std::vector<std::string>& types) {
    for (const std::string& type : types) {
      ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) {
        outbox.Stage(tx, MakeEvent(type));
        return absl::OkStatus();
      }));
    }
  }

  // Reads a non-following stream to its end.
  std::vector<v1::Event> ReadStream(int64_t after, std::vector<std::string> types = {}) {
    grpc::ClientContext context;
    v1::StreamEventsRequest request;
    request.set_after_sequence(after);
    for (auto& t : types) request.add_types(t);
    auto reader = stub_->StreamEvents(&context, request);
    std::vector<v1::Event> events;
    v1::Event event;
    while (reader->Read(&event)) events.push_back(event);
    grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return events;
  }

  FeedNotifier notifier_;
  Outbox outbox_{"test", notifier_};
  std::unique_ptr<FeedTestServer> server_;
  std::unique_ptr<v1::EventFeed::Stub> stub_;
};

std::vector<std::string> Types(const std::vector<v1::Event>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.type());
  return out;
}

TEST_P(FeedServiceTest, StreamsInOrderAndResumesAfterASequence) {
  StartServer();
  Publish(outbox_, {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"});  // > 2 batches of 4
  std::vector<v1::Event> all = ReadStream(0);
  ASSERT_EQ(Types(all),
            (std::vector<std::string>{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}));
  for (size_t i = 1; i < all.size(); ++i) EXPECT_GT(all[i].sequence(), all[i - 1].sequence());
  EXPECT_EQ(all[0].source(), "test");
  std::vector<v1::Event> rest = ReadStream(all[5].sequence());
  EXPECT_EQ(Types(rest), (std::vector<std::string>{"g", "h", "i", "j"}));
  EXPECT_EQ(rest[0].event_id(), all[6].event_id());
  EXPECT_TRUE(ReadStream(all.back().sequence()).empty());
}

TEST_P(FeedServiceTest, FiltersByType) {
  StartServer();
  Publish(outbox_, {"x", "y", "z", "x", "y", "x"});
  EXPECT_EQ(Types(ReadStream(0, {"x"})), (std::vector<std::string>{"x", "x", "x"}));
  EXPECT_EQ(Types(ReadStream(0, {"y", "z"})), (std::vector<std::string>{"y", "z", "y"}));
  EXPECT_TRUE(ReadStream(0, {"nothing"}).empty());
}

TEST_P(FeedServiceTest, HeadIsTheLastSequence) {
  StartServer();
  grpc::ClientContext empty_context;
  v1::FeedHead head;
  ASSERT_TRUE(stub_->GetFeedHead(&empty_context, {}, &head).ok());
  EXPECT_EQ(head.last_sequence(), 0);
  EXPECT_EQ(head.source(), "test");
  Publish(outbox_, {"a", "b"});
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->GetFeedHead(&context, {}, &head).ok());
  EXPECT_EQ(head.last_sequence(), ReadStream(0).back().sequence());
}

TEST_P(FeedServiceTest, RejectsANegativeStart) {
  StartServer();
  grpc::ClientContext context;
  v1::StreamEventsRequest request;
  request.set_after_sequence(-1);
  auto reader = stub_->StreamEvents(&context, request);
  v1::Event event;
  EXPECT_FALSE(reader->Read(&event));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// Reads a following stream on its own thread.
class Follower {
 public:
  Follower(v1::EventFeed::Stub& stub, int64_t after) {
    v1::StreamEventsRequest request;
    request.set_after_sequence(after);
    request.set_follow(true);
    reader_ = stub.StreamEvents(&context_, request);
    thread_ = std::thread([this] {
      v1::Event event;
      while (reader_->Read(&event)) {
        absl::MutexLock lock(&mu_);
        events_.push_back(event);
      }
      status_ = reader_->Finish();
      ended_.Notify();
    });
  }
  ~Follower() {
    context_.TryCancel();
    thread_.join();
  }
  size_t count() {
    absl::MutexLock lock(&mu_);
    return events_.size();
  }
  std::vector<v1::Event> events() {
    absl::MutexLock lock(&mu_);
    return events_;
  }
  grpc::ClientContext& context() { return context_; }
  absl::Notification& ended() { return ended_; }
  const grpc::Status& status() const { return status_; }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader_;
  absl::Mutex mu_;
  std::vector<v1::Event> events_;
  grpc::Status status_;
  absl::Notification ended_;
  std::thread thread_;
};

TEST_P(FeedServiceTest, FollowDeliversNewCommitsLive) {
  // A poll interval far beyond the wait below: delivery must come from the notifier.
  StartServer(absl::Seconds(60));
  Publish(outbox_, {"before"});
  Follower follower(*stub_, 0);
  ASSERT_TRUE(testutil::WaitUntil([&] { return follower.count() == 1; }, absl::Seconds(10)));
  absl::Time published = absl::Now();
  Publish(outbox_, {"live1", "live2"});
  ASSERT_TRUE(testutil::WaitUntil([&] { return follower.count() == 3; }, absl::Seconds(10)));
  EXPECT_LT(absl::Now() - published, absl::Seconds(5));
  EXPECT_EQ(Types(follower.events()), (std::vector<std::string>{"before", "live1", "live2"}));
  EXPECT_FALSE(follower.ended().HasBeenNotified());
}

TEST_P(FeedServiceTest, FollowSeesOtherReplicasCommitsByPolling) {
  StartServer(absl::Milliseconds(100));
  Follower follower(*stub_, 0);
  // Another replica: same database, its own notifier, which this server never hears.
  FeedNotifier other_notifier;
  Outbox other_replica("test", other_notifier);
  Publish(other_replica, {"from_elsewhere"});
  ASSERT_TRUE(testutil::WaitUntil([&] { return follower.count() == 1; }, absl::Seconds(10)));
}

TEST_P(FeedServiceTest, ShutdownEndsFollowingStreamsPromptly) {
  StartServer(absl::Seconds(60));
  Follower a(*stub_, 0);
  Follower b(*stub_, 0);
  Publish(outbox_, {"e"});
  ASSERT_TRUE(
      testutil::WaitUntil([&] { return a.count() == 1 && b.count() == 1; }, absl::Seconds(10)));
  absl::Time start = absl::Now();
  server_->Shutdown();  // service Shutdown(), then server Shutdown with a 5 s deadline
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  ASSERT_TRUE(a.ended().WaitForNotificationWithTimeout(absl::Seconds(2)));
  ASSERT_TRUE(b.ended().WaitForNotificationWithTimeout(absl::Seconds(2)));
  EXPECT_EQ(a.status().error_code(), grpc::StatusCode::UNAVAILABLE) << a.status().error_message();
}

TEST_P(FeedServiceTest, AClientCancelEndsItsHandler) {
  StartServer(absl::Milliseconds(100));
  {
    Follower follower(*stub_, 0);
    Publish(outbox_, {"e"});
    ASSERT_TRUE(testutil::WaitUntil([&] { return follower.count() == 1; }, absl::Seconds(10)));
  }  // cancels
  // Without the service's Shutdown(): the server drains only if the handler noticed.
  absl::Time start = absl::Now();
  server_->server().Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(10));
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(FeedServiceTest);

}  // namespace
}  // namespace parcours::events
