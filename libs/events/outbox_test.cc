// The outbox on SQLite and PostgreSQL: what Stage fills in, that events exist if and only
// if their transaction commits, and that appends are serialised in commit order.
#include "libs/events/outbox.h"

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "libs/common/ids.h"
#include "libs/events/outbox_rows.h"
#include "libs/events/test_util.h"
#include "libs/testing/test_database.h"

namespace parcours::events {
namespace {

using testutil::MakeEvent;

class OutboxTest : public parcours::testutil::DualDriverTest {
 protected:
  void SetUp() override {
    DualDriverTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK(storage::ApplyMigrations(
        db(), storage::WithMigrations({{"0001_things.sql", "CREATE TABLE things (id TEXT);"}},
                                      OutboxMigrations())));
  }

  std::vector<v1::Event> ReadAll() {
    auto tx = db().Begin(storage::TxMode::kRead);
    if (!tx.ok()) return {};
    auto events = ReadEvents(**tx, "test", 0, {}, 1000);
    return events.ok() ? *events : std::vector<v1::Event>{};
  }

  FakeClock clock_{absl::FromUnixSeconds(1700000000) + absl::Microseconds(123456)};
  FeedNotifier notifier_;
  Outbox outbox_{"test", notifier_, clock_};
};

TEST_P(OutboxTest, StagedEventsAreAppendedAtCommitWithTheirFields) {
  v1::Event with_time = MakeEvent("t.dated", "a2");
  with_time.mutable_occurred_at()->set_seconds(42);
  v1::Event with_payload = MakeEvent("t.payload", "a3");
  v1::Event inner = MakeEvent("inner");
  with_payload.mutable_payload()->PackFrom(inner);
  with_payload.set_beneficiary_id("ben_1");
  with_payload.set_tad("TAD-NORD");
  with_payload.set_mds("MDS-3");
  with_payload.set_sequence(999);  // ignored: the outbox assigns sequences
  ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) -> absl::Status {
    outbox_.Stage(tx, MakeEvent("t.plain", "a1"));
    outbox_.Stage(tx, with_time);
    outbox_.Stage(tx, with_payload);
    // Not appended yet: the append is the commit's last act.
    ASSIGN_OR_RETURN(int64_t last, LastSequence(tx));
    if (last != 0) return absl::InternalError("appended before commit");
    return absl::OkStatus();
  }));
  std::vector<v1::Event> events = ReadAll();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].sequence(), events[0].sequence() + 1);
  EXPECT_EQ(events[2].sequence(), events[1].sequence() + 1);
  EXPECT_EQ(events[0].type(), "t.plain");
  EXPECT_TRUE(IsWellFormedId(events[0].event_id(), "evt")) << events[0].event_id();
  EXPECT_NE(events[0].event_id(), events[1].event_id());
  EXPECT_EQ(events[0].source(), "test");
  EXPECT_EQ(events[0].occurred_at().seconds(), 1700000000);
  EXPECT_EQ(events[0].occurred_at().nanos(), 123456000);
  EXPECT_EQ(events[1].occurred_at().seconds(), 42);
  EXPECT_EQ(events[2].beneficiary_id(), "ben_1");
  EXPECT_EQ(events[2].tad(), "TAD-NORD");
  EXPECT_EQ(events[2].mds(), "MDS-3");
  EXPECT_EQ(events[2].aggregate_id(), "a3");
  v1::Event unpacked;
  ASSERT_TRUE(events[2].payload().UnpackTo(&unpacked));
  EXPECT_EQ(unpacked.type(), "inner");
}

TEST_P(OutboxTest, RollbackPublishesNothingAndWakesNobody) {
  const uint64_t generation = notifier_.generation();
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    outbox_.Stage(*tx, MakeEvent("t.lost"));
  }
  absl::Status refused = db().InTransaction([&](storage::Transaction& tx) {
    outbox_.Stage(tx, MakeEvent("t.lost"));
    return absl::FailedPreconditionError("domain says no");
  });
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(ReadAll().empty());
  EXPECT_EQ(notifier_.generation(), generation);
}

TEST_P(OutboxTest, CommitWakesFollowersOnce) {
  const uint64_t generation = notifier_.generation();
  ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) {
    outbox_.Stage(tx, MakeEvent("t.a"));
    outbox_.Stage(tx, MakeEvent("t.b"));
    return absl::OkStatus();
  }));
  EXPECT_EQ(notifier_.generation(), generation + 1);
}

TEST_P(OutboxTest, AnEventWithoutTypeFailsTheWholeCommit) {
  absl::Status status = db().InTransaction([&](storage::Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO things (id) VALUES ('x')").status());
    outbox_.Stage(tx, MakeEvent("t.ok"));
    outbox_.Stage(tx, MakeEvent(""));
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_TRUE(ReadAll().empty());
  EXPECT_TRUE(testutil::Sequences(db(), "outbox").empty());
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(auto rs, tx->Query("SELECT COUNT(*) FROM things"));
  EXPECT_EQ(rs.rows[0].Int(0), 0);
}

TEST_P(OutboxTest, EventsStagedByALaterCommitHookAreNotLost) {
  ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) {
    outbox_.Stage(tx, MakeEvent("t.first"));
    tx.BeforeCommit([&](storage::Transaction& t) {
      outbox_.Stage(t, MakeEvent("t.from_hook"));
      return absl::OkStatus();
    });
    return absl::OkStatus();
  }));
  std::vector<v1::Event> events = ReadAll();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type(), "t.from_hook");
}

// A batch larger than one multi-row INSERT, staged between single events: every event is
// appended, with consecutive sequences in staging order and its own fields.
TEST_P(OutboxTest, ABatchSpanningSeveralInsertsKeepsStagingOrder) {
  const int batch = static_cast<int>(kInsertBatchRows) * 2 + 7;
  ASSERT_OK(db().InTransaction([&](storage::Transaction& tx) {
    outbox_.Stage(tx, MakeEvent("t.before", "first"));
    std::vector<v1::Event> events;
    for (int i = 0; i < batch; ++i) {
      v1::Event e = MakeEvent("t.batch", absl::StrCat("agg-", i));
      e.set_tad(absl::StrCat("TAD-", i % 6));
      events.push_back(std::move(e));
    }
    outbox_.Stage(tx, std::move(events));
    outbox_.Stage(tx, MakeEvent("t.after", "last"));
    return absl::OkStatus();
  }));
  std::vector<v1::Event> events = ReadAll();
  ASSERT_EQ(events.size(), static_cast<size_t>(batch + 2));
  EXPECT_EQ(events.front().aggregate_id(), "first");
  EXPECT_EQ(events.back().aggregate_id(), "last");
  for (int i = 0; i < batch; ++i) {
    const v1::Event& e = events[static_cast<size_t>(i + 1)];
    ASSERT_EQ(e.aggregate_id(), absl::StrCat("agg-", i));
    EXPECT_EQ(e.tad(), absl::StrCat("TAD-", i % 6));
    EXPECT_EQ(e.sequence(), events[static_cast<size_t>(i)].sequence() + 1);
  }
}

TEST_P(OutboxTest, AnEventWithoutTypeInABatchFailsTheWholeCommit) {
  absl::Status status = db().InTransaction([&](storage::Transaction& tx) {
    std::vector<v1::Event> events(kInsertBatchRows + 1, MakeEvent("t.ok"));
    events.back().set_type("");
    outbox_.Stage(tx, std::move(events));
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  EXPECT_TRUE(ReadAll().empty());
}

// T1 is inside its commit, holding the append lock (its extra BeforeCommit hook, which
// runs after the outbox append, blocks). T2 tries to publish meanwhile: on PostgreSQL its
// append waits for T1's commit; on SQLite its BEGIN IMMEDIATE does. Either way T2 gets the
// larger sequence, so commit order is feed order.
TEST_P(OutboxTest, ALaterAppendWaitsForTheEarlierCommit) {
  absl::Notification t1_appended;
  absl::Notification release_t1;
  std::thread t1([&] {
    EXPECT_OK(db().InTransaction(
        [&](storage::Transaction& tx) {
          outbox_.Stage(tx, MakeEvent("t.one"));
          tx.BeforeCommit([&](storage::Transaction&) {
            t1_appended.Notify();
            release_t1.WaitForNotificationWithTimeout(absl::Seconds(30));
            return absl::OkStatus();
          });
          return absl::OkStatus();
        },
        1));
  });
  ASSERT_TRUE(t1_appended.WaitForNotificationWithTimeout(absl::Seconds(10)));
  std::atomic<bool> t2_done{false};
  std::thread t2([&] {
    EXPECT_OK(db().InTransaction(
        [&](storage::Transaction& tx) {
          outbox_.Stage(tx, MakeEvent("t.two"));
          return absl::OkStatus();
        },
        1));
    t2_done = true;
  });
  absl::SleepFor(absl::Milliseconds(400));
  EXPECT_FALSE(t2_done.load()) << "T2 published while T1 held the feed";
  release_t1.Notify();
  t1.join();
  t2.join();
  std::vector<v1::Event> events = ReadAll();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type(), "t.one");
  EXPECT_EQ(events[1].type(), "t.two");
}

PARCOURS_INSTANTIATE_DUAL_DRIVER(OutboxTest);

}  // namespace
}  // namespace parcours::events
