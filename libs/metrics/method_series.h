// The Prometheus series of one side's RPC metrics (grpc_server_* or grpc_client_*), one set
// per method, for the interceptors in grpc_metrics.cc. Every call looks its method's set up,
// so that lookup takes no lock once the method has been seen: gRPC hands each call the name
// of its registered method as a `const char*` that stays the same for that method (the
// generated method tables, gRPC's own "unknown" handler), and the set is found from that
// address in a small table that readers probe with atomic loads only.
//
//   RpcSeries series(registry, "server");
//   MethodSeries& m = series.For(info->method(), static_cast<int>(info->type()));
//   m.started->Increment();
//   ...
//   series.CountHandled(m, static_cast<int>(status.error_code()));
//   m.seconds->Observe(elapsed_seconds);
#ifndef PARCOURS_LIBS_METRICS_METHOD_SERIES_H_
#define PARCOURS_LIBS_METRICS_METHOD_SERIES_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace parcours::metrics {

inline constexpr int kNumStatusCodes = 17;  // grpc::StatusCode OK..UNAUTHENTICATED

// The series of one method. Created once, never moved or freed while its RpcSeries lives.
struct MethodSeries {
  std::string full_method;    // "/package.Service/Method", as gRPC names it
  prometheus::Labels labels;  // grpc_type, grpc_service, grpc_method
  prometheus::Counter* started = nullptr;
  prometheus::Counter* msg_received = nullptr;
  prometheus::Counter* msg_sent = nullptr;
  prometheus::Histogram* seconds = nullptr;
  // grpc_handled_total by code, created at the code's first use (OK at once).
  std::array<std::atomic<prometheus::Counter*>, kNumStatusCodes> handled{};
};

class RpcSeries {
 public:
  // Registers the five families grpc_<side>_* in `registry`, which must outlive this.
  RpcSeries(prometheus::Registry& registry, const std::string& side);

  RpcSeries(const RpcSeries&) = delete;
  RpcSeries& operator=(const RpcSeries&) = delete;

  // The series of `full_method` ("/package.Service/Method"); `type` is grpc's RPC type
  // (0 unary, 1 client stream, 2 server stream, 3 bidi), used for the label when the
  // method is first seen. Safe from any thread. Without a lock when this address has been
  // seen with this name before; an address that is reused for another name (a generic
  // stub's per-call string) is recognised and takes the locked path.
  MethodSeries& For(const char* full_method, int type);

  // Counts one call of `m` finished with `code` (out of range counts as Unknown).
  void CountHandled(MethodSeries& m, int code);

 private:
  // One remembered address of a method's name.
  struct Shortcut {
    const char* name;
    MethodSeries* series;
  };
  // A power of two. Half of it at most is filled, so a probe always meets an empty slot;
  // a server has a few dozen methods, and once half is used further methods are still
  // served, by the locked path.
  static constexpr size_t kSlots = 256;
  static constexpr size_t kMaxShortcuts = kSlots / 2;

  MethodSeries& ForSlow(const char* full_method, int type) ABSL_LOCKS_EXCLUDED(mu_);
  void RememberLocked(const char* full_method, MethodSeries* series)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  prometheus::Counter& HandledLocked(MethodSeries& m, int code) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  static size_t SlotOf(const char* name);

  prometheus::Family<prometheus::Counter>& started_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Counter>& msg_received_;
  prometheus::Family<prometheus::Counter>& msg_sent_;
  prometheus::Family<prometheus::Histogram>& seconds_;

  std::array<std::atomic<const Shortcut*>, kSlots> slots_{};
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>> by_method_ ABSL_GUARDED_BY(mu_);
  std::vector<std::unique_ptr<Shortcut>> shortcuts_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parcours::metrics

#endif  // PARCOURS_LIBS_METRICS_METHOD_SERIES_H_
