#include "services/catalogue/tests/test_catalogue.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "libs/events/event_migrations.h"
#include "libs/storage/migrations.h"
#include "services/catalogue/authorization.h"
#include "services/catalogue/store/schema.h"

namespace parcours::catalogue::testdata {

TestVerifier::TestVerifier() {
  const auto set = [this](const std::string& token, std::vector<std::string> roles,
                          std::vector<std::string> territories) {
    principals_[token] = auth::Principal{
        .subject = token, .roles = std::move(roles), .territories = std::move(territories)};
  };
  set("admin", {auth::kAdmin}, {"*"});
  set("operator", {auth::kOperator}, {"*"});
  set("referent-est", {auth::kReferent}, {"TAD-EST"});
  set("referent-centre", {auth::kReferent}, {"TAD-CENTRE"});
  set("agent", {auth::kOrientationAgent}, {"TAD-EST"});
  set("steering", {auth::kSteering}, {"*"});
  set("controller", {auth::kController}, {"*"});
  set("feed", {kCatalogueService}, {"*"});
  set("evaluation", {kEvaluationService}, {"*"});
}

absl::StatusOr<auth::Principal> TestVerifier::Verify(const std::string& token) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = principals_.find(token);
  if (it == principals_.end()) return absl::UnauthenticatedError("unknown token");
  return it->second;
}

void TestVerifier::Set(const std::string& token, auth::Principal principal) {
  std::lock_guard<std::mutex> lock(mu_);
  principals_[token] = std::move(principal);
}

absl::Status ApplyAllMigrations(storage::Database& db) {
  return storage::ApplyMigrations(
      db, storage::WithMigrations(Migrations(), events::OutboxMigrations()));
}

TestCatalogue::TestCatalogue(storage::Database& db, cache::Cache& cache,
                             absl::Duration local_cache_ttl)
    : verifier_(std::make_shared<TestVerifier>()) {
  server::ServerOptions options;
  options.service_name = "catalogue";
  options.grpc_address = "127.0.0.1:0";
  options.metrics_address = "";  // the exposer takes 2 s to stop
  options.drain_deadline = absl::Seconds(2);
  host_ = std::make_unique<server::ServiceHost>(options);
  server_ = std::make_unique<CatalogueServer>(
      *host_, CatalogueServerDeps{.db = db,
                                  .cache = cache,
                                  .verifier = verifier_,
                                  .feed_token = "feed",
                                  .local_cache_ttl = local_cache_ttl,
                                  .feed_poll_interval = absl::Milliseconds(50)});
}

TestCatalogue::~TestCatalogue() {
  host_->Shutdown();
  server_.reset();
}

absl::Status TestCatalogue::Start() {
  if (absl::Status s = server_->Start(); !s.ok()) return s;
  stub_ = v1::Catalogue::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->grpc_port()),
                                                     grpc::InsecureChannelCredentials()));
  return absl::OkStatus();
}

void TestCatalogue::SetOperatorStructure(const std::string& structure_id) {
  verifier_->Set("operator", auth::Principal{.subject = "operator",
                                             .roles = {auth::kOperator},
                                             .territories = {"*"},
                                             .structure_id = structure_id});
}

void TestCatalogue::Authorize(grpc::ClientContext& ctx, const std::string& token) const {
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
}

}  // namespace parcours::catalogue::testdata
