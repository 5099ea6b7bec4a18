#include "libs/common/worker_pool.h"

#include <atomic>
#include <chrono>
#include <set>

#include "gtest/gtest.h"

namespace parcours {
namespace {

TEST(WorkerPool, RunsEveryJobOnItsOwnThreadsAndDrainsOnDestruction) {
  std::atomic<int> ran{0};
  std::mutex mu;
  std::set<std::thread::id> threads;
  {
    WorkerPool pool(4);
    for (int i = 0; i < 1000; ++i) {
      pool.Submit([&] {
        {
          std::lock_guard<std::mutex> lock(mu);
          threads.insert(std::this_thread::get_id());
        }
        ++ran;
      });
    }
  }  // every job submitted has run once the destructor returns
  EXPECT_EQ(ran, 1000);
  EXPECT_LE(threads.size(), 4u);
  EXPECT_EQ(threads.count(std::this_thread::get_id()), 0u);
}

TEST(WorkerPool, ABlockedJobDoesNotHoldTheOthers) {
  WorkerPool pool(2);
  std::mutex gate;
  gate.lock();
  std::atomic<bool> other_ran{false};
  pool.Submit([&] { std::lock_guard<std::mutex> wait(gate); });  // blocks one thread
  pool.Submit([&] { other_ran = true; });
  for (int i = 0; i < 5000 && !other_ran; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_TRUE(other_ran);
  gate.unlock();
}

}  // namespace
}  // namespace parcours
