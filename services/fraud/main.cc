// The fraud service: household files, explainable scoring, control cases, fines, recovery.
// Its one peer is contracts, asked by the long-RSA rule (CONTRACTS_ADDR).
#include "libs/runtime/service_runtime.h"
#include "services/fraud/authorization.h"
#include "services/fraud/build.h"
#include "services/fraud/clients/grpc_contracts_directory.h"

int main(int argc, char** argv) {
  return parcours::runtime::RunService(
      argc, argv,
      {.name = "fraud",
       .grpc_port = 50054,
       .metrics_port = 9464,
       .migrations = parcours::fraud::Migrations(),
       .policy = parcours::fraud::AuthorizationTable(),
       .build = [](parcours::runtime::ServiceContext& ctx)
           -> absl::StatusOr<std::unique_ptr<parcours::runtime::ServiceParts>> {
         auto channel = ctx.PeerChannel("contracts", 50053);
         if (!channel.ok()) return channel.status();
         parcours::fraud::ContractsClientSettings settings;
         settings.deadline = ctx.config.Duration("CONTRACTS_DEADLINE", absl::Seconds(2), absl::Milliseconds(1));
         settings.open_for = ctx.config.Duration("CONTRACTS_PAUSE_AFTER_FAILURE", absl::Seconds(5));
         settings.identity = ctx.identity;
         return parcours::fraud::BuildService(
             ctx, std::make_unique<parcours::fraud::GrpcContractsDirectory>(*channel, settings));
       }});
}
