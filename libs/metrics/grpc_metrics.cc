#include "libs/metrics/grpc_metrics.h"

#include <chrono>

#include "libs/metrics/method_series.h"

namespace parcours::metrics {
namespace {

using Hook = grpc::experimental::InterceptionHookPoints;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One interceptor for both sides: only the hook points that mean "received", "sent" and
// "finished" differ between a server and a client.
class RpcInterceptor final : public grpc::experimental::Interceptor {
 public:
  RpcInterceptor(RpcSeries& metrics, MethodSeries& series, bool server_side)
      : metrics_(metrics),
        series_(series),
        server_side_(server_side),
        start_(std::chrono::steady_clock::now()) {
    series_.started->Increment();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    // gRPC also runs this hook for the read that finds the end of a stream (or no
    // response, on a failed unary call), with no message: that is not a message received.
    if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() != nullptr) {
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

  RpcSeries& metrics_;
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
  RpcSeries metrics_;
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
  RpcSeries metrics_;
};

}  // namespace

const std::vector<double>& LatencyBuckets() {
  static const auto* buckets =
      new std::vector<double>{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                              0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
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
