// One catalogue replica for service tests: the real CatalogueServer on 127.0.0.1:0 over a
// given database and cache, with a token per role, and a stub to call it.
//
//   auto db = testutil::TestDatabase::Create("sqlite");
//   TestCatalogue catalogue((*db)->db(), cache);
//   ASSERT_OK(catalogue.Start());
//   grpc::ClientContext ctx;
//   catalogue.Authorize(ctx, "admin");
//   catalogue.stub().GetOffer(&ctx, request, &offer);
#ifndef PARCOURS_SERVICES_CATALOGUE_TESTS_TEST_CATALOGUE_H_
#define PARCOURS_SERVICES_CATALOGUE_TESTS_TEST_CATALOGUE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "grpcpp/client_context.h"
#include "libs/auth/token_verifier.h"
#include "libs/cache/cache.h"
#include "libs/server/service_host.h"
#include "libs/storage/database.h"
#include "parcours/catalogue/v1/catalogue.grpc.pb.h"
#include "services/catalogue/catalogue_server.h"

namespace parcours::catalogue::testdata {

// Tokens are the role names below; principals can be changed while the server runs (an
// operator's structure is only known once the test created it).
class TestVerifier final : public auth::TokenVerifier {
 public:
  TestVerifier();
  absl::StatusOr<auth::Principal> Verify(const std::string& token) const override;
  void Set(const std::string& token, auth::Principal principal);

 private:
  mutable std::mutex mu_;
  std::map<std::string, auth::Principal> principals_;
};

// Migrations (catalogue + outbox) for a test database.
absl::Status ApplyAllMigrations(storage::Database& db);

class TestCatalogue {
 public:
  // Tokens: "admin", "operator" (structure set by SetOperatorStructure), "referent-est"
  // (TAD-EST), "referent-centre" (TAD-CENTRE), "agent" (orientation agent, TAD-EST),
  // "steering", "controller", "feed" (service:catalogue), "evaluation" (service).
  // `local_cache_ttl`: the replica-local offer cache's (CatalogueServerDeps).
  TestCatalogue(storage::Database& db, cache::Cache& cache,
                absl::Duration local_cache_ttl = absl::Seconds(1));
  ~TestCatalogue();

  absl::Status Start();
  void SetOperatorStructure(const std::string& structure_id);
  void Authorize(grpc::ClientContext& ctx, const std::string& token) const;

  v1::Catalogue::Stub& stub() { return *stub_; }
  CatalogueServer& server() { return *server_; }
  int port() { return host_->grpc_port(); }

 private:
  std::shared_ptr<TestVerifier> verifier_;
  std::unique_ptr<server::ServiceHost> host_;
  std::unique_ptr<CatalogueServer> server_;
  std::unique_ptr<v1::Catalogue::Stub> stub_;
};

}  // namespace parcours::catalogue::testdata

#endif  // PARCOURS_SERVICES_CATALOGUE_TESTS_TEST_CATALOGUE_H_
