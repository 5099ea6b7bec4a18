#include "libs/storage/connection_pool.h"

#include <atomic>
#include <memory>

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

}  // namespace
}  // namespace parcours::storage
