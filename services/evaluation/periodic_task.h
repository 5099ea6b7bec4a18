// Runs a function every `interval` on its own thread until stopped (the /metrics gauges'
// refresh). Stop() is prompt: it does not wait for the interval to end.
//
//   PeriodicTask refresh(absl::Seconds(30), [&] { metrics.Update(...); });
//   refresh.Start();
//   ...
//   refresh.Stop();   // also in the destructor
#ifndef PARCOURS_SERVICES_EVALUATION_PERIODIC_TASK_H_
#define PARCOURS_SERVICES_EVALUATION_PERIODIC_TASK_H_

#include <functional>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace parcours::evaluation {

class PeriodicTask {
 public:
  PeriodicTask(absl::Duration interval, std::function<void()> fn)
      : interval_(interval), fn_(std::move(fn)) {}
  ~PeriodicTask() { Stop(); }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Runs fn now, then every interval. Once only.
  void Start() {
    thread_ = std::thread([this] {
      for (;;) {
        fn_();
        absl::MutexLock lock(&mu_);
        if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), interval_)) return;
      }
    });
  }

  void Stop() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    if (thread_.joinable()) thread_.join();
  }

 private:
  const absl::Duration interval_;
  const std::function<void()> fn_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_PERIODIC_TASK_H_
