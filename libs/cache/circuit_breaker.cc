#include "libs/cache/circuit_breaker.h"

#include <utility>

namespace parcours::cache {

const char* BreakerStateName(BreakerState state) {
  switch (state) {
    case BreakerState::kClosed:
      return "closed";
    case BreakerState::kHalfOpen:
      return "half_open";
    case BreakerState::kOpen:
      return "open";
  }
  return "unknown";
}

CircuitBreaker::CircuitBreaker(CircuitBreakerOptions options, const Clock& clock,
                               std::function<void(BreakerState)> on_transition)
    : options_(options), clock_(clock), on_transition_(std::move(on_transition)) {}

CircuitBreaker::Permit CircuitBreaker::Acquire() {
  std::lock_guard<std::mutex> lock(mu_);
  switch (state_) {
    case BreakerState::kClosed:
      return Permit::kAllowed;
    case BreakerState::kOpen: {
      const absl::Time now = clock_.Now();
      if (now - opened_at_ < options_.cool_down) return Permit::kDenied;
      TransitionLocked(BreakerState::kHalfOpen);
      probe_started_at_ = now;
      return Permit::kProbe;
    }
    case BreakerState::kHalfOpen: {
      // One probe at a time; a probe nobody answered within a cool-down is presumed lost.
      const absl::Time now = clock_.Now();
      if (now - probe_started_at_ < options_.cool_down) return Permit::kDenied;
      probe_started_at_ = now;
      return Permit::kProbe;
    }
  }
  return Permit::kDenied;
}

void CircuitBreaker::RecordSuccess(Permit permit) {
  if (permit == Permit::kDenied) return;
  std::lock_guard<std::mutex> lock(mu_);
  switch (state_) {
    case BreakerState::kClosed:
      consecutive_failures_ = 0;
      break;
    case BreakerState::kHalfOpen:
      if (permit == Permit::kProbe) {
        consecutive_failures_ = 0;
        TransitionLocked(BreakerState::kClosed);
      }
      break;
    case BreakerState::kOpen:
      break;  // a call from before the breaker opened proves nothing about now
  }
}

void CircuitBreaker::RecordFailure(Permit permit) {
  if (permit == Permit::kDenied) return;
  std::lock_guard<std::mutex> lock(mu_);
  switch (state_) {
    case BreakerState::kClosed:
      if (++consecutive_failures_ >= options_.failure_threshold) {
        opened_at_ = clock_.Now();
        TransitionLocked(BreakerState::kOpen);
      }
      break;
    case BreakerState::kHalfOpen:
      if (permit == Permit::kProbe) {
        opened_at_ = clock_.Now();
        TransitionLocked(BreakerState::kOpen);
      }
      break;
    case BreakerState::kOpen:
      break;
  }
}

BreakerState CircuitBreaker::state() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_;
}

void CircuitBreaker::TransitionLocked(BreakerState to) {
  if (state_ == to) return;
  state_ = to;
  if (on_transition_) on_transition_(to);
}

}  // namespace parcours::cache
