#include "libs/storage/connection_pool.h"

#include <atomic>
#include <memory>
#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace parcours::storage {
namespace {

struct FakeConn {
  int id;
};

TEST(ConnectionPool, ReusesAndBoundsConnections) {
  int opened = 0;
  ConnectionPool<FakeConn> pool(2, absl::Milliseconds(50), [&opened] {
    return absl::StatusOr<std::unique_ptr<FakeConn>>(
        std::make_unique<FakeConn>(FakeConn{++opened}));
  });
  {
    auto a = pool.Acquire();
    ASSERT_TRUE(a.ok());
    auto b = pool.Acquire();
    ASSERT_TRUE(b.ok());
    absl::Time start = absl::Now();
    auto c = pool.Acquire();
    EXPECT_EQ(c.status().code(), absl::StatusCode::kUnavailable);
    EXPECT_GE(absl::Now() - start, absl::Milliseconds(50));
  }
  auto again = pool.Acquire();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(opened, 2);  // reused, not reopened
}

TEST(ConnectionPool, DiscardFreesTheSlotAndFactoryErrorsPropagate) {
  int opened = 0;
  bool fail = false;
  ConnectionPool<FakeConn> pool(1, absl::Milliseconds(50),
                                [&]() -> absl::StatusOr<std::unique_ptr<FakeConn>> {
                                  if (fail) return absl::UnavailableError("down");
                                  return std::make_unique<FakeConn>(FakeConn{++opened});
                                });
  {
    auto a = pool.Acquire();
    ASSERT_TRUE(a.ok());
    a->Discard();
  }
  fail = true;
  EXPECT_EQ(pool.Acquire().status().message(), "down");  // slot freed, factory asked
  fail = false;
  auto b = pool.Acquire();  // the failed open gave its slot back too
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*b)->id, 2);
}

// A pool that cannot open more connections for a while serves with those it has: a caller
// whose new connection fails waits for one of the open ones instead of failing (seen as a
// burst of fast UNAVAILABLE reads when a cache outage sent every read to the database).
TEST(ConnectionPool, AFailedOpenWaitsForAnOpenConnection) {
  std::atomic<bool> fail{false};
  ConnectionPool<FakeConn> pool(4, absl::Seconds(2),
                                [&]() -> absl::StatusOr<std::unique_ptr<FakeConn>> {
                                  if (fail) return absl::UnavailableError("cannot open");
                                  return std::make_unique<FakeConn>(FakeConn{7});
                                });
  auto held = std::make_unique<absl::StatusOr<ConnectionPool<FakeConn>::Lease>>(pool.Acquire());
  ASSERT_TRUE(held->ok());
  fail = true;
  std::thread release([&] {
    absl::SleepFor(absl::Milliseconds(50));
    held.reset();  // back to the pool
  });
  const absl::Time start = absl::Now();
  auto second = pool.Acquire();  // opening fails; the held one comes back
  release.join();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ((*second)->id, 7);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(40));
  // With none open, the factory's error is the answer, at once.
  ConnectionPool<FakeConn> empty(4, absl::Seconds(2),
                                 []() -> absl::StatusOr<std::unique_ptr<FakeConn>> {
                                   return absl::UnavailableError("cannot open");
                                 });
  const absl::Time t = absl::Now();
  EXPECT_EQ(empty.Acquire().status().message(), "cannot open");
  EXPECT_LT(absl::Now() - t, absl::Seconds(1));
}

}  // namespace
}  // namespace parcours::storage
