// ConnectionPool against a redis-server of the test's own: connections are made lazily,
// reused, capped, thrown away when broken, and re-made.
#include <atomic>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/cache/connection_pool.h"
#include "libs/cache/redis_test_server.h"

namespace parcours::cache::internal {
namespace {

class ConnectionPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<RedisTestServer>> redis = RedisTestServer::Start();
    ASSERT_TRUE(redis.ok()) << "cannot start a redis-server of our own: " << redis.status();
    redis_ = *std::move(redis);
    absl::StatusOr<RedisEndpoint> endpoint = ParseRedisUrl(redis_->url());
    ASSERT_TRUE(endpoint.ok());
    endpoint_ = *endpoint;
  }

  ConnectionPool::Factory Factory() {
    return [this] {
      ++made_;
      return RedisConnection::Open(
          endpoint_, {.connect = absl::Milliseconds(500), .command = absl::Milliseconds(100)});
    };
  }

  std::unique_ptr<RedisTestServer> redis_;
  RedisEndpoint endpoint_;
  std::atomic<int> made_{0};
};

TEST_F(ConnectionPoolTest, ReusesAReturnedConnection) {
  ConnectionPool pool(2, absl::Milliseconds(50), Factory());
  EXPECT_EQ(made_, 0);  // lazily
  RedisConnection* first = nullptr;
  {
    absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    first = &**lease;
  }
  absl::StatusOr<ConnectionPool::Lease> again = pool.Acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(&**again, first);
  EXPECT_EQ(made_, 1);
}

TEST_F(ConnectionPoolTest, WaitsThenGivesUpWhenEveryConnectionIsLent) {
  ConnectionPool pool(1, absl::Milliseconds(50), Factory());
  absl::StatusOr<ConnectionPool::Lease> held = pool.Acquire();
  ASSERT_TRUE(held.ok());
  const absl::Time start = absl::Now();
  absl::StatusOr<ConnectionPool::Lease> none = pool.Acquire();
  EXPECT_EQ(none.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(45));
  EXPECT_EQ(made_, 1);
}

TEST_F(ConnectionPoolTest, ABrokenConnectionIsClosedAndReplaced) {
  ConnectionPool pool(1, absl::Milliseconds(50), Factory());
  {
    absl::StatusOr<ConnectionPool::Lease> lease = pool.Acquire();
    ASSERT_TRUE(lease.ok());
    // A reply slower than the 100 ms command timeout leaves the connection out of step.
    absl::StatusOr<RedisReply> slow = (*lease)->Run({"DEBUG", "SLEEP", "0.3"});
    EXPECT_EQ(slow.status().code(), absl::StatusCode::kDeadlineExceeded) << slow.status();
    EXPECT_TRUE((*lease)->broken());
  }
  absl::SleepFor(absl::Milliseconds(300));
  absl::StatusOr<ConnectionPool::Lease> fresh = pool.Acquire();  // the cap of 1 was freed
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  EXPECT_EQ(made_, 2);
  absl::StatusOr<RedisReply> pong = (*fresh)->Run({"PING"});
  ASSERT_TRUE(pong.ok()) << pong.status();
  EXPECT_EQ(ReplyText(**pong), "PONG");
}

TEST_F(ConnectionPoolTest, DropIdleClosesIdleConnections) {
  ConnectionPool pool(2, absl::Milliseconds(50), Factory());
  { ASSERT_TRUE(pool.Acquire().ok()); }
  pool.DropIdle();
  ASSERT_TRUE(pool.Acquire().ok());
  EXPECT_EQ(made_, 2);
}

TEST_F(ConnectionPoolTest, AFailedConnectIsReportedAndFreesItsSlot) {
  redis_->Kill();
  ConnectionPool pool(1, absl::Milliseconds(50), Factory());
  EXPECT_EQ(pool.Acquire().status().code(), absl::StatusCode::kUnavailable);
  ASSERT_TRUE(redis_->Restart().ok());
  EXPECT_TRUE(pool.Acquire().ok());
  EXPECT_EQ(made_, 2);
}

}  // namespace
}  // namespace parcours::cache::internal
