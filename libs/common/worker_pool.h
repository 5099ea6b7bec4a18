// A fixed set of threads that run submitted jobs in order of submission, for work that may
// block (a Redis round trip, a database read) and must not run where it was found: a gRPC
// callback handler must return without blocking, or it stalls the threads that serve every
// other call. The catalogue's GetOffer answers cache hits on the callback thread and hands
// misses to a pool.
//
//   WorkerPool pool(16);
//   pool.Submit([reactor, ...] { ...blocking read...; reactor->Finish(status); });
//
// Submit never blocks (the queue is unbounded: callers bound their own work, a gRPC server
// by its calls in flight). The destructor runs every job already submitted, then joins.
#ifndef PARCOURS_LIBS_COMMON_WORKER_POOL_H_
#define PARCOURS_LIBS_COMMON_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace parcours {

class WorkerPool {
 public:
  explicit WorkerPool(int threads) {
    for (int i = 0; i < (threads < 1 ? 1 : threads); ++i) {
      threads_.emplace_back([this] { Work(); });
    }
  }
  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Submit(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // closing, and nothing left to run
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace parcours

#endif  // PARCOURS_LIBS_COMMON_WORKER_POOL_H_
