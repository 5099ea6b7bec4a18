// How a service is exposed: addresses, drain behaviour, message limits and TLS. Read once
// from configuration (flags or environment; see README "Configuration").
#ifndef PARCOURS_LIBS_SERVER_SERVER_OPTIONS_H_
#define PARCOURS_LIBS_SERVER_SERVER_OPTIONS_H_

#include <string>

#include "absl/time/time.h"
#include "libs/config/config.h"

namespace parcours::server {

struct TlsOptions {
  std::string cert_file;       // PEM certificate chain; empty = plaintext
  std::string key_file;        // PEM private key
  std::string client_ca_file;  // PEM CA; when set, clients must present a certificate it signed
};

struct ServerOptions {
  std::string service_name;                         // "catalogue", ... (logs, health)
  std::string grpc_address = "127.0.0.1:0";         // host:port; port 0 picks a free port
  std::string metrics_address = "127.0.0.1:0";      // empty disables the exposer
  // A plaintext listener serving only grpc.health.v1 (empty: none). Kubernetes' native
  // gRPC probes cannot speak TLS, so with TLS on the probes use this port.
  std::string health_address;
  absl::Duration drain_delay = absl::ZeroDuration();  // NOT_SERVING → stop accepting
  absl::Duration drain_deadline = absl::Seconds(10);  // then in-flight calls are cancelled
  int max_receive_message_bytes = 4 << 20;
  // Threads of the sync server kept polling for calls once a call is done. gRPC's default,
  // 2, makes every burst above two calls create and end threads: at 16 concurrent calls
  // the echo baseline ended ~2,000 threads in 10 s and served half the QPS it serves with
  // 64 (docs/PROFILES.md, "Sync server pollers"). Idle threads wait on the completion
  // queue and cost no CPU.
  int max_pollers = 64;
  bool rpc_metrics = true;  // the RPC metrics interceptors (off only to measure their cost)
  TlsOptions tls;
};

// Reads GRPC_ADDRESS, METRICS_ADDRESS, HEALTH_ADDRESS, DRAIN_DELAY, DRAIN_DEADLINE, MAX_MESSAGE_BYTES,
// GRPC_MAX_POLLERS, RPC_METRICS, TLS_CERT_FILE, TLS_KEY_FILE, TLS_CLIENT_CA_FILE.
ServerOptions ReadServerOptions(config::ConfigReader& reader, const std::string& service_name,
                                const std::string& default_grpc_address,
                                const std::string& default_metrics_address);

}  // namespace parcours::server

#endif  // PARCOURS_LIBS_SERVER_SERVER_OPTIONS_H_
