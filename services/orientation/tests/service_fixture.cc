#include "services/orientation/tests/service_fixture.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/status_macros.h"
#include "nlohmann/json.hpp"
#include "services/orientation/authorization.h"
#include "services/orientation/proto_mapping.h"

namespace parcours::orientation::testing {

absl::Time FixtureStart() {
  return absl::FromCivil(absl::CivilSecond(2024, 6, 3, 10, 0, 0), absl::UTCTimeZone());
}

const std::vector<std::string>& TokenNames() {
  static const auto* names =
      new std::vector<std::string>{"agent", "agent-centre", "referent", "steering",  "admin",
                                   "dpo",   "contracts",    "fraud",    "evaluation"};
  return *names;
}

namespace {

struct TestToken {
  const char* name;
  const char* role;
  std::vector<std::string> territories;
};

const std::vector<TestToken>& Tokens() {
  static const auto* tokens = new std::vector<TestToken>{
      {"agent", auth::kOrientationAgent, {"*"}},
      {"agent-centre", auth::kOrientationAgent, {"TAD-CENTRE"}},
      {"referent", auth::kReferent, {"TAD-EST"}},
      {"steering", auth::kSteering, {"*"}},
      {"admin", auth::kAdmin, {"*"}},
      {"dpo", auth::kDpo, {"*"}},
      {"contracts", kContractsService, {"*"}},
      {"fraud", kFraudService, {"*"}},
      {"evaluation", kEvaluationService, {"*"}},
  };
  return *tokens;
}

std::string TokensJson() {
  nlohmann::json out = nlohmann::json::array();
  for (const TestToken& t : Tokens()) {
    out.push_back({{"sha256", auth::Sha256Hex(t.name)},
                   {"subject", absl::StrCat("user-", t.name)},
                   {"roles", {t.role}},
                   {"territories", t.territories},
                   {"structure_id", ""}});
  }
  return out.dump();
}

}  // namespace

std::string RoleOfToken(const std::string& token) {
  for (const TestToken& t : Tokens()) {
    if (token == t.name) return t.role;
  }
  return "";
}

ServiceFixture::ServiceFixture() : clock_(FixtureStart()) {}

ServiceFixture::~ServiceFixture() {
  if (host_) host_->Shutdown();
}

absl::Status ServiceFixture::Start(OrientationSettings settings) {
  ASSIGN_OR_RETURN(env_, MakeStoreEnv("sqlite"));
  audit_ = std::make_unique<audit::AuditLog>(env_.db->db(), clock_);
  ASSIGN_OR_RETURN(auto verifier, auth::StaticTokenVerifier::FromJson(TokensJson()));
  authorizer_ = std::make_unique<auth::Authorizer>(
      std::shared_ptr<const auth::TokenVerifier>(std::move(verifier)), OrientationPolicy());
  server::ServerOptions options;
  options.service_name = "orientation";
  options.metrics_address = "";  // the exposer takes 2 s to stop; tests read the registry
  host_ = std::make_unique<server::ServiceHost>(options);
  host_->AddInterceptors(authorizer_->MakeInterceptors());
  metrics_ = std::make_unique<OrientationMetrics>(host_->metrics());
  service_ = std::make_unique<OrientationService>(
      OrientationServiceDeps{env_.store.get(), audit_.get(), authorizer_.get(), &Territories(),
                             &Rules(), &clock_, metrics_.get(), settings});
  host_->AddService(service_.get(), v1::Orientation::service_full_name());
  RETURN_IF_ERROR(host_->Start());
  host_->SetServing(true);
  stub_ = v1::Orientation::NewStub(grpc::CreateChannel(
      absl::StrCat("127.0.0.1:", host_->grpc_port()), grpc::InsecureChannelCredentials()));
  return absl::OkStatus();
}

void ServiceFixture::Authorize(grpc::ClientContext& ctx, const std::string& token) {
  ctx.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  ctx.AddMetadata("x-parcours-purpose", "orientation");
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
}

grpc::Status ServiceFixture::ImportFlow(const std::vector<CafRecord>& records,
                                        v1::ImportCafFlowResponse* out) {
  grpc::ClientContext ctx;
  Authorize(ctx, "agent");
  auto writer = stub_->ImportCafFlow(&ctx, out);
  for (const CafRecord& r : records) {
    if (!writer->Write(CafRecordToProto(r))) break;
  }
  writer->WritesDone();
  return writer->Finish();
}

}  // namespace parcours::orientation::testing
