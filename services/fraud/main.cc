// The fraud service: household files, explainable scoring, control cases, fines, recovery.
#include "libs/runtime/service_runtime.h"
#include "services/fraud/authorization.h"
#include "services/fraud/build.h"

int main(int argc, char** argv) {
  return parcours::runtime::RunService(
      argc, argv,
      {.name = "fraud",
       .grpc_port = 50054,
       .metrics_port = 9464,
       .migrations = parcours::fraud::Migrations(),
       .policy = parcours::fraud::AuthorizationTable(),
       .build = [](parcours::runtime::ServiceContext& ctx) {
         // TODO(contracts): a gRPC ContractsDirectory once contracts' proto is on main.
         return parcours::fraud::BuildService(
             ctx, std::make_unique<parcours::fraud::UnavailableContractsDirectory>());
       }});
}
