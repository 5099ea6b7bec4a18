// The outbox gap, tested: transactions that commit in the reverse of the order they began
// (and wrote) in must still reach a following consumer, in commit order, none lost. A
// naive outbox that takes its sequence at INSERT time fails this on PostgreSQL: T1 gets
// N, T2 gets N+1 and commits first, the consumer moves past N+1, and N appears later,
// behind it. Runs on both drivers; on SQLite the second writer cannot even begin until
// the first commits, which the test checks too.
#include <functional>
#include <random>
#include <thread>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "libs/events/outbox_rows.h"
#include "libs/events/test_util.h"
#include "libs/testing/test_database.h"

namespace parcours::events {
namespace {

using testutil::FeedTestServer;
using testutil::MakeEvent;
using testutil::RecordingProjection;

class CommitOrderTest : public parcours::testutil::DualDriverTest {
 protected:
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(storage::ApplyMigrations(db(), OutboxMigrations()));
    ASSERT_OK_AND_ASSIGN(consumer_db_, parcours::testutil::TestDatabase::Create(GetParam()));
    ASSERT_OK(storage::ApplyMigrations(consumer_db_->db(), testutil::ConsumerMigrations()));
    server_ = FeedTestServer::Start(db(), notifier_, {.source = "test"});
    ASSERT_NE(server_, nullptr);
    consumer_ = std::make_unique<FeedConsumer>(server_->NewChannel(), consumer_db_->db(),
                                               projection_, FeedConsumerOptions{.feed = "test"});
    ASSERT_OK(consumer_->Start());
  }

  void TearDown() override {
    consumer_.reset();
    server_.reset();
    DualDriverTest::TearDown();
  }

  // `writers` threads each commit `transactions` transactions whose body is `stage`.
  void RunConcurrentWriters(
      int writers, int transactions,
      const std::function<void(storage::Transaction&, std::minstd_rand&)>& stage) {
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
      threads.emplace_back([&, w] {
        std::minstd_rand rng(w);
        for (int i = 0; i < transactions; ++i) {
          EXPECT_OK(db().InTransaction(
              [&](storage::Transaction& tx) {
                stage(tx, rng);
                return absl::OkStatus();
              },
              10));
        }
      });
    }
    for (auto& t : threads) t.join();
  }

  // The follower applied exactly the published sequences, each once, in order.
  void ExpectTheFollowerAppliedEveryEventOnce() {
    const std::vector<int64_t> published = testutil::Sequences(db(), "outbox");
    ASSERT_FALSE(published.empty());
    ASSERT_TRUE(testutil::WaitUntil(
        [&] { return consumer_->last_applied_sequence() == published.back(); }, absl::Seconds(30)));
    EXPECT_EQ(testutil::Sequences(consumer_db_->db(), "applied"), published);
    EXPECT_EQ(projection_.calls.load(), static_cast<int64_t>(published.size()));
    EXPECT_OK(consumer_->status());
  }

  FeedNotifier notifier_;
  Outbox outbox_{"test", notifier_};
  std::unique_ptr<parcours::testutil::TestDatabase> consumer_db_;
  std::unique_ptr<FeedTestServer> server_;
  RecordingProjection projection_;
  std::unique_ptr<FeedConsumer> consumer_;
};

TEST_P(CommitOrderTest, ReverseCommitOrderReachesTheFollowerInCommitOrder) {
  // The follower is caught up and waiting before the writers start.
  ASSERT_TRUE(testutil::WaitUntil([&] { return consumer_->last_applied_sequence() == 0; },
                                  absl::Seconds(1)));
  ASSERT_OK_AND_ASSIGN(auto t1, db().Begin(storage::TxMode::kWrite));
  outbox_.Stage(*t1, MakeEvent("from_t1"));
  std::atomic<bool> t2_committed{false};
  std::thread t2_thread([&] {
    // On SQLite this Begin waits for T1 (BEGIN IMMEDIATE).
    absl::StatusOr<std::unique_ptr<storage::Transaction>> t2 = db().Begin(storage::TxMode::kWrite);
    ASSERT_OK(t2);
    outbox_.Stage(**t2, MakeEvent("from_t2"));
    EXPECT_OK((*t2)->Commit());
    t2_committed = true;
  });
  const bool t2_first =
      testutil::WaitUntil([&] { return t2_committed.load(); }, absl::Milliseconds(500));
  EXPECT_EQ(t2_first, is_postgres()) << "PostgreSQL runs the writers concurrently; SQLite "
                                        "serialises them";
  if (is_postgres()) {
    // The follower has seen T2's event by now and moved its position past it.
    ASSERT_TRUE(
        testutil::WaitUntil([&] { return projection_.calls.load() == 1; }, absl::Seconds(10)));
  }
  ASSERT_OK(t1->Commit());
  t2_thread.join();

  ASSERT_TRUE(testutil::WaitUntil([&] { return projection_.calls.load() >= 2; }, absl::Seconds(10)))
      << "the follower lost an event";
  std::vector<int64_t> applied = testutil::Sequences(consumer_db_->db(), "applied");
  EXPECT_EQ(applied, testutil::Sequences(db(), "outbox"));
  ASSERT_EQ(applied.size(), 2u);
  ASSERT_OK_AND_ASSIGN(auto tx, consumer_db_->db().Begin(storage::TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(auto rs, tx->Query("SELECT type FROM applied ORDER BY sequence"));
  // Feed order is commit order.
  EXPECT_EQ(rs.rows[0].Text(0), is_postgres() ? "from_t2" : "from_t1");
  EXPECT_EQ(rs.rows[1].Text(0), is_postgres() ? "from_t1" : "from_t2");
  EXPECT_OK(consumer_->status());
}

TEST_P(CommitOrderTest, ConcurrentWritersNeverLoseAnEventForAFollower) {
  RunConcurrentWriters(6, 25, [&](storage::Transaction& tx, std::minstd_rand& rng) {
    outbox_.Stage(tx, MakeEvent("concurrent"));
    // Work between staging and commit, of random length, so commits interleave in an order
    // unrelated to begin order.
    absl::SleepFor(absl::Microseconds(rng() % 3000));
    if (rng() % 2 == 0) outbox_.Stage(tx, MakeEvent("concurrent"));
  });
  ExpectTheFollowerAppliedEveryEventOnce();
}

// The same with batches of several multi-row INSERTs per transaction (a CAF import's
// shape): a follower still receives every event once, in sequence order.
TEST_P(CommitOrderTest, ConcurrentBatchWritersNeverLoseAnEventForAFollower) {
  const size_t batch = kInsertBatchRows + 44;
  RunConcurrentWriters(3, 4, [&](storage::Transaction& tx, std::minstd_rand& rng) {
    outbox_.Stage(tx, std::vector<v1::Event>(batch, MakeEvent("batched")));
    absl::SleepFor(absl::Microseconds(rng() % 3000));
  });
  EXPECT_EQ(testutil::Sequences(db(), "outbox").size(), 3 * 4 * batch);
  ExpectTheFollowerAppliedEveryEventOnce();
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(CommitOrderTest);

}  // namespace
}  // namespace parcours::events
