#include "services/contracts/tests/service_fixture.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "libs/auth/token_verifier.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/migrations.h"
#include "libs/testing/status_matchers.h"
#include "services/contracts/authorization.h"

namespace parcours::contracts::testing {
namespace {

std::string Token(const std::string& subject, const std::string& role,
                  const std::string& territories) {
  return absl::StrCat(R"({"sha256": ")", auth::Sha256Hex("tok-" + subject), R"(", "subject": ")",
                      subject, R"(", "roles": [")", role, R"("], "territories": [)", territories,
                      "]}");
}

std::string TokenFile() {
  return absl::StrCat("[", Token("referent-1", "referent", R"("TAD-EST")"), ",",
                      Token("referent-2", "referent", R"("TAD-EST")"), ",",
                      Token("agent", "orientation_agent", R"("TAD-EST")"), ",",
                      Token("agent-west", "orientation_agent", R"("TAD-SUD-OUEST")"), ",",
                      Token("steering", "steering", R"("*")"), ",",
                      Token("admin", "admin", R"("*")"), ",",
                      Token("fraud", "service:fraud", R"("*")"), ",",
                      Token("evaluation", "service:evaluation", R"("*")"), "]");
}

}  // namespace

void ServiceFixture::SetUp() {
  absl::StatusOr<std::unique_ptr<testutil::TestDatabase>> db =
      testutil::TestDatabase::Create("sqlite");
  ASSERT_OK(db);
  db_ = *std::move(db);
  ASSERT_OK(storage::ApplyMigrations(db_->db(), runtime::AllMigrations(Migrations())));

  server::ServerOptions options;
  options.service_name = "contracts";
  options.grpc_address = "127.0.0.1:0";
  options.metrics_address = "";  // the exposer takes 2 s to stop
  host_ = std::make_unique<server::ServiceHost>(options);
  auto verifier = auth::StaticTokenVerifier::FromJson(TokenFile());
  ASSERT_OK(verifier);
  authorizer_ = std::make_unique<auth::Authorizer>(
      std::shared_ptr<const auth::TokenVerifier>(*std::move(verifier)), ContractsPolicy());
  cache_ = std::make_unique<cache::NullCache>();
  config_ = std::make_unique<config::ConfigReader>(std::vector<std::string>{},
                                                   std::map<std::string, std::string>{});
  outbox_ = std::make_unique<events::Outbox>("contracts", notifier_, clock_);
  audit_ = std::make_unique<audit::AuditLog>(db_->db(), clock_);
  const std::string name = "contracts";
  runtime::ServiceContext ctx{.name = name,
                              .config = *config_,
                              .host = *host_,
                              .db = db_->db(),
                              .cache = *cache_,
                              .outbox = *outbox_,
                              .feed_notifier = notifier_,
                              .authorizer = *authorizer_,
                              .audit = *audit_,
                              .metrics = host_->metrics(),
                              .clock = clock_,
                              .identity = {}};
  Peers peers = MakePeers();
  ContractsOptions contract_options;
  contract_options.job_interval = absl::ZeroDuration();  // tests run the job through the RPC
  contract_options.gauge_interval = absl::Hours(1);
  contract_options.tads = {"TAD-EST"};
  absl::StatusOr<std::unique_ptr<ContractsParts>> parts =
      BuildContracts(ctx, contract_options, std::move(peers));
  ASSERT_OK(parts);
  parts_ = *std::move(parts);
  host_->AddInterceptors(authorizer_->MakeInterceptors());
  ASSERT_OK(host_->Start());
  ASSERT_OK(parts_->Start());
  host_->SetServing(true);
  stub_ = v1::Contracts::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", host_->grpc_port()),
                                                     grpc::InsecureChannelCredentials()));
}

Peers ServiceFixture::MakePeers() {
  Peers peers;
  auto orientation = std::make_unique<FakeOrientationDirectory>();
  auto catalogue = std::make_unique<FakeCatalogue>();
  orientation_ = orientation.get();
  catalogue_ = catalogue.get();
  peers.orientation = std::move(orientation);
  peers.catalogue = std::move(catalogue);
  peers.decoder = std::make_unique<OrientationPayloadDecoder>();
  return peers;
}

void ServiceFixture::TearDown() {
  if (parts_) parts_->Stop();
  if (host_) host_->Shutdown();
  stub_.reset();
  parts_.reset();
  host_.reset();
}

void ServiceFixture::As(grpc::ClientContext& ctx, const std::string& subject) {
  ctx.AddMetadata("authorization", "Bearer tok-" + subject);
  ctx.AddMetadata("x-parcours-purpose", "test");
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
}

void ServiceFixture::Orient(const std::string& beneficiary, OrientationType type,
                            const std::string& referent) {
  orientation_->Set({.beneficiary_id = beneficiary,
                     .oriented = true,
                     .decision_id = "dec_" + beneficiary,
                     .type = type,
                     .decided_on = absl::CivilDay(2024, 1, 10),
                     .referent_id = referent,
                     .tad = "TAD-EST",
                     .mds = "MDS-EVRY",
                     .subject_to_rights_and_duties = true});
}

v1::CreateContractRequest ServiceFixture::NewContract(const std::string& beneficiary,
                                                      const std::string& request_id,
                                                      v1::ContractKind kind) {
  v1::CreateContractRequest req;
  req.set_request_id(request_id);
  v1::Contract* c = req.mutable_contract();
  c->set_beneficiary_id(beneficiary);
  c->set_kind(kind);
  c->mutable_start_date()->set_year(2024);
  c->mutable_start_date()->set_month(2);
  c->mutable_start_date()->set_day(1);
  c->mutable_end_date()->set_year(2024);
  c->mutable_end_date()->set_month(7);
  c->mutable_end_date()->set_day(31);
  c->set_insertion_project("accès au logement puis formation");
  v1::Objective* o = c->add_objectives();
  o->set_id("logement");
  o->set_title("Trouver un logement stable");
  o->set_theme("logement");
  v1::Action* a = c->add_actions();
  a->set_objective_id("logement");
  a->set_title("Dossier de demande de logement social");
  return req;
}

v1::Contract ServiceFixture::ActiveContract(const std::string& beneficiary,
                                            const std::string& request_id) {
  v1::Contract c;
  {
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    grpc::Status s = stub().CreateContract(&ctx, NewContract(beneficiary, request_id), &c);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  v1::ContractTransitionRequest submit;
  submit.set_id(c.id());
  submit.set_etag(c.etag());
  {
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    grpc::Status s = stub().SubmitContract(&ctx, submit, &c);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  for (v1::Party party : {v1::BENEFICIARY, v1::REFERENT}) {
    v1::SignContractRequest sign;
    sign.set_id(c.id());
    sign.set_etag(c.etag());
    sign.set_party(party);
    grpc::ClientContext ctx;
    As(ctx, "referent-1");
    grpc::Status s = stub().SignContract(&ctx, sign, &c);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  return c;
}

int64_t ServiceFixture::Count(const std::string& sql) {
  auto tx = db_->db().Begin(storage::TxMode::kRead);
  EXPECT_OK(tx);
  auto rs = (*tx)->Query(sql);
  EXPECT_OK(rs);
  return rs.ok() ? rs->rows[0].Int(0) : -1;
}

}  // namespace parcours::contracts::testing
