// Combines concurrent requests into batches run by one of the callers (the "leader/
// follower" scheme of group commit): the first caller to find no batch running takes every
// request queued so far (at most `max_batch`) and runs them together; the others wait
// until a batch holding theirs has run. No thread of its own, no timer: a lone caller runs
// a batch of one at once, and under load the batches grow by themselves with the number
// of callers waiting. Used where one write per request costs much more than one write per
// batch: SQLite commits (sqlite_database.cc), audit records (audit_log.cc).
//
//   struct Request { Record record; absl::Status status; };
//   Combiner<Request> combiner(/*max_batch=*/64);
//   Request mine{record};
//   combiner.Submit(&mine, [&](absl::Span<Request* const> batch) {
//     absl::Status s = WriteAll(batch);
//     for (Request* r : batch) r->status = s;
//   });
//   return mine.status;
#ifndef PARCOURS_LIBS_COMMON_COMBINER_H_
#define PARCOURS_LIBS_COMMON_COMBINER_H_

#include <algorithm>
#include <cstddef>
#include <deque>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"

namespace parcours {

template <typename Request>
class Combiner {
 public:
  explicit Combiner(size_t max_batch) : max_batch_(std::max<size_t>(max_batch, 1)) {}

  // Queues `request` and returns once a batch holding it has run, on this thread or on
  // another caller's. `run` gets the batch in arrival order and must leave in each request
  // whatever its caller reads afterwards; it runs with no lock held.
  void Submit(Request* request, absl::FunctionRef<void(absl::Span<Request* const>)> run) {
    Waiting mine{request};
    std::vector<Waiting*> batch;
    {
      absl::MutexLock lock(&mu_);
      queued_.push_back(&mine);
      const auto done_or_free = [&]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        return mine.done || (!running_ && queued_.front() == &mine);
      };
      mu_.Await(absl::Condition(&done_or_free));
      if (mine.done) return;
      running_ = true;
      const size_t n = std::min(queued_.size(), max_batch_);
      batch.assign(queued_.begin(), queued_.begin() + n);
      queued_.erase(queued_.begin(), queued_.begin() + n);
    }
    std::vector<Request*> requests;
    requests.reserve(batch.size());
    for (Waiting* w : batch) requests.push_back(w->request);
    run(absl::MakeConstSpan(requests));
    absl::MutexLock lock(&mu_);
    for (Waiting* w : batch) w->done = true;
    running_ = false;
  }

 private:
  struct Waiting {
    Request* request;
    bool done = false;
  };

  const size_t max_batch_;
  absl::Mutex mu_;
  std::deque<Waiting*> queued_ ABSL_GUARDED_BY(mu_);
  bool running_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace parcours

#endif  // PARCOURS_LIBS_COMMON_COMBINER_H_
