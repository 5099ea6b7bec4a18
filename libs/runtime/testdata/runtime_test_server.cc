// A minimal service run through RunService, for the runtime's own tests: the echo service
// guarded by the authorizer, over a one-table schema.
#include "libs/errors/grpc_status.h"
#include "libs/runtime/service_runtime.h"
#include "parcours/echo/v1/echo.grpc.pb.h"

namespace parcours::runtime_test {

std::vector<EmbeddedFile> Migrations();

class GuardedEcho final : public parcours::echo::v1::Echo::Service {
 public:
  explicit GuardedEcho(const auth::Authorizer& a) : authorizer_(a) {}
  grpc::Status Echo(grpc::ServerContext* ctx, const parcours::echo::v1::EchoRequest* req,
                    parcours::echo::v1::EchoResponse* resp) override {
    absl::StatusOr<auth::CallAuthorization> call = authorizer_.Authorize(ctx);
    if (!call.ok()) return errors::ToGrpcStatus(call.status());
    resp->set_payload(req->payload());
    return grpc::Status::OK;
  }

 private:
  const auth::Authorizer& authorizer_;
};

class Parts final : public runtime::ServiceParts {
 public:
  explicit Parts(const auth::Authorizer& a) : echo(a) {}
  GuardedEcho echo;
};

}  // namespace parcours::runtime_test

int main(int argc, char** argv) {
  parcours::auth::AuthorizationPolicy policy;
  policy.Allow("/parcours.echo.v1.Echo/Echo", {parcours::auth::kAdmin});
  return parcours::runtime::RunService(
      argc, argv,
      {.name = "runtimetest",
       .grpc_port = 0,
       .metrics_port = 0,
       .migrations = parcours::runtime_test::Migrations(),
       .policy = policy,
       .build = [](parcours::runtime::ServiceContext& ctx)
           -> absl::StatusOr<std::unique_ptr<parcours::runtime::ServiceParts>> {
         auto parts = std::make_unique<parcours::runtime_test::Parts>(ctx.authorizer);
         ctx.host.AddService(&parts->echo, parcours::echo::v1::Echo::service_full_name());
         return parts;
       }});
}
