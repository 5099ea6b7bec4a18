// Real orientation and catalogue servers for contracts' tests, in-process on 127.0.0.1:0,
// each over its own fresh SQLite database with its own authorization table, serving a
// "contracts" token (service:contracts) beside the tokens the test uses to set data up.
// Plus SilentPeer: a port that accepts connections and never answers.
//
//   RealOrientation orientation;  ASSERT_OK(orientation.Start());
//   std::string ben = orientation.Enter(1);              // a CAF entrant, TAD-EST
//   orientation::v1::OrientationDecision d = orientation.OrientSocial(ben);
//   GrpcOrientationDirectory client(Channel(orientation.target()), {.identity = ...});
#ifndef PARCOURS_SERVICES_CONTRACTS_TESTS_REAL_PEERS_H_
#define PARCOURS_SERVICES_CONTRACTS_TESTS_REAL_PEERS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/cache/cache.h"
#include "libs/common/clock.h"
#include "libs/events/feed_service.h"
#include "libs/server/service_host.h"
#include "libs/testing/test_database.h"
#include "parcours/catalogue/v1/catalogue.grpc.pb.h"
#include "parcours/orientation/v1/orientation.grpc.pb.h"
#include "services/catalogue/catalogue_server.h"
#include "services/catalogue/tests/test_catalogue.h"
#include "services/orientation/orientation_metrics.h"
#include "services/orientation/service.h"
#include "services/orientation/tests/test_support.h"

namespace parcours::contracts::testing {

// The token contracts presents to both peers.
inline constexpr char kContractsToken[] = "contracts";

std::shared_ptr<grpc::Channel> Channel(const std::string& target);

class RealOrientation {
 public:
  // Orientation's clock: 2024-06-03 10:00 UTC.
  RealOrientation();
  ~RealOrientation();

  absl::Status Start();
  void Stop();  // stops serving; the port then refuses connections
  std::string target() const;

  // Imports CAF entrant `n` (Évry, TAD-EST / MDS-EVRY) and returns its id.
  std::string Enter(int n, bool subject_to_rights_and_duties = true);
  // Records a diagnostic, creates a SOCIAL référent (once) and decides a SOCIAL
  // orientation for `id`.
  orientation::v1::OrientationDecision OrientSocial(const std::string& id);
  // The CAF closes entrant `n`'s right.
  void Exit(int n, absl::CivilDay on);

  orientation::v1::Orientation::Stub& stub() { return *stub_; }
  storage::Database& db() { return env_.db->db(); }
  FakeClock& clock() { return clock_; }

 private:
  void As(grpc::ClientContext& ctx);
  orientation::v1::Beneficiary Get(const std::string& id);

  FakeClock clock_;
  orientation::testing::StoreEnv env_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<auth::Authorizer> authorizer_;
  std::unique_ptr<server::ServiceHost> host_;
  std::unique_ptr<orientation::OrientationMetrics> metrics_;
  std::unique_ptr<orientation::OrientationService> service_;
  std::unique_ptr<events::EventFeedService> feed_;
  std::unique_ptr<orientation::v1::Orientation::Stub> stub_;
  std::string referent_id_;
  bool stopped_ = false;
};

class RealCatalogue {
 public:
  RealCatalogue();
  ~RealCatalogue();

  absl::Status Start();
  void Stop();
  std::string target() const;

  // A published offer (created once) and a prescription of it for `beneficiary_id`.
  catalogue::v1::Prescription Prescribe(const std::string& beneficiary_id,
                                        const std::string& request_id);

 private:
  void As(grpc::ClientContext& ctx, const std::string& token);

  std::unique_ptr<testutil::TestDatabase> db_;
  cache::NullCache cache_;
  std::shared_ptr<catalogue::testdata::TestVerifier> verifier_;
  std::unique_ptr<server::ServiceHost> host_;
  std::unique_ptr<catalogue::CatalogueServer> server_;
  std::unique_ptr<catalogue::v1::Catalogue::Stub> stub_;
  std::string offer_id_;
  bool stopped_ = false;
};

// Listens on 127.0.0.1:<port>; the kernel completes connections, nobody ever reads or
// writes: a peer that hangs.
class SilentPeer {
 public:
  SilentPeer();
  ~SilentPeer();
  std::string target() const;

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace parcours::contracts::testing

#endif  // PARCOURS_SERVICES_CONTRACTS_TESTS_REAL_PEERS_H_
