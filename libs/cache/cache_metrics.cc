#include "libs/cache/cache_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace parcours::cache {
namespace {

const char* OpName(CacheOp op) {
  switch (op) {
    case CacheOp::kGet:
      return "get";
    case CacheOp::kMultiGet:
      return "multi_get";
    case CacheOp::kPut:
      return "put";
    case CacheOp::kInvalidate:
      return "invalidate";
  }
  return "unknown";
}

const char* ReadResultName(ReadResult result) {
  switch (result) {
    case ReadResult::kHit:
      return "hit";
    case ReadResult::kMiss:
      return "miss";
    case ReadResult::kError:
      return "error";
    case ReadResult::kBypass:
      return "bypass";
  }
  return "unknown";
}

// The `result` label of writes: "bypass" like reads, rather than WriteResultName's
// "bypassed", so one dashboard query covers both.
const char* WriteLabel(WriteResult result) {
  switch (result) {
    case WriteResult::kStored:
      return "stored";
    case WriteResult::kStale:
      return "stale";
    case WriteResult::kError:
      return "error";
    case WriteResult::kBypassed:
      return "bypass";
  }
  return "unknown";
}

constexpr CacheOp kAllOps[] = {CacheOp::kGet, CacheOp::kMultiGet, CacheOp::kPut,
                               CacheOp::kInvalidate};
constexpr ReadResult kAllReads[] = {ReadResult::kHit, ReadResult::kMiss, ReadResult::kError,
                                    ReadResult::kBypass};
constexpr WriteResult kAllWrites[] = {WriteResult::kStored, WriteResult::kStale,
                                      WriteResult::kError, WriteResult::kBypassed};
constexpr BreakerState kAllStates[] = {BreakerState::kClosed, BreakerState::kHalfOpen,
                                       BreakerState::kOpen};

bool IsRead(CacheOp op) { return op == CacheOp::kGet || op == CacheOp::kMultiGet; }

}  // namespace

CacheMetrics::CacheMetrics(prometheus::Registry& registry, const std::string& cache_name) {
  // Every series is created up front so that rate() sees zeros rather than absent series.
  auto& requests = prometheus::BuildCounter()
                       .Name("parcours_cache_requests_total")
                       .Help("Cache lookups (per key) and writes (per entry) by result.")
                       .Register(registry);
  for (CacheOp op : kAllOps) {
    const size_t o = static_cast<size_t>(op);
    if (IsRead(op)) {
      for (ReadResult r : kAllReads) {
        reads_[o][static_cast<size_t>(r)] = &requests.Add(
            {{"cache", cache_name}, {"op", OpName(op)}, {"result", ReadResultName(r)}});
      }
    } else {
      for (WriteResult r : kAllWrites) {
        writes_[o][static_cast<size_t>(r)] =
            &requests.Add({{"cache", cache_name}, {"op", OpName(op)}, {"result", WriteLabel(r)}});
      }
    }
  }

  auto& latency = prometheus::BuildHistogram()
                      .Name("parcours_cache_operation_seconds")
                      .Help("Time spent in a cache call, including bypassed calls.")
                      .Register(registry);
  const prometheus::Histogram::BucketBoundaries buckets = {
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1};
  for (CacheOp op : kAllOps) {
    latency_[static_cast<size_t>(op)] =
        &latency.Add({{"cache", cache_name}, {"op", OpName(op)}}, buckets);
  }

  breaker_state_ = &prometheus::BuildGauge()
                        .Name("parcours_cache_breaker_state")
                        .Help("Circuit breaker in front of Redis: 0 closed, 1 half-open, 2 open.")
                        .Register(registry)
                        .Add({{"cache", cache_name}});
  auto& transitions = prometheus::BuildCounter()
                          .Name("parcours_cache_breaker_transitions_total")
                          .Help("Circuit breaker state changes, by the state entered.")
                          .Register(registry);
  for (BreakerState s : kAllStates) {
    transitions_[static_cast<size_t>(s)] =
        &transitions.Add({{"cache", cache_name}, {"to", BreakerStateName(s)}});
  }
  dropped_invalidations_ =
      &prometheus::BuildCounter()
           .Name("parcours_cache_invalidations_dropped_total")
           .Help(
               "Failed invalidations that could not be kept for replay; staleness is then "
               "bounded by the entry TTL only.")
           .Register(registry)
           .Add({{"cache", cache_name}});
}

void CacheMetrics::CountRead(CacheOp op, ReadResult result, size_t keys) {
  if (keys == 0) return;
  prometheus::Counter* c = reads_[static_cast<size_t>(op)][static_cast<size_t>(result)];
  if (c != nullptr) c->Increment(static_cast<double>(keys));
}

void CacheMetrics::CountWrite(CacheOp op, WriteResult result, size_t entries) {
  if (entries == 0) return;
  prometheus::Counter* c = writes_[static_cast<size_t>(op)][static_cast<size_t>(result)];
  if (c != nullptr) c->Increment(static_cast<double>(entries));
}

void CacheMetrics::ObserveLatency(CacheOp op, absl::Duration elapsed) {
  latency_[static_cast<size_t>(op)]->Observe(absl::ToDoubleSeconds(elapsed));
}

void CacheMetrics::SetBreakerState(BreakerState state) {
  breaker_state_->Set(static_cast<double>(state));
  transitions_[static_cast<size_t>(state)]->Increment();
}

void CacheMetrics::CountDroppedInvalidation() { dropped_invalidations_->Increment(); }

}  // namespace parcours::cache
