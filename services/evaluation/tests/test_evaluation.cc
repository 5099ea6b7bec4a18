#include "services/evaluation/tests/test_evaluation.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "libs/auth/token_verifier.h"
#include "libs/events/test_util.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/migrations.h"
#include "services/evaluation/authorization.h"
#include "services/evaluation/domain/event_mapping.h"

namespace parcours::evaluation::testing {
namespace {

class RoleVerifier final : public auth::TokenVerifier {
 public:
  absl::StatusOr<auth::Principal> Verify(const std::string& token) const override {
    auto principal = [&](std::vector<std::string> roles, std::vector<std::string> territories) {
      return auth::Principal{
          .subject = token, .roles = std::move(roles), .territories = std::move(territories)};
    };
    if (token == "steering") return principal({auth::kSteering}, {"*"});
    if (token == "admin") return principal({auth::kAdmin}, {"*"});
    if (token == "referent-est") return principal({auth::kReferent}, {"TAD-EST"});
    if (token == "operator") return principal({auth::kOperator}, {"*"});
    if (token == "orientation_agent") return principal({auth::kOrientationAgent}, {"TAD-EST"});
    if (token == "controller") return principal({auth::kController}, {"*"});
    if (token == "dpo") return principal({auth::kDpo}, {"*"});
    if (token == "service") return principal({"service:orientation"}, {"*"});
    return absl::UnauthenticatedError("unknown token");
  }
};

}  // namespace

absl::Status Migrate(storage::Database& db) {
  return storage::ApplyMigrations(db, runtime::AllMigrations(Migrations()));
}

TestEvaluation::TestEvaluation(storage::Database& db,
                               std::map<std::string, std::shared_ptr<grpc::ChannelInterface>> feeds,
                               const Clock& clock, int secrecy_k)
    : db_(db), registry_(std::make_shared<prometheus::Registry>()) {
  authorizer_ =
      std::make_unique<auth::Authorizer>(std::make_shared<RoleVerifier>(), AuthorizationTable());
  audit_ = std::make_unique<audit::AuditLog>(db, clock);
  server::ServerOptions options;
  options.service_name = "evaluation";
  options.grpc_address = "127.0.0.1:0";
  options.metrics_address = "";
  options.drain_deadline = absl::Seconds(2);
  host_ = std::make_unique<server::ServiceHost>(options);
  EvaluationConfig config;
  config.secrecy_k = secrecy_k;
  config.pacte_json = DefaultPacteJson();
  config.indicators_json = DefaultIndicatorsJson();
  config.metrics_refresh = absl::Hours(1);  // tests refresh explicitly
  events::FeedConsumerOptions consumer;
  consumer.batch_window = absl::Milliseconds(2);
  consumer.initial_backoff = absl::Milliseconds(20);
  consumer.max_backoff = absl::Milliseconds(200);
  consumer.head_timeout = absl::Seconds(1);
  auto parts = EvaluationParts::Build({.db = db,
                                       .authorizer = *authorizer_,
                                       .audit = *audit_,
                                       .metrics = *registry_,
                                       .clock = clock,
                                       .config = config,
                                       .feeds = std::move(feeds),
                                       .consumer_options = consumer});
  if (!parts.ok()) {
    built_ = parts.status();
    return;
  }
  parts_ = *std::move(parts);
  host_->AddService(&parts_->service(), v1::Evaluation::service_full_name());
  host_->AddInterceptors(authorizer_->MakeInterceptors());
}

TestEvaluation::~TestEvaluation() { Stop(); }

absl::Status TestEvaluation::Start() {
  if (!built_.ok()) return built_;
  if (absl::Status s = Migrate(db_); !s.ok()) return s;
  if (absl::Status s = host_->Start(); !s.ok()) return s;
  host_->SetServing(true);
  stub_ = v1::Evaluation::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", host_->grpc_port()), grpc::InsecureChannelCredentials()));
  return parts_->Start();
}

void TestEvaluation::Stop() {
  if (parts_) parts_->Stop();
  if (host_) host_->Shutdown();
}

bool TestEvaluation::WaitCaughtUp(ScriptedFeeds& feeds) {
  std::map<std::string, int64_t> heads;
  for (const FeedSpec& f : Feeds()) heads[std::string(f.name)] = feeds.Head(std::string(f.name));
  return events::testutil::WaitUntil(
      [&] {
        for (const FeedStatus& s : parts_->consumers().Status()) {
          if (s.last_applied_sequence < heads[s.feed]) return false;
        }
        return true;
      },
      absl::Seconds(30));
}

void TestEvaluation::Authorize(grpc::ClientContext& ctx, const std::string& token) const {
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
}

}  // namespace parcours::evaluation::testing
