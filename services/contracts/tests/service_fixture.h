// An in-process contracts server for service tests: SQLite database with every migration,
// the real ServiceHost with the authorizer, fake orientation and catalogue (or the peers
// MakePeers() returns), a fixed
// clock, and a stub per role (tokens "tok-<role>" from a static token list).
//
//   class MyTest : public ServiceFixture {};
//   TEST_F(MyTest, X) { grpc::ClientContext ctx; Referent(ctx); stub().GetContract(&ctx, ...); }
#ifndef PARCOURS_SERVICES_CONTRACTS_TESTS_SERVICE_FIXTURE_H_
#define PARCOURS_SERVICES_CONTRACTS_TESTS_SERVICE_FIXTURE_H_

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/cache/cache.h"
#include "libs/config/config.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/outbox.h"
#include "libs/server/service_host.h"
#include "libs/testing/test_database.h"
#include "parcours/contracts/v1/contracts.grpc.pb.h"
#include "services/contracts/clients/fakes.h"
#include "services/contracts/contracts_server.h"

namespace parcours::contracts::testing {

// Subjects of the test tokens: "referent-1" (ref_1's caseload, TAD-EST), "referent-2",
// "agent" (orientation_agent, TAD-EST), "steering", "admin", "fraud" (service:fraud),
// "evaluation" (service:evaluation).
class ServiceFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // The peers the server is built with: by default the fakes below (orientation_,
  // catalogue_); tests against real peers override it.
  virtual Peers MakePeers();

  v1::Contracts::Stub& stub() { return *stub_; }
  // Sets the bearer token of `role` on `ctx` (and a 5 s deadline).
  static void As(grpc::ClientContext& ctx, const std::string& token);

  // Orientation knows `beneficiary` as oriented `type` by ref_1 in TAD-EST.
  void Orient(const std::string& beneficiary, OrientationType type = OrientationType::kSocial,
              const std::string& referent = "referent-1");
  // A valid CreateContractRequest for `beneficiary`.
  v1::CreateContractRequest NewContract(const std::string& beneficiary,
                                        const std::string& request_id,
                                        v1::ContractKind kind = v1::CER_SOCIAL);
  // Creates, submits and has both parties sign: an ACTIVE contract.
  v1::Contract ActiveContract(const std::string& beneficiary, const std::string& request_id);
  int64_t Count(const std::string& sql);

  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2024, 2, 1, 9, 0, 0), absl::UTCTimeZone())};
  FakeOrientationDirectory* orientation_ = nullptr;  // owned by parts_ (default peers only)
  FakeCatalogue* catalogue_ = nullptr;
  std::unique_ptr<testutil::TestDatabase> db_;
  std::unique_ptr<server::ServiceHost> host_;
  std::unique_ptr<auth::Authorizer> authorizer_;
  std::unique_ptr<cache::Cache> cache_;
  std::unique_ptr<config::ConfigReader> config_;
  events::FeedNotifier notifier_;
  std::unique_ptr<events::Outbox> outbox_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<ContractsParts> parts_;
  std::unique_ptr<v1::Contracts::Stub> stub_;
};

}  // namespace parcours::contracts::testing

#endif  // PARCOURS_SERVICES_CONTRACTS_TESTS_SERVICE_FIXTURE_H_
