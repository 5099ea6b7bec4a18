#include "libs/metrics/grpc_metrics.h"

#include <array>
#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"

namespace parcours::metrics {
namespace {

constexpr int kNumCodes = 17;  // grpc::StatusCode OK..UNAUTHENTICATED

const char* CodeName(int code) {
  static constexpr std::array<const char*, kNumCodes> kNames = {
      "OK",       "Canceled",          "Unknown",          "InvalidArgument",
      "DeadlineExceeded", "NotFound",  "AlreadyExists",    "PermissionDenied",
      "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
      "Unimplemented", "Internal",     "Unavailable",      "DataLoss",
      "Unauthenticated"};
  return (code >= 0 && code < kNumCodes) ? kNames[code] : "Unknown";
}

const char* TypeName(int type) {
  switch (type) {
    case 0: return "unary";
    case 1: return "client_stream";
    case 2: return "server_stream";
    default: return "bidi_stream";
  }
}

// The series of one method, created once and then reached without taking Family's lock.
struct MethodSeries {
  prometheus::Counter* started = nullptr;
  prometheus::Counter* msg_received = nullptr;
  prometheus::Counter* msg_sent = nullptr;
  prometheus::Histogram* seconds = nullptr;
  std::array<std::atomic<prometheus::Counter*>, kNumCodes> handled{};
  prometheus::Labels labels;
};

// Families for one side ("server" or "client") and a cache of per-method series.
class RpcMetrics {
 public:
  RpcMetrics(prometheus::Registry& registry, const std::string& side)
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
                          .Help("Total number of RPC stream messages received on the " + side +
                                ".")
                          .Register(registry)),
        msg_sent_(prometheus::BuildCounter()
                      .Name("grpc_" + side + "_msg_sent_total")
                      .Help("Total number of gRPC stream messages sent by the " + side + ".")
                      .Register(registry)),
        seconds_(prometheus::BuildHistogram()
                     .Name("grpc_" + side + "_handling_seconds")
                     .Help("Histogram of response latency (seconds) of gRPC that had been "
                           "application-level handled by the " + side + ".")
                     .Register(registry)) {}

  MethodSeries& For(absl::string_view full_method, int type) {
    {
      absl::ReaderMutexLock lock(&mu_);
      auto it = by_method_.find(full_method);
      if (it != by_method_.end()) return *it->second;
    }
    absl::MutexLock lock(&mu_);
    auto& slot = by_method_[std::string(full_method)];
    if (slot) return *slot;
    slot = std::make_unique<MethodSeries>();
    // "/package.Service/Method"
    absl::string_view s = full_method;
    if (!s.empty() && s[0] == '/') s.remove_prefix(1);
    size_t slash = s.find('/');
    std::string service(s.substr(0, slash));
    std::string method(slash == absl::string_view::npos ? "" : s.substr(slash + 1));
    slot->labels = {{"grpc_type", TypeName(type)}, {"grpc_service", service},
                    {"grpc_method", method}};
    slot->started = &started_.Add(slot->labels);
    slot->msg_received = &msg_received_.Add(slot->labels);
    slot->msg_sent = &msg_sent_.Add(slot->labels);
    slot->seconds = &seconds_.Add(slot->labels, LatencyBuckets());
    // OK exists from the start so that error ratios have a denominator before any error.
    slot->handled[0] = &HandledLocked(*slot, 0);
    return *slot;
  }

  void CountHandled(MethodSeries& m, int code) {
    if (code < 0 || code >= kNumCodes) code = 2;
    prometheus::Counter* c = m.handled[code].load(std::memory_order_acquire);
    if (c == nullptr) {
      absl::MutexLock lock(&mu_);
      c = &HandledLocked(m, code);
      m.handled[code].store(c, std::memory_order_release);
    }
    c->Increment();
  }

 private:
  prometheus::Counter& HandledLocked(MethodSeries& m, int code) {
    prometheus::Labels labels = m.labels;
    labels["grpc_code"] = CodeName(code);
    return handled_.Add(labels);
  }

  prometheus::Family<prometheus::Counter>& started_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Counter>& msg_received_;
  prometheus::Family<prometheus::Counter>& msg_sent_;
  prometheus::Family<prometheus::Histogram>& seconds_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>> by_method_;
};

using Hook = grpc::experimental::InterceptionHookPoints;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One interceptor for both sides: only the hook points that mean "received", "sent" and
// "finished" differ between a server and a client.
class RpcInterceptor final : public grpc::experimental::Interceptor {
 public:
  RpcInterceptor(RpcMetrics& metrics, MethodSeries& series, bool server_side)
      : metrics_(metrics),
        series_(series),
        server_side_(server_side),
        start_(std::chrono::steady_clock::now()) {
    series_.started->Increment();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_MESSAGE)) {
      series_.msg_received->Increment();
    }
    if (methods->QueryInterceptionHookPoint(Hook::PRE_SEND_MESSAGE)) {
      series_.msg_sent->Increment();
    }
    if (server_side_ && methods->QueryInterceptionHookPoint(Hook::PRE_SEND_STATUS)) {
      Finish(static_cast<int>(methods->GetSendStatus().error_code()));
    }
    if (!server_side_ && methods->QueryInterceptionHookPoint(Hook::POST_RECV_STATUS)) {
      grpc::Status* status = methods->GetRecvStatus();
      Finish(status ? static_cast<int>(status->error_code()) : 2);
    }
    methods->Proceed();
  }

 private:
  void Finish(int code) {
    metrics_.CountHandled(series_, code);
    series_.seconds->Observe(SecondsSince(start_));
  }

  RpcMetrics& metrics_;
  MethodSeries& series_;
  const bool server_side_;
  std::chrono::steady_clock::time_point start_;
};

class ServerFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit ServerFactory(prometheus::Registry& registry) : metrics_(registry, "server") {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    MethodSeries& series = metrics_.For(info->method(), static_cast<int>(info->type()));
    return new RpcInterceptor(metrics_, series, /*server_side=*/true);
  }

 private:
  RpcMetrics metrics_;
};

class ClientFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit ClientFactory(prometheus::Registry& registry) : metrics_(registry, "client") {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    MethodSeries& series = metrics_.For(info->method(), static_cast<int>(info->type()));
    return new RpcInterceptor(metrics_, series, /*server_side=*/false);
  }

 private:
  RpcMetrics metrics_;
};

}  // namespace

const std::vector<double>& LatencyBuckets() {
  static const auto* buckets = new std::vector<double>{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
      0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,     10};
  return *buckets;
}

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
MakeServerInterceptors(prometheus::Registry& registry) {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> out;
  out.push_back(std::make_unique<ServerFactory>(registry));
  return out;
}

std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
MakeClientInterceptors(prometheus::Registry& registry) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> out;
  out.push_back(std::make_unique<ClientFactory>(registry));
  return out;
}

}  // namespace parcours::metrics
