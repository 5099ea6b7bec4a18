// A real contracts server for other services' tests (fraud asks it about contracts): the
// real BuildContracts on 127.0.0.1:0 over a fresh SQLite database, with the real
// authorizer and these tokens: "admin", "fraud" (service:fraud), "evaluation"
// (service:evaluation). Orientation is a fake the test fills (Orient), catalogue a fake.
//
//   TestContracts contracts;  ASSERT_OK(contracts.Start());
//   contracts.Orient("ben_1");
//   ASSERT_OK_AND_ASSIGN(auto c, contracts.ActiveContract("ben_1", {2024, 1, 1}, {2024, 6, 30}));
//   ... GrpcContractsDirectory(Channel(contracts.target()), ...)
//   contracts.Stop();  // the port then refuses connections
#ifndef PARCOURS_SERVICES_CONTRACTS_TESTS_TEST_CONTRACTS_H_
#define PARCOURS_SERVICES_CONTRACTS_TESTS_TEST_CONTRACTS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/cache/cache.h"
#include "libs/common/clock.h"
#include "libs/config/config.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/outbox.h"
#include "libs/server/service_host.h"
#include "libs/testing/test_database.h"
#include "parcours/contracts/v1/contracts.grpc.pb.h"
#include "services/contracts/clients/fakes.h"
#include "services/contracts/contracts_server.h"

namespace parcours::contracts::testing {

class TestContracts {
 public:
  explicit TestContracts(absl::Time now);
  ~TestContracts();

  absl::Status Start();
  void Stop();
  std::string target() const;

  // Orientation (the fake) says `beneficiary` is SOCIAL-oriented, in TAD-EST.
  void Orient(const std::string& beneficiary);
  // Creates, submits and has both parties sign a CER_SOCIAL from `start` to `end`.
  absl::StatusOr<v1::Contract> ActiveContract(const std::string& beneficiary, absl::CivilDay start,
                                              absl::CivilDay end);

  v1::Contracts::Stub& stub() { return *stub_; }
  // Contracts activate on the day of their second signature: set the clock first.
  FakeClock& clock() { return clock_; }

 private:
  FakeClock clock_;
  FakeOrientationDirectory* orientation_ = nullptr;
  std::unique_ptr<testutil::TestDatabase> db_;
  std::unique_ptr<server::ServiceHost> host_;
  std::unique_ptr<auth::Authorizer> authorizer_;
  cache::NullCache cache_;
  std::unique_ptr<config::ConfigReader> config_;
  events::FeedNotifier notifier_;
  std::unique_ptr<events::Outbox> outbox_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<ContractsParts> parts_;
  std::unique_ptr<v1::Contracts::Stub> stub_;
  int requests_ = 0;
  bool stopped_ = false;
};

}  // namespace parcours::contracts::testing

#endif  // PARCOURS_SERVICES_CONTRACTS_TESTS_TEST_CONTRACTS_H_
