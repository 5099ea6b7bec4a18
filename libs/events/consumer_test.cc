// FeedConsumer over real gRPC, on SQLite and PostgreSQL: exactly-once application across
// abrupt stops (mid-batch included) and restarts from the checkpoint, reconnection after
// the feed server restarts, halting on a poison event without skipping it, and lag.
#include "libs/events/consumer.h"

#include <random>
#include <thread>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "libs/events/test_util.h"
#include "libs/testing/test_database.h"

namespace parcours::events {
namespace {

using testutil::FeedTestServer;
using testutil::MakeEvent;
using testutil::RecordingProjection;

class ConsumerTest : public parcours::testutil::DualDriverTest {
 protected:
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(storage::ApplyMigrations(db(), OutboxMigrations()));
    ASSERT_OK_AND_ASSIGN(consumer_db_, parcours::testutil::TestDatabase::Create(GetParam()));
    ASSERT_OK(storage::ApplyMigrations(consumer_db_->db(), testutil::ConsumerMigrations()));
    server_ = FeedTestServer::Start(db(), notifier_, {.source = "test"});
    ASSERT_NE(server_, nullptr);
  }

  void TearDown() override {
    server_.reset();
    DualDriverTest::TearDown();
  }

  std::unique_ptr<FeedConsumer> NewConsumer(RecordingProjection& projection) {
    FeedConsumerOptions options;
    options.feed = "test";
    options.max_batch = 50;
    options.initial_backoff = absl::Milliseconds(20);
    options.max_backoff = absl::Milliseconds(200);
    return std::make_unique<FeedConsumer>(server_->NewChannel(), consumer_db_->db(), projection,
                                          options);
  }

  void Publish(int transactions, int events_each, const std::string& type = "t") {
    for (int i = 0; i < transactions; ++i) {
      ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) {
        for (int j = 0; j < events_each; ++j) outbox_.Stage(tx, MakeEvent(type));
        return absl::OkStatus();
      }));
    }
  }

  int64_t Checkpoint() {
    auto tx = consumer_db_->db().Begin(storage::TxMode::kRead);
    if (!tx.ok()) return -1;
    auto rs = (*tx)->Query("SELECT sequence FROM consumer_checkpoints WHERE feed = 'test'");
    if (!rs.ok() || rs->rows.empty()) return -1;
    return rs->rows[0].Int(0);
  }

  FeedNotifier notifier_;
  Outbox outbox_{"test", notifier_};
  std::unique_ptr<parcours::testutil::TestDatabase> consumer_db_;
  std::unique_ptr<FeedTestServer> server_;
};

TEST_P(ConsumerTest, AppliesEveryEventExactlyOnceAcrossAbruptStops) {
  Publish(60, 5);  // 300 events already there: the first batches are full
  std::atomic<bool> producing{true};
  std::thread producer([&] {
    for (int i = 0; i < 200 && producing.load(); ++i) {
      Publish(1, 1 + i % 3, "live");
      absl::SleepFor(absl::Milliseconds(3));
    }
  });
  std::minstd_rand rng(7);
  int mid_batch_stops = 0;
  for (int round = 0; round < 4; ++round) {
    RecordingProjection projection;
    std::unique_ptr<FeedConsumer> consumer = NewConsumer(projection);
    const int64_t stop_after = 20 + static_cast<int64_t>(rng() % 60);
    FeedConsumer* raw = consumer.get();
    // A crash in the middle of a batch: the stop is requested from inside Apply, so the
    // rest of this batch must not commit.
    projection.before_apply = [&projection, raw, stop_after](const v1::Event&) {
      if (projection.calls.load() == stop_after) raw->RequestStop();
      return absl::OkStatus();
    };
    const size_t applied_before = testutil::Sequences(consumer_db_->db(), "applied").size();
    ASSERT_OK(consumer->Start());
    ASSERT_TRUE(testutil::WaitUntil([&] { return projection.calls.load() >= stop_after; },
                                    absl::Seconds(20)));
    consumer->Stop();
    const int64_t checkpoint = Checkpoint();
    const std::vector<int64_t> applied = testutil::Sequences(consumer_db_->db(), "applied");
    // What committed is exactly the events up to the checkpoint: no half batch.
    ASSERT_FALSE(applied.empty());
    EXPECT_EQ(applied.back(), checkpoint);
    EXPECT_EQ(consumer->last_applied_sequence(), checkpoint);
    const int64_t committed_now = static_cast<int64_t>(applied.size());
    std::vector<int64_t> outbox = testutil::Sequences(db(), "outbox");
    outbox.resize(applied.size());
    EXPECT_EQ(applied, outbox) << "round " << round;  // a prefix of the feed, each once
    if (projection.calls.load() > committed_now - static_cast<int64_t>(applied_before)) {
      ++mid_batch_stops;  // Apply ran for events that were then rolled back
    }
    EXPECT_OK(consumer->status());
  }
  EXPECT_GE(mid_batch_stops, 1);
  producing = false;
  producer.join();

  // The last consumer runs to the end.
  RecordingProjection projection;
  std::unique_ptr<FeedConsumer> consumer = NewConsumer(projection);
  ASSERT_OK(consumer->Start());
  const std::vector<int64_t> published = testutil::Sequences(db(), "outbox");
  ASSERT_TRUE(testutil::WaitUntil(
      [&] { return consumer->last_applied_sequence() == published.back(); }, absl::Seconds(30)));
  EXPECT_EQ(testutil::Sequences(consumer_db_->db(), "applied"), published);
  EXPECT_EQ(Checkpoint(), published.back());
  ASSERT_OK_AND_ASSIGN(int64_t lag, consumer->lag());
  EXPECT_EQ(lag, 0);
}

TEST_P(ConsumerTest, ReconnectsWhenTheFeedServerComesBack) {
  RecordingProjection projection;
  std::unique_ptr<FeedConsumer> consumer = NewConsumer(projection);
  ASSERT_OK(consumer->Start());
  Publish(2, 1);
  ASSERT_TRUE(testutil::WaitUntil([&] { return projection.calls.load() == 2; }, absl::Seconds(10)));
  const int port = server_->port();
  server_->Shutdown();
  Publish(3, 1);                            // while the feed is down
  absl::SleepFor(absl::Milliseconds(100));  // the consumer fails to reconnect meanwhile
  EXPECT_EQ(projection.calls.load(), 2);
  server_ = FeedTestServer::Start(db(), notifier_, {.source = "test"}, port);
  ASSERT_NE(server_, nullptr);
  ASSERT_TRUE(testutil::WaitUntil([&] { return projection.calls.load() == 5; }, absl::Seconds(10)));
  EXPECT_EQ(testutil::Sequences(consumer_db_->db(), "applied"),
            testutil::Sequences(db(), "outbox"));
}

TEST_P(ConsumerTest, HaltsAtAPoisonEventAndSkipsNothing) {
  ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) {
    outbox_.Stage(tx, MakeEvent("good"));
    outbox_.Stage(tx, MakeEvent("good"));
    outbox_.Stage(tx, MakeEvent("poison"));
    outbox_.Stage(tx, MakeEvent("good"));
    return absl::OkStatus();
  }));
  const std::vector<int64_t> published = testutil::Sequences(db(), "outbox");
  RecordingProjection projection;
  projection.before_apply = [](const v1::Event& e) {
    return e.type() == "poison" ? absl::FailedPreconditionError("cannot project this")
                                : absl::OkStatus();
  };
  std::unique_ptr<FeedConsumer> consumer = NewConsumer(projection);
  ASSERT_OK(consumer->Start());
  ASSERT_TRUE(testutil::WaitUntil([&] { return !consumer->status().ok(); }, absl::Seconds(10)));
  const absl::Status status = consumer->status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(status.message(), absl::StrCat("event ", published[2], " (poison")))
      << status;
  // The two events before it are applied and checkpointed; it and the one after are not.
  EXPECT_EQ(testutil::Sequences(consumer_db_->db(), "applied"),
            (std::vector<int64_t>{published[0], published[1]}));
  EXPECT_EQ(Checkpoint(), published[1]);
  ASSERT_OK_AND_ASSIGN(int64_t lag, consumer->lag());
  EXPECT_EQ(lag, 2);
  consumer->Stop();

  // After the fix (here: the projection accepts it), a new consumer resumes at the poison.
  RecordingProjection fixed;
  std::unique_ptr<FeedConsumer> resumed = NewConsumer(fixed);
  ASSERT_OK(resumed->Start());
  ASSERT_TRUE(testutil::WaitUntil(
      [&] { return resumed->last_applied_sequence() == published.back(); }, absl::Seconds(10)));
  EXPECT_EQ(testutil::Sequences(consumer_db_->db(), "applied"), published);
}

TEST_P(ConsumerTest, RetriesTransientProjectionErrors) {
  Publish(1, 3);
  RecordingProjection projection;
  std::atomic<int> failures{0};
  projection.before_apply = [&failures](const v1::Event&) {
    return failures.fetch_add(1) < 4 ? absl::UnavailableError("dependency down") : absl::OkStatus();
  };
  std::unique_ptr<FeedConsumer> consumer = NewConsumer(projection);
  ASSERT_OK(consumer->Start());
  const std::vector<int64_t> published = testutil::Sequences(db(), "outbox");
  ASSERT_TRUE(testutil::WaitUntil(
      [&] { return consumer->last_applied_sequence() == published.back(); }, absl::Seconds(10)));
  EXPECT_EQ(testutil::Sequences(consumer_db_->db(), "applied"), published);
  EXPECT_OK(consumer->status());
}

TEST_P(ConsumerTest, TwoConsumersOfOneFeedOnOneDatabaseApplyEachEventOnce) {
  Publish(40, 5);
  RecordingProjection pa;
  RecordingProjection pb;
  std::unique_ptr<FeedConsumer> a = NewConsumer(pa);
  std::unique_ptr<FeedConsumer> b = NewConsumer(pb);
  ASSERT_OK(a->Start());
  ASSERT_OK(b->Start());
  const std::vector<int64_t> published = testutil::Sequences(db(), "outbox");
  ASSERT_TRUE(testutil::WaitUntil(
      [&] {
        return a->last_applied_sequence() == published.back() &&
               b->last_applied_sequence() == published.back();
      },
      absl::Seconds(30)));
  EXPECT_EQ(testutil::Sequences(consumer_db_->db(), "applied"), published);
  EXPECT_OK(a->status());
  EXPECT_OK(b->status());
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(ConsumerTest);

}  // namespace
}  // namespace parcours::events
