// The cache's Prometheus metrics, registered once per cache in the service's registry:
//
//   parcours_cache_requests_total{cache,op,result}       counter
//       op get|multi_get: one per key looked up, result hit|miss|error|bypass, so that
//         hit ratio = hit / sum(all results) whatever the batch sizes;
//       op put|invalidate: one per entry, result stored|stale|error|bypass.
//   parcours_cache_operation_seconds{cache,op}           histogram, 50 µs to 100 ms
//       the time a call spent in the cache, bypassed calls included (≈0: what an open
//       breaker costs a request).
//   parcours_cache_breaker_state{cache}                  gauge 0 closed, 1 half-open, 2 open
//   parcours_cache_breaker_transitions_total{cache,to}   counter, to closed|half_open|open
//   parcours_cache_invalidations_dropped_total{cache}    counter: failed invalidations that
//       did not fit the replay set (staleness then bounded by the TTL only)
//
//   CacheMetrics metrics(registry, "catalogue");
//   metrics.CountRead(CacheOp::kMultiGet, ReadResult::kHit, 3);
//
// Thread-safe (prometheus-cpp metrics are).
#ifndef PARCOURS_LIBS_CACHE_CACHE_METRICS_H_
#define PARCOURS_LIBS_CACHE_CACHE_METRICS_H_

#include <array>
#include <cstddef>
#include <string>

#include "absl/time/time.h"
#include "libs/cache/cache.h"
#include "libs/cache/circuit_breaker.h"

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
class Registry;
}  // namespace prometheus

namespace parcours::cache {

enum class CacheOp { kGet, kMultiGet, kPut, kInvalidate };
enum class ReadResult { kHit, kMiss, kError, kBypass };

class CacheMetrics {
 public:
  CacheMetrics(prometheus::Registry& registry, const std::string& cache_name);

  void CountRead(CacheOp op, ReadResult result, size_t keys = 1);
  void CountWrite(CacheOp op, WriteResult result, size_t entries = 1);
  void ObserveLatency(CacheOp op, absl::Duration elapsed);
  void SetBreakerState(BreakerState state);  // also counts the transition
  void CountDroppedInvalidation();

 private:
  static constexpr size_t kOps = 4;
  static constexpr size_t kResults = 4;
  std::array<std::array<prometheus::Counter*, kResults>, kOps> reads_{};
  std::array<std::array<prometheus::Counter*, kResults>, kOps> writes_{};
  std::array<prometheus::Histogram*, kOps> latency_{};
  prometheus::Gauge* breaker_state_ = nullptr;
  std::array<prometheus::Counter*, 3> transitions_{};
  prometheus::Counter* dropped_invalidations_ = nullptr;
};

}  // namespace parcours::cache

#endif  // PARCOURS_LIBS_CACHE_CACHE_METRICS_H_
