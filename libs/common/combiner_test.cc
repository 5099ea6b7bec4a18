#include "libs/common/combiner.h"

#include <atomic>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace parcours {
namespace {

struct Request {
  int value = 0;
  int runs = 0;    // how many times a batch ran this request
  int result = 0;  // what the batch left for its caller
};

TEST(Combiner, ALoneCallerRunsABatchOfOneAtOnce) {
  Combiner<Request> combiner(8);
  Request r{.value = 21};
  std::vector<size_t> sizes;
  combiner.Submit(&r, [&](absl::Span<Request* const> batch) {
    sizes.push_back(batch.size());
    for (Request* q : batch) q->result = 2 * q->value;
  });
  EXPECT_EQ(r.result, 42);
  EXPECT_EQ(sizes, std::vector<size_t>{1});
}

TEST(Combiner, CallersWaitingMeanwhileShareTheNextBatch) {
  Combiner<Request> combiner(64);
  absl::Notification first_running, release_first;
  std::atomic<int> batches{0};
  std::atomic<size_t> largest{0};
  const auto run = [&](absl::Span<Request* const> batch) {
    if (batches.fetch_add(1) == 0) {
      first_running.Notify();
      release_first.WaitForNotification();
    }
    size_t seen = largest.load();
    while (batch.size() > seen && !largest.compare_exchange_weak(seen, batch.size())) {
    }
    for (Request* q : batch) {
      ++q->runs;
      q->result = q->value + 1;
    }
  };
  Request first{.value = 0};
  std::thread leader([&] { combiner.Submit(&first, run); });
  first_running.WaitForNotification();
  std::vector<Request> others(7);
  std::vector<std::thread> threads;
  for (int i = 0; i < 7; ++i) {
    others[i].value = i + 1;
    threads.emplace_back([&, i] { combiner.Submit(&others[i], run); });
  }
  absl::SleepFor(absl::Milliseconds(200));  // all seven queue behind the running batch
  release_first.Notify();
  leader.join();
  for (auto& t : threads) t.join();
  EXPECT_EQ(first.runs, 1);
  for (const Request& r : others) {
    EXPECT_EQ(r.runs, 1);
    EXPECT_EQ(r.result, r.value + 1);
  }
  EXPECT_GT(largest.load(), 1u) << "the waiting callers never shared a batch";
  EXPECT_LT(batches.load(), 8);
}

TEST(Combiner, EveryRequestRunsExactlyOnceInBatchesOfAtMostMax) {
  constexpr size_t kMax = 4;
  Combiner<Request> combiner(kMax);
  constexpr int kThreads = 16, kEach = 200;
  std::vector<std::vector<Request>> requests(kThreads, std::vector<Request>(kEach));
  std::atomic<bool> too_big{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Request& r = requests[t][i];
        r.value = t * kEach + i;
        combiner.Submit(&r, [&](absl::Span<Request* const> batch) {
          if (batch.size() > kMax) too_big = true;
          for (Request* q : batch) {
            ++q->runs;
            q->result = -q->value;
          }
        });
        ASSERT_EQ(r.runs, 1);  // done when Submit returns
        ASSERT_EQ(r.result, -r.value);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_FALSE(too_big.load());
}

}  // namespace
}  // namespace parcours
