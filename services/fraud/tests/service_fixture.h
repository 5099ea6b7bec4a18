// An in-process fraud server for tests: the real BuildService over a fresh SQLite database,
// behind the real authorizer (static tokens, one per role), on 127.0.0.1:0, with a fake
// clock (2025-01-15) and a fake contracts directory. Helpers build valid records and call
// the streaming imports.
//
//   class MyTest : public FraudServiceFixture {};
//   TEST_F(MyTest, X) {
//     auto summary = ImportHouseholds(kController, {Household("1000001")});
//     grpc::ClientContext ctx; Auth(ctx, kController);
//     stub().GetCase(&ctx, req, &resp);
//   }
#ifndef PARCOURS_SERVICES_FRAUD_TESTS_SERVICE_FIXTURE_H_
#define PARCOURS_SERVICES_FRAUD_TESTS_SERVICE_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/cache/cache.h"
#include "libs/common/clock.h"
#include "libs/config/config.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/outbox.h"
#include "libs/runtime/service_runtime.h"
#include "libs/server/service_host.h"
#include "libs/testing/test_database.h"
#include "parcours/fraud/v1/fraud.grpc.pb.h"
#include "services/fraud/clients/contracts_directory.h"

namespace parcours::fraud::testing {

// Tokens (the token is the role's name; "controller_est" covers TAD-EST only).
inline constexpr char kController[] = "controller";
inline constexpr char kControllerEst[] = "controller_est";
inline constexpr char kAdmin[] = "admin";
inline constexpr char kSteering[] = "steering";
inline constexpr char kReferent[] = "referent";
inline constexpr char kEvaluation[] = "evaluation";
inline constexpr char kDpo[] = "dpo";
std::vector<std::string> AllTokens();

void Auth(grpc::ClientContext& ctx, const std::string& token);

std::string Pseudonym(const std::string& caf);
v1::HouseholdRecord Household(const std::string& caf, const std::string& tad = "TAD-EST");
v1::DeclarationRecord Declaration(const std::string& caf, int year, int quarter,
                                  int64_t salary_cents);
v1::CrossCheckRecord IncomeSeen(const std::string& caf, const std::string& reference, int year,
                                int quarter, int64_t salary_cents);

class FraudServiceFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // The contracts directory the service is built with: by default the fake contracts()
  // returns; tests against a real contracts server override it.
  virtual std::unique_ptr<ContractsDirectory> MakeContracts();

  v1::Fraud::Stub& stub() { return *stub_; }
  storage::Database& db() { return test_db_->db(); }
  FakeClock& clock() { return clock_; }
  FakeContractsDirectory& contracts() { return *contracts_; }
  prometheus::Registry& registry() { return host_->metrics(); }

  int64_t Count(const std::string& table);
  grpc::Status ImportHouseholds(const std::string& token,
                                const std::vector<v1::HouseholdRecord>& rs, v1::ImportSummary* out);
  grpc::Status ImportDeclarations(const std::string& token,
                                  const std::vector<v1::DeclarationRecord>& rs,
                                  v1::ImportSummary* out);
  grpc::Status ImportCrossChecks(const std::string& token,
                                 const std::vector<v1::CrossCheckRecord>& rs,
                                 v1::ImportSummary* out);
  grpc::Status ImportReports(const std::string& token,
                             const std::vector<v1::SocialWorkerReport>& rs, v1::ImportSummary* out);
  // The household id of a CAF number ("" if unknown).
  std::string HouseholdId(const std::string& caf);
  // Imports a household that the default rules send to a case (income seen, declarations
  // missing) and rescoring opens it; returns the case.
  v1::Case OpenCase(const std::string& caf, const std::string& tad = "TAD-EST");

 private:
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2025, 1, 15, 10, 0, 0), absl::UTCTimeZone())};
  std::unique_ptr<testutil::TestDatabase> test_db_;
  std::unique_ptr<server::ServiceHost> host_;
  std::unique_ptr<auth::Authorizer> authorizer_;
  std::unique_ptr<events::FeedNotifier> notifier_;
  std::unique_ptr<events::Outbox> outbox_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<config::ConfigReader> config_;
  std::unique_ptr<cache::Cache> cache_;
  std::string name_ = "fraud";
  std::unique_ptr<runtime::ServiceContext> ctx_;
  FakeContractsDirectory* contracts_ = nullptr;
  std::unique_ptr<runtime::ServiceParts> parts_;
  std::unique_ptr<v1::Fraud::Stub> stub_;
};

}  // namespace parcours::fraud::testing

#endif  // PARCOURS_SERVICES_FRAUD_TESTS_SERVICE_FIXTURE_H_
