// The evaluation service: follows the four feeds into its projections and serves the
// live bilan, cohorts, offer evaluations, surveys and CSV exports.
#include "libs/runtime/service_runtime.h"
#include "parcours/evaluation/v1/evaluation.grpc.pb.h"
#include "services/evaluation/authorization.h"
#include "services/evaluation/evaluation_server.h"
#include "services/evaluation/feed_channels.h"

int main(int argc, char** argv) {
  namespace ev = parcours::evaluation;
  return parcours::runtime::RunService(
      argc, argv,
      {.name = "evaluation",
       .grpc_port = 50055,
       .metrics_port = 9465,
       .migrations = ev::Migrations(),
       .policy = ev::AuthorizationTable(),
       .build = [](parcours::runtime::ServiceContext& ctx)
           -> absl::StatusOr<std::unique_ptr<parcours::runtime::ServiceParts>> {
         absl::StatusOr<ev::EvaluationConfig> config = ev::ReadEvaluationConfig(ctx.config);
         if (!config.ok()) return config.status();
         auto feeds = ev::FeedChannels(ctx);
         if (!feeds.ok()) return feeds.status();
         auto parts = ev::EvaluationParts::Build({.db = ctx.db,
                                                  .authorizer = ctx.authorizer,
                                                  .audit = ctx.audit,
                                                  .metrics = ctx.metrics,
                                                  .clock = ctx.clock,
                                                  .config = *std::move(config),
                                                  .feeds = *std::move(feeds),
                                                  .consumer_options = {}});
         if (!parts.ok()) return parts.status();
         ctx.host.AddService(&(*parts)->service(),
                             parcours::evaluation::v1::Evaluation::service_full_name());
         return std::unique_ptr<parcours::runtime::ServiceParts>(*std::move(parts));
       }});
}
