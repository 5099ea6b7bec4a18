#include "services/catalogue/tests/test_catalogue.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
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
  return storage::ApplyMigrations(db, runtime::AllMigrations(Migrations()));
}

TestCatalogue::TestCatalogue(storage::Database& db, cache::Cache& cache,
                             absl::Duration local_cache_ttl)
    : db_(db), local_cache_ttl_(local_cache_ttl), verifier_(std::make_shared<TestVerifier>()) {
  server::ServerOptions options;
  options.service_name = "catalogue";
  options.grpc_address = "127.0.0.1:0";
  options.metrics_address = "";  // the exposer takes 2 s to stop
  options.drain_deadline = absl::Seconds(2);
  host_ = std::make_unique<server::ServiceHost>(options);
  outbox_ = std::make_unique<events::Outbox>("catalogue", notifier_);
  feed_ = std::make_unique<events::EventFeedService>(
      db, notifier_,
      events::FeedServiceOptions{.source = "catalogue", .poll_interval = absl::Milliseconds(50)});
  authorizer_ = std::make_unique<auth::Authorizer>(verifier_, CataloguePolicy());
  audit_ = std::make_unique<audit::AuditLog>(db);
  ctx_ = std::unique_ptr<runtime::ServiceContext>(
      new runtime::ServiceContext{.name = name_,
                                  .config = config_,
                                  .host = *host_,
                                  .db = db,
                                  .cache = cache,
                                  .outbox = *outbox_,
                                  .feed_notifier = notifier_,
                                  .authorizer = *authorizer_,
                                  .audit = *audit_,
                                  .metrics = host_->metrics(),
                                  .clock = Clock::Real(),
                                  .identity = {.bearer_token = "feed"}});
}

TestCatalogue::~TestCatalogue() {
  Stop();
  parts_.reset();
}

void TestCatalogue::Stop() {
  if (stopped_) return;
  stopped_ = true;
  if (parts_ != nullptr) parts_->Stop();
  feed_->Shutdown();
  host_->Shutdown();
}

void TestCatalogue::SetPrincipal(const std::string& token, auth::Principal principal) {
  verifier_->Set(token, std::move(principal));
}

absl::Status TestCatalogue::Start() {
  absl::StatusOr<std::unique_ptr<CatalogueParts>> parts = BuildCatalogue(*ctx_, {.local_cache_ttl = local_cache_ttl_});
  if (!parts.ok()) return parts.status();
  parts_ = *std::move(parts);
  host_->AddService(feed_.get(), events::v1::EventFeed::service_full_name());
  host_->AddInterceptors(authorizer_->MakeInterceptors());
  if (absl::Status s = host_->Start(); !s.ok()) return s;
  if (absl::Status s = parts_->Start(); !s.ok()) return s;
  host_->SetServing(true);
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
