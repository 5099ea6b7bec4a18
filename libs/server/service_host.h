// Starts a service the same way everywhere: the gRPC server with the standard health
// service (NOT_SERVING until the service says it is ready) and reflection, the RPC metrics
// interceptors, the Prometheus exposer on its own port, and graceful shutdown on SIGTERM
// or SIGINT (health NOT_SERVING first, then stop accepting, then drain in-flight calls
// within a deadline).
//
//   int main(int argc, char** argv) {
//     ServiceHost host(options);          // first: blocks SIGTERM/SIGINT for every thread
//     host.AddService(&catalogue_service, CatalogueService::service_full_name());
//     RETURN_IF_ERROR(host.Start());      // listening, NOT_SERVING
//     ... open the database, apply migrations ...
//     host.SetReadinessCheck([&] { return db->Ping(); });
//     host.SetServing(true);
//     return host.WaitForTermination();   // 0 after a clean drain
//   }
//
// Health: the overall service "" and every registered service follow readiness; the name
// "liveness" is SERVING for as long as the process runs (for Kubernetes liveness probes).
#ifndef PARCOURS_LIBS_SERVER_SERVICE_HOST_H_
#define PARCOURS_LIBS_SERVER_SERVICE_HOST_H_

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/server.h"
#include "grpcpp/support/server_interceptor.h"
#include "libs/server/server_options.h"
#include "prometheus/registry.h"

namespace prometheus {
class Exposer;
}

namespace parcours::server {

class ServiceHost {
 public:
  // Blocks SIGTERM and SIGINT in the calling thread, so every thread started afterwards
  // inherits the mask and WaitForTermination() receives them. Construct it before any
  // other thread is started.
  explicit ServiceHost(ServerOptions options);
  ~ServiceHost();

  ServiceHost(const ServiceHost&) = delete;
  ServiceHost& operator=(const ServiceHost&) = delete;

  // Before Start(). `service` must outlive the host; `full_name` is its proto name
  // (e.g. parcours::echo::v1::Echo::service_full_name()), under which health reports it.
  void AddService(grpc::Service* service, std::string full_name);
  // Before Start(): more interceptors (auth, audit), run after the metrics interceptor.
  void AddInterceptors(
      std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> f);
  // Runs at shutdown before the server stops accepting (e.g. end following feed streams).
  void OnShutdown(std::function<void()> fn);

  // Listens and serves, with health NOT_SERVING. UNAVAILABLE if a port cannot be bound.
  absl::Status Start();

  // Marks the service ready (SERVING) or not. While a readiness check is set, a failing
  // check overrides `serving` to NOT_SERVING until it passes again.
  void SetServing(bool serving);
  // Polls `check` every `interval` (e.g. the database's Ping) after SetServing(true).
  void SetReadinessCheck(std::function<absl::Status()> check,
                         absl::Duration interval = absl::Seconds(2));

  // Blocks until SIGTERM/SIGINT or RequestShutdown(), then shuts down; returns the exit
  // code (0 after a clean drain).
  int WaitForTermination();
  void RequestShutdown() { shutdown_requested_ = true; }

  // Health NOT_SERVING, run the OnShutdown hooks, wait drain_delay, stop accepting, wait
  // for in-flight calls up to drain_deadline (then cancel them). Idempotent.
  void Shutdown();

  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_port_; }
  int health_port() const { return health_port_; }
  prometheus::Registry& metrics() { return *registry_; }
  const std::shared_ptr<prometheus::Registry>& metrics_registry() { return registry_; }
  grpc::Server* grpc_server() { return server_.get(); }

 private:
  void ApplyHealth();
  void ReadinessLoop();

  ServerOptions options_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::vector<grpc::Service*> services_;
  std::vector<std::string> service_names_;
  std::shared_ptr<prometheus::Collectable> process_collector_;
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors_;
  std::vector<std::function<void()>> shutdown_hooks_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;  // HEALTH_ADDRESS: health only, plaintext
  int grpc_port_ = 0;
  int health_port_ = 0;
  int metrics_port_ = 0;

  std::mutex mu_;  // guards serving_, ready_, shut_down_, health updates
  bool serving_ = false;
  bool ready_ = true;
  bool shut_down_ = false;
  std::function<absl::Status()> readiness_check_;
  absl::Duration readiness_interval_ = absl::Seconds(2);
  std::thread readiness_thread_;
  std::atomic<bool> stop_readiness_{false};
  std::atomic<bool> shutdown_requested_{false};
};

}  // namespace parcours::server

#endif  // PARCOURS_LIBS_SERVER_SERVICE_HOST_H_
