#include "libs/server/server_options.h"

namespace parcours::server {

ServerOptions ReadServerOptions(config::ConfigReader& r, const std::string& service_name,
                                const std::string& default_grpc_address,
                                const std::string& default_metrics_address) {
  ServerOptions o;
  o.service_name = service_name;
  o.grpc_address = r.String("GRPC_ADDRESS", default_grpc_address);
  o.metrics_address = r.String("METRICS_ADDRESS", default_metrics_address);
  o.health_address = r.String("HEALTH_ADDRESS", "");
  o.drain_delay = r.Duration("DRAIN_DELAY", o.drain_delay);
  o.drain_deadline = r.Duration("DRAIN_DEADLINE", o.drain_deadline);
  o.max_receive_message_bytes =
      static_cast<int>(r.Int("MAX_MESSAGE_BYTES", o.max_receive_message_bytes, 1024, 1 << 30));
  o.max_pollers = static_cast<int>(r.Int("GRPC_MAX_POLLERS", o.max_pollers, 2, 4096));
  o.rpc_metrics = r.Bool("RPC_METRICS", true);
  o.tls.cert_file = r.String("TLS_CERT_FILE", "");
  o.tls.key_file = r.String("TLS_KEY_FILE", "");
  o.tls.client_ca_file = r.String("TLS_CLIENT_CA_FILE", "");
  return o;
}

}  // namespace parcours::server
