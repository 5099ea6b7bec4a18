#include "libs/metrics/method_series.h"

#include <cstdint>
#include <cstring>

#include "absl/strings/string_view.h"
#include "libs/metrics/grpc_metrics.h"

namespace parcours::metrics {
namespace {

const char* CodeName(int code) {
  static constexpr std::array<const char*, kNumStatusCodes> kNames = {
      "OK",       "Canceled",       "Unknown",          "InvalidArgument",   "DeadlineExceeded",
      "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
      "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
      "DataLoss", "Unauthenticated"};
  return (code >= 0 && code < kNumStatusCodes) ? kNames[code] : "Unknown";
}

const char* TypeName(int type) {
  switch (type) {
    case 0:
      return "unary";
    case 1:
      return "client_stream";
    case 2:
      return "server_stream";
    default:
      return "bidi_stream";
  }
}

}  // namespace

RpcSeries::RpcSeries(prometheus::Registry& registry, const std::string& side)
    : started_(prometheus::BuildCounter()
                   .Name("grpc_" + side + "_started_total")
                   .Help("Total number of RPCs started on the " + side + ".")
                   .Register(registry)),
      handled_(prometheus::BuildCounter()
                   .Name("grpc_" + side + "_handled_total")
                   .Help("Total number of RPCs completed on the " + side +
                         ", regardless of success or failure.")
                   .Register(registry)),
      msg_received_(prometheus::BuildCounter()
                        .Name("grpc_" + side + "_msg_received_total")
                        .Help("Total number of RPC stream messages received on the " + side + ".")
                        .Register(registry)),
      msg_sent_(prometheus::BuildCounter()
                    .Name("grpc_" + side + "_msg_sent_total")
                    .Help("Total number of gRPC stream messages sent by the " + side + ".")
                    .Register(registry)),
      seconds_(prometheus::BuildHistogram()
                   .Name("grpc_" + side + "_handling_seconds")
                   .Help("Histogram of response latency (seconds) of gRPC that had been "
                         "application-level handled by the " +
                         side + ".")
                   .Register(registry)) {}

size_t RpcSeries::SlotOf(const char* name) {
  // Fibonacci hashing of the address: its low bits are alignment, the high bits of the
  // product mix all of them.
  constexpr int kSlotBits = 8;
  static_assert(size_t{1} << kSlotBits == kSlots);
  return static_cast<size_t>((reinterpret_cast<uintptr_t>(name) * 0x9E3779B97F4A7C15ull) >>
                             (64 - kSlotBits));
}

MethodSeries& RpcSeries::For(const char* full_method, int type) {
  for (size_t i = SlotOf(full_method);; i = (i + 1) & (kSlots - 1)) {
    const Shortcut* s = slots_[i].load(std::memory_order_acquire);
    if (s == nullptr) break;
    // The address alone is not enough: a caller's string may be freed and its memory
    // reused for another method's name.
    if (s->name == full_method && std::strcmp(s->series->full_method.c_str(), full_method) == 0) {
      return *s->series;
    }
  }
  return ForSlow(full_method, type);
}

MethodSeries& RpcSeries::ForSlow(const char* full_method, int type) {
  absl::MutexLock lock(&mu_);
  auto& slot = by_method_[absl::string_view(full_method)];
  if (slot == nullptr) {
    slot = std::make_unique<MethodSeries>();
    slot->full_method = full_method;
    // "/package.Service/Method"
    absl::string_view s = full_method;
    if (!s.empty() && s[0] == '/') s.remove_prefix(1);
    size_t slash = s.find('/');
    std::string service(s.substr(0, slash));
    std::string method(slash == absl::string_view::npos ? "" : s.substr(slash + 1));
    slot->labels = {
        {"grpc_type", TypeName(type)}, {"grpc_service", service}, {"grpc_method", method}};
    slot->started = &started_.Add(slot->labels);
    slot->msg_received = &msg_received_.Add(slot->labels);
    slot->msg_sent = &msg_sent_.Add(slot->labels);
    slot->seconds = &seconds_.Add(slot->labels, LatencyBuckets());
    // OK exists from the start so that error ratios have a denominator before any error.
    slot->handled[0].store(&HandledLocked(*slot, 0), std::memory_order_release);
  }
  RememberLocked(full_method, slot.get());
  return *slot;
}

void RpcSeries::RememberLocked(const char* full_method, MethodSeries* series) {
  if (shortcuts_.size() >= kMaxShortcuts) return;  // full: the locked path serves the rest
  for (size_t i = SlotOf(full_method);; i = (i + 1) & (kSlots - 1)) {
    const Shortcut* s = slots_[i].load(std::memory_order_relaxed);
    if (s == nullptr) {
      shortcuts_.push_back(std::make_unique<Shortcut>(Shortcut{full_method, series}));
      slots_[i].store(shortcuts_.back().get(), std::memory_order_release);
      return;
    }
    // This address already names another method (reused memory): keep the first one;
    // calls with this address and the other name take the locked path.
    if (s->name == full_method) return;
  }
}

void RpcSeries::CountHandled(MethodSeries& m, int code) {
  if (code < 0 || code >= kNumStatusCodes) code = 2;
  prometheus::Counter* c = m.handled[code].load(std::memory_order_acquire);
  if (c == nullptr) {
    absl::MutexLock lock(&mu_);
    c = &HandledLocked(m, code);
    m.handled[code].store(c, std::memory_order_release);
  }
  c->Increment();
}

prometheus::Counter& RpcSeries::HandledLocked(MethodSeries& m, int code) {
  prometheus::Labels labels = m.labels;
  labels["grpc_code"] = CodeName(code);
  return handled_.Add(labels);
}

}  // namespace parcours::metrics
