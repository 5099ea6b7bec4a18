// catalogue: the insertion offer, its search, prescriptions and mobilisation figures.
// RunService assembles the database, cache, auth (static tokens and/or OIDC, rate
// limits), outbox, event feed and audit log, and `--migrate-only`; this file names what is
// the catalogue's own. Besides the common settings (README, "Configuration"): SERVICE_TOKEN
// [_FILE], the "service:catalogue" token its search index presents to its own feed
// (required), CATALOGUE_CACHE_TTL (5m), CATALOGUE_METRICS_INTERVAL (15s), LOCAL_CACHE_TTL (1s: how long this replica keeps an offer
// in its own memory should its feed break; 0s: no local level).
#include "libs/runtime/service_runtime.h"
#include "services/catalogue/authorization.h"
#include "services/catalogue/catalogue_server.h"
#include "services/catalogue/store/schema.h"

namespace pc = parcours::catalogue;

int main(int argc, char** argv) {
  return parcours::runtime::RunService(
      argc, argv,
      {.name = "catalogue",
       .grpc_port = 50051,
       .metrics_port = 9461,
       .migrations = pc::Migrations(),
       .policy = pc::CataloguePolicy(),
       .build = [](parcours::runtime::ServiceContext& ctx)
           -> absl::StatusOr<std::unique_ptr<parcours::runtime::ServiceParts>> {
         if (ctx.identity.bearer_token.empty()) {
           return absl::InvalidArgumentError(
               "SERVICE_TOKEN (or SERVICE_TOKEN_FILE) is required: the search index follows "
               "the catalogue's own feed with it");
         }
         return pc::BuildCatalogue(ctx, pc::ReadCatalogueOptions(ctx.config));
       }});
}
