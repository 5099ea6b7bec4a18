// One catalogue replica for service tests: the real CatalogueParts on 127.0.0.1:0 over a
// given database and cache, assembled as libs/runtime does (outbox, event feed, audit log,
// authorizer with the catalogue's table), with a token per role, and a stub to call it.
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
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/client_context.h"
#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/auth/token_verifier.h"
#include "libs/cache/cache.h"
#include "libs/config/config.h"
#include "libs/events/feed_notifier.h"
#include "libs/events/feed_service.h"
#include "libs/events/outbox.h"
#include "libs/runtime/service_runtime.h"
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

// Migrations (catalogue, outbox, audit log: runtime::AllMigrations) for a test database.
absl::Status ApplyAllMigrations(storage::Database& db);

class TestCatalogue {
 public:
  // Tokens: "admin", "operator" (structure set by SetOperatorStructure), "referent-est"
  // (TAD-EST), "referent-centre" (TAD-CENTRE), "agent" (orientation agent, TAD-EST),
  // "steering", "controller", "feed" (service:catalogue), "evaluation" (service).
  // `local_cache_ttl`: the replica-local offer cache's (CatalogueOptions).
  TestCatalogue(storage::Database& db, cache::Cache& cache,
                absl::Duration local_cache_ttl = absl::Seconds(1));
  ~TestCatalogue();

  absl::Status Start();
  // Stops following, ends the feed's streams and shuts the server down (idempotent).
  void Stop();
  void SetOperatorStructure(const std::string& structure_id);
  // Another token, or another principal for a token.
  void SetPrincipal(const std::string& token, auth::Principal principal);
  void Authorize(grpc::ClientContext& ctx, const std::string& token) const;

  v1::Catalogue::Stub& stub() { return *stub_; }
  CatalogueParts& server() { return *parts_; }
  audit::AuditLog& audit() { return *audit_; }
  int port() const { return host_->grpc_port(); }

 private:
  storage::Database& db_;
  const absl::Duration local_cache_ttl_;
  const std::string name_ = "catalogue";
  std::shared_ptr<TestVerifier> verifier_;
  std::unique_ptr<server::ServiceHost> host_;
  config::ConfigReader config_{std::vector<std::string>{}, std::map<std::string, std::string>{}};
  events::FeedNotifier notifier_;
  std::unique_ptr<events::Outbox> outbox_;
  std::unique_ptr<events::EventFeedService> feed_;
  std::unique_ptr<auth::Authorizer> authorizer_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<runtime::ServiceContext> ctx_;
  std::unique_ptr<CatalogueParts> parts_;
  std::unique_ptr<v1::Catalogue::Stub> stub_;
  bool stopped_ = false;
};

}  // namespace parcours::catalogue::testdata

#endif  // PARCOURS_SERVICES_CATALOGUE_TESTS_TEST_CATALOGUE_H_
