// The contracts service: RunService assembles the database, cache, auth, outbox, feed and
// audit log; this file names what is contracts' own and its peers.
#include "libs/runtime/service_runtime.h"
#include "services/contracts/authorization.h"
#include "services/contracts/clients/grpc_catalogue.h"
#include "services/contracts/clients/grpc_orientation_directory.h"
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
         const pc::PeerCallSettings calls{.deadline = options.peer_deadline,
                                          .identity = ctx.identity};
         auto orientation = ctx.PeerChannel("orientation", 50052);
         if (!orientation.ok()) return orientation.status();
         auto catalogue = ctx.PeerChannel("catalogue", 50051);
         if (!catalogue.ok()) return catalogue.status();
         pc::Peers peers;
         peers.orientation = std::make_unique<pc::GrpcOrientationDirectory>(*orientation, calls);
         peers.catalogue = std::make_unique<pc::GrpcCatalogue>(*catalogue, calls);
         peers.decoder = std::make_unique<pc::OrientationPayloadDecoder>();
         if (options.follow_orientation) {
           auto feed = ctx.PeerFeedChannel("orientation", 50052);
           if (!feed.ok()) return feed.status();
           peers.orientation_feed = *std::move(feed);
         }
         return pc::BuildContracts(ctx, std::move(options), std::move(peers));
       }});
}
