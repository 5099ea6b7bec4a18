#include "libs/server/service_host.h"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "libs/log/log.h"
#include "libs/metrics/grpc_metrics.h"
#include "libs/metrics/process_metrics.h"
#include "prometheus/exposer.h"

namespace parcours::server {
namespace {

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

absl::StatusOr<std::string> ReadFile(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(what, " '", path, "' cannot be read"));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(const TlsOptions& tls) {
  if (tls.cert_file.empty()) return grpc::InsecureServerCredentials();
  absl::StatusOr<std::string> cert = ReadFile(tls.cert_file, "TLS_CERT_FILE");
  if (!cert.ok()) return cert.status();
  absl::StatusOr<std::string> key = ReadFile(tls.key_file, "TLS_KEY_FILE");
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions ssl(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  if (!tls.client_ca_file.empty()) {
    absl::StatusOr<std::string> ca = ReadFile(tls.client_ca_file, "TLS_CLIENT_CA_FILE");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

ServiceHost::ServiceHost(ServerOptions options)
    : options_(std::move(options)), registry_(std::make_shared<prometheus::Registry>()) {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  log::SetProcessField("service", options_.service_name);
#ifdef NDEBUG
  // Debian builds Abseil without NDEBUG, so every absl::Mutex acquisition (gRPC's locks)
  // checked lock order in a process-wide graph behind one global lock: callgrind counted
  // ~10% of an echo call's instructions there (scripts/bench). Optimised builds turn it
  // off; debug (test) builds keep the check.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
#endif
}

ServiceHost::~ServiceHost() { Shutdown(); }

void ServiceHost::AddService(grpc::Service* service, std::string full_name) {
  services_.push_back(service);
  service_names_.push_back(std::move(full_name));
}

void ServiceHost::AddInterceptors(
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> f) {
  for (auto& i : f) interceptors_.push_back(std::move(i));
}

void ServiceHost::OnShutdown(std::function<void()> fn) { shutdown_hooks_.push_back(std::move(fn)); }

absl::Status ServiceHost::Start() {
  if (!options_.metrics_address.empty()) {
    try {
      exposer_ = std::make_unique<prometheus::Exposer>(options_.metrics_address);
    } catch (const std::exception& e) {
      return absl::UnavailableError(absl::StrCat("METRICS_ADDRESS '", options_.metrics_address,
                                                 "' cannot be bound: ", e.what()));
    }
    exposer_->RegisterCollectable(registry_);
    // The exposer keeps weak pointers: the host owns the collectors.
    process_collector_ = std::make_shared<metrics::ProcessCollector>();
    exposer_->RegisterCollectable(process_collector_);
    auto ports = exposer_->GetListeningPorts();
    metrics_port_ = ports.empty() ? 0 : ports.front();
  }

  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> creds = Credentials(options_.tls);
  if (!creds.ok()) return creds.status();

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.grpc_address, *creds, &grpc_port_);
  builder.SetMaxReceiveMessageSize(options_.max_receive_message_bytes);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              options_.max_pollers);
  // gRPC sets SO_REUSEPORT by default: a second server on a busy port would then start
  // and silently share its traffic. Refuse instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  for (grpc::Service* s : services_) builder.RegisterService(s);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> all;
  if (options_.rpc_metrics) all = metrics::MakeServerInterceptors(*registry_);
  for (auto& i : interceptors_) all.push_back(std::move(i));
  interceptors_.clear();
  if (!all.empty()) builder.experimental().SetInterceptorCreators(std::move(all));

  server_ = builder.BuildAndStart();
  if (server_ == nullptr || grpc_port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("GRPC_ADDRESS '", options_.grpc_address, "' cannot be bound"));
  }
  if (!options_.health_address.empty()) {
    // Its own server, so that the plaintext port exposes nothing but health.
    grpc::ServerBuilder health_builder;
    health_builder.AddListeningPort(options_.health_address, grpc::InsecureServerCredentials(),
                                    &health_port_);
    health_builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    health_server_ = health_builder.BuildAndStart();
    if (health_server_ == nullptr || health_port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("HEALTH_ADDRESS '", options_.health_address, "' cannot be bound"));
    }
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto* health = server_->GetHealthCheckService();
    health->SetServingStatus("liveness", true);
    for (const std::string& name : service_names_) health->SetServingStatus(name, false);
    ApplyHealth();
  }
  log::Info("listening", {{"grpc_port", grpc_port_}, {"metrics_port", metrics_port_},
                          {"health_port", health_port_},
                          {"tls", !options_.tls.cert_file.empty()}});
  return absl::OkStatus();
}

// Caller holds mu_.
void ServiceHost::ApplyHealth() {
  if (server_ == nullptr || shut_down_) return;
  const bool up = serving_ && ready_;
  for (grpc::Server* server : {server_.get(), health_server_.get()}) {
    if (server == nullptr) continue;
    auto* health = server->GetHealthCheckService();
    health->SetServingStatus(up);  // every registered name, including ""
    health->SetServingStatus("", up);
    health->SetServingStatus("liveness", true);
  }
}

void ServiceHost::SetServing(bool serving) {
  std::lock_guard<std::mutex> lock(mu_);
  if (serving_ != serving) {
    log::Info(serving ? "serving" : "not serving");
  }
  serving_ = serving;
  ApplyHealth();
}

void ServiceHost::SetReadinessCheck(std::function<absl::Status()> check, absl::Duration interval) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    readiness_check_ = std::move(check);
    readiness_interval_ = interval;
  }
  if (!readiness_thread_.joinable()) {
    readiness_thread_ = std::thread([this] { ReadinessLoop(); });
  }
}

void ServiceHost::ReadinessLoop() {
  while (!stop_readiness_) {
    std::function<absl::Status()> check;
    absl::Duration interval;
    {
      std::lock_guard<std::mutex> lock(mu_);
      check = readiness_check_;
      interval = readiness_interval_;
    }
    absl::Status status = check ? check() : absl::OkStatus();
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (ready_ != status.ok()) {
        if (status.ok()) {
          log::Info("readiness check passes again");
        } else {
          log::Warn("readiness check failed", {{"error", status.ToString()}});
        }
      }
      ready_ = status.ok();
      ApplyHealth();
    }
    // Sleep in small steps so shutdown is prompt.
    absl::Time until = absl::Now() + interval;
    while (!stop_readiness_ && absl::Now() < until) absl::SleepFor(absl::Milliseconds(50));
  }
}

int ServiceHost::WaitForTermination() {
  sigset_t set = TerminationSignals();
  struct timespec tick = {0, 200 * 1000 * 1000};
  while (!shutdown_requested_) {
    int sig = sigtimedwait(&set, nullptr, &tick);
    if (sig == SIGTERM || sig == SIGINT) {
      log::Info("termination signal received", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
      break;
    }
  }
  Shutdown();
  return 0;
}

void ServiceHost::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shut_down_) return;
    serving_ = false;
    ApplyHealth();
    shut_down_ = true;
  }
  stop_readiness_ = true;
  if (readiness_thread_.joinable()) readiness_thread_.join();
  if (server_ == nullptr) return;
  // Health first, so load balancers and probes stop sending before we stop accepting.
  server_->GetHealthCheckService()->Shutdown();
  if (health_server_) health_server_->GetHealthCheckService()->Shutdown();
  for (auto& hook : shutdown_hooks_) hook();
  if (options_.drain_delay > absl::ZeroDuration()) absl::SleepFor(options_.drain_delay);
  const auto started = std::chrono::steady_clock::now();
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds(options_.drain_deadline));
  server_->Wait();
  if (health_server_) {
    health_server_->Shutdown(std::chrono::system_clock::now());
    health_server_->Wait();
  }
  log::Info("stopped", {{"drain_ms", static_cast<int64_t>(
                                         std::chrono::duration_cast<std::chrono::milliseconds>(
                                             std::chrono::steady_clock::now() - started)
                                             .count())}});
}

}  // namespace parcours::server
