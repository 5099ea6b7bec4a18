// An orientation server on an in-process gRPC port (127.0.0.1:0) over a fresh SQLite
// database, with test tokens for every role, a fixed clock and a client stub.
//
//   ServiceFixture f;  ASSERT_TRUE(f.Start().ok());
//   grpc::ClientContext ctx;  f.Authorize(ctx, "agent");
//   f.stub().GetBeneficiary(&ctx, req, &resp);
#ifndef PARCOURS_SERVICES_ORIENTATION_TESTS_SERVICE_FIXTURE_H_
#define PARCOURS_SERVICES_ORIENTATION_TESTS_SERVICE_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "grpcpp/client_context.h"
#include "libs/auth/authorizer.h"
#include "libs/common/clock.h"
#include "libs/server/service_host.h"
#include "parcours/orientation/v1/orientation.grpc.pb.h"
#include "services/orientation/orientation_metrics.h"
#include "services/orientation/service.h"
#include "services/orientation/tests/test_support.h"

namespace parcours::orientation::testing {

// 2024-06-03 10:00 UTC, a Monday.
absl::Time FixtureStart();

// Token names: "agent" (orientation_agent, all territories), "agent-centre"
// (orientation_agent, TAD-CENTRE only), "referent" (TAD-EST), "steering", "admin", "dpo",
// "contracts", "fraud", "evaluation" (service identities). The token is its name.
const std::vector<std::string>& TokenNames();
// The one role a test token carries.
std::string RoleOfToken(const std::string& token);

class ServiceFixture {
 public:
  ServiceFixture();
  ~ServiceFixture();

  absl::Status Start(OrientationSettings settings = {});

  v1::Orientation::Stub& stub() { return *stub_; }
  void Authorize(grpc::ClientContext& ctx, const std::string& token);
  FakeClock& clock() { return clock_; }
  storage::Database& db() { return env_.db->db(); }
  OrientationStore& store() { return *env_.store; }
  OrientationService& service() { return *service_; }
  prometheus::Registry& metrics() { return host_->metrics(); }
  const auth::Authorizer& authorizer() { return *authorizer_; }

  // Streams `records` to ImportCafFlow as "agent".
  grpc::Status ImportFlow(const std::vector<CafRecord>& records, v1::ImportCafFlowResponse* out);

 private:
  FakeClock clock_;
  StoreEnv env_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<auth::Authorizer> authorizer_;
  std::unique_ptr<server::ServiceHost> host_;
  std::unique_ptr<OrientationMetrics> metrics_;
  std::unique_ptr<OrientationService> service_;
  std::unique_ptr<v1::Orientation::Stub> stub_;
};

}  // namespace parcours::orientation::testing

#endif  // PARCOURS_SERVICES_ORIENTATION_TESTS_SERVICE_FIXTURE_H_
