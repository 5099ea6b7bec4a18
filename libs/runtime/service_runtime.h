// Runs a Parcours service the same way everywhere, so that a service's main() only names
// what is its own. From configuration it opens the database (SQLite or PostgreSQL), the
// cache (Redis, or off), the token verifier and the authorizer; it serves the service's
// gRPC services beside the event feed (libs/events) and the audit log (libs/audit); it
// keeps health NOT_SERVING until the database answers and every migration (the service's,
// the outbox's, the audit log's) ran, then follows the database with a readiness check;
// and it drains on SIGTERM.
//
//   int main(int argc, char** argv) {
//     return parcours::runtime::RunService(argc, argv, {
//         .name = "catalogue", .grpc_port = 50051, .metrics_port = 9461,
//         .migrations = catalogue::Migrations(),
//         .policy = catalogue::AuthorizationTable(),
//         .build = [](parcours::runtime::ServiceContext& ctx) {
//           return catalogue::BuildService(ctx);  // registers its services on ctx.host
//         }});
//   }
//
// `<name>_server --migrate-only` applies the migrations and exits (the Helm hook Job).
#ifndef PARCOURS_LIBS_RUNTIME_SERVICE_RUNTIME_H_
#define PARCOURS_LIBS_RUNTIME_SERVICE_RUNTIME_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/cache/cache.h"
#include "libs/client/call.h"
#include "libs/common/clock.h"
#include "libs/common/embedded_file.h"
#include "libs/config/config.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/outbox.h"
#include "libs/server/service_host.h"
#include "libs/storage/database.h"

namespace parcours::runtime {

// Everything a service builds itself from. References stay valid while the service runs.
struct ServiceContext {
  const std::string& name;
  config::ConfigReader& config;  // read the service's own settings during build
  server::ServiceHost& host;     // AddService() the service's gRPC services here
  storage::Database& db;
  cache::Cache& cache;
  events::Outbox& outbox;
  events::FeedNotifier& feed_notifier;
  auth::Authorizer& authorizer;
  audit::AuditLog& audit;
  prometheus::Registry& metrics;
  const Clock& clock;
  // This service's own identity for calls to its peers (SERVICE_TOKEN / SERVICE_TOKEN_FILE).
  client::CallIdentity identity;

  // A channel to another service, from `<PEER>_ADDR` (default 127.0.0.1:<default_port>)
  // and the PEER_TLS_* settings, with client metrics and round-robin balancing over the
  // addresses a headless Kubernetes Service resolves to.
  // Use it with client::Invoke, which attaches `identity` per call.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> PeerChannel(const std::string& peer,
                                                             int default_port);
  // The same channel, but every call on it carries `identity` itself: for a peer's event
  // feed, whose events::FeedConsumer makes its own streaming calls.
  absl::StatusOr<std::shared_ptr<grpc::Channel>> PeerFeedChannel(const std::string& peer,
                                                                 int default_port);
};

// What a running service keeps alive, with its lifecycle hooks.
class ServiceParts {
 public:
  virtual ~ServiceParts() = default;
  // After migrations, before SERVING: warm an index, start feed consumers.
  virtual absl::Status Start() { return absl::OkStatus(); }
  // At shutdown, before the server stops accepting: stop consumers and background jobs.
  virtual void Stop() {}
};

struct ServiceDefinition {
  std::string name;                      // "catalogue"
  int grpc_port = 0;                     // local defaults (scripts/run); GRPC_ADDRESS overrides
  int metrics_port = 0;                  // METRICS_ADDRESS overrides
  std::vector<EmbeddedFile> migrations;  // the service's own, numbered below 9000
  auth::AuthorizationPolicy policy;      // one entry per RPC of the service
  std::function<absl::StatusOr<std::unique_ptr<ServiceParts>>(ServiceContext&)> build;
};

// Runs until SIGTERM/SIGINT; returns the process exit code (0 clean, 1 failed start,
// 2 bad configuration).
int RunService(int argc, char** argv, ServiceDefinition definition);

// The migrations every service applies: its own, the outbox's and the audit log's.
std::vector<EmbeddedFile> AllMigrations(const std::vector<EmbeddedFile>& service_migrations);

}  // namespace parcours::runtime

#endif  // PARCOURS_LIBS_RUNTIME_SERVICE_RUNTIME_H_
