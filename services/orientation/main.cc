// The orientation service: RunService assembles the database, cache, auth (static tokens
// and/or OIDC, rate limits), outbox, event feed and audit log, and `--migrate-only`;
// this file names what is orientation's own (orientation_server.h; its settings in
// orientation_settings.h).
#include "libs/runtime/service_runtime.h"
#include "services/orientation/authorization.h"
#include "services/orientation/orientation_server.h"
#include "services/orientation/store/migrations.h"

namespace po = parcours::orientation;

int main(int argc, char** argv) {
  return parcours::runtime::RunService(
      argc, argv,
      {.name = "orientation",
       .grpc_port = 50052,
       .metrics_port = 9462,
       .migrations = po::Migrations(),
       .policy = po::OrientationPolicy(),
       .build = [](parcours::runtime::ServiceContext& ctx)
           -> absl::StatusOr<std::unique_ptr<parcours::runtime::ServiceParts>> {
         return po::BuildOrientation(ctx);
       }});
}
