// A circuit breaker in front of a dependency that is optional and must never add latency
// when it is down or slow (Redis for the cache). Pure logic: the caller says whether each
// call succeeded; the breaker decides whether the next call may go out.
//
//   CLOSED ──N consecutive failures──► OPEN ──cool-down elapsed──► HALF_OPEN (one probe)
//     ▲                                  ▲                              │
//     └──────────── probe succeeded ─────┼──────────────────────────────┘
//                                        └──────── probe failed ────────┘
//
//   CircuitBreaker breaker({.failure_threshold = 5, .cool_down = absl::Seconds(1)}, clock);
//   CircuitBreaker::Permit permit = breaker.Acquire();
//   if (permit == CircuitBreaker::Permit::kDenied) return ReadTheDatabase();
//   absl::Status s = TalkToRedis();
//   s.ok() ? breaker.RecordSuccess(permit) : breaker.RecordFailure(permit);
//
// Thread-safe.
#ifndef PARCOURS_LIBS_CACHE_CIRCUIT_BREAKER_H_
#define PARCOURS_LIBS_CACHE_CIRCUIT_BREAKER_H_

#include <functional>
#include <mutex>

#include "absl/time/time.h"
#include "libs/common/clock.h"

namespace parcours::cache {

// Values are the ones the `parcours_cache_breaker_state` gauge exports.
enum class BreakerState { kClosed = 0, kHalfOpen = 1, kOpen = 2 };

// "closed", "half_open", "open": the `to` label of the transitions counter.
const char* BreakerStateName(BreakerState state);

struct CircuitBreakerOptions {
  // Consecutive failures (errors or timeouts) that open a closed breaker.
  int failure_threshold = 5;
  // How long an open breaker refuses every call before it lets one probe through. Also the
  // longest a probe may stay unanswered before another one is allowed (a caller that never
  // reports must not keep the breaker half-open forever).
  absl::Duration cool_down = absl::Seconds(1);
};

class CircuitBreaker {
 public:
  // What Acquire() grants. A result is only taken into account for the permit it was given
  // under: a slow call started while CLOSED that fails after the breaker went HALF_OPEN
  // must not reopen it; only the probe decides.
  enum class Permit { kDenied, kAllowed, kProbe };

  // `on_transition` is called with the new state on every change, under the breaker's
  // lock so that observers see transitions in order; it must not call back into the
  // breaker. `clock` must outlive the breaker.
  CircuitBreaker(CircuitBreakerOptions options, const Clock& clock,
                 std::function<void(BreakerState)> on_transition = {});

  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  // kDenied while OPEN (within the cool-down) and while a HALF_OPEN probe is out; kProbe
  // for the single call that tests a recovering dependency; kAllowed while CLOSED.
  Permit Acquire();

  // Report the outcome of a call made under `permit`. kDenied permits are ignored.
  void RecordSuccess(Permit permit);
  void RecordFailure(Permit permit);

  BreakerState state() const;

 private:
  void TransitionLocked(BreakerState to);

  const CircuitBreakerOptions options_;
  const Clock& clock_;
  const std::function<void(BreakerState)> on_transition_;

  mutable std::mutex mu_;
  BreakerState state_ = BreakerState::kClosed;
  int consecutive_failures_ = 0;
  absl::Time opened_at_;         // valid while OPEN
  absl::Time probe_started_at_;  // valid while HALF_OPEN
};

}  // namespace parcours::cache

#endif  // PARCOURS_LIBS_CACHE_CIRCUIT_BREAKER_H_
