// The contracts service: RunService assembles the database, cache, auth, outbox, feed and
// audit log; this file names what is contracts' own and its peers.
#include "libs/runtime/service_runtime.h"
#include "services/contracts/authorization.h"
#include "services/contracts/clients/identity_interceptor.h"
#include "services/contracts/clients/pending_peers.h"
#include "services/contracts/contracts_server.h"

namespace pc = parcours::contracts;

int main(int argc, char** argv) {
  return parcours::runtime::RunService(
      argc, argv,
      {.name = "contracts",
       .grpc_port = 50053,
       .metrics_port = 9463,
       .migrations = pc::Migrations(),
       .policy = pc::ContractsPolicy(),
       .build = [](parcours::runtime::ServiceContext& ctx)
           -> absl::StatusOr<std::unique_ptr<parcours::runtime::ServiceParts>> {
         pc::ContractsOptions options = pc::ReadContractsOptions(ctx.config);
         pc::Peers peers;
         peers.orientation = std::make_unique<pc::PendingOrientationDirectory>();
         peers.catalogue = std::make_unique<pc::PendingCatalogue>();
         peers.decoder = std::make_unique<pc::EnvelopeDecoder>();
         const std::string orientation = ctx.config.String("ORIENTATION_ADDR", "127.0.0.1:50052");
         if (options.follow_orientation) {
           peers.orientation_feed = pc::MakeChannelWithIdentity(orientation, ctx.identity);
         }
         return pc::BuildContracts(ctx, std::move(options), std::move(peers));
       }});
}
