#include "services/contracts/tests/test_contracts.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/status_macros.h"
#include "libs/errors/grpc_status.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/migrations.h"
#include "services/contracts/authorization.h"
#include "services/contracts/proto_dates.h"

namespace parcours::contracts::testing {
namespace {

std::string Tokens() {
  const auto token = [](const char* name, const char* role) {
    return absl::StrCat(R"({"sha256": ")", auth::Sha256Hex(name), R"(", "subject": ")", name,
                        R"(", "roles": [")", role, R"("], "territories": ["*"]})");
  };
  return absl::StrCat("[", token("admin", "admin"), ",", token("fraud", "service:fraud"), ",",
                      token("evaluation", "service:evaluation"), "]");
}

void As(grpc::ClientContext& ctx) {
  ctx.AddMetadata("authorization", "Bearer admin");
  ctx.AddMetadata("x-parcours-purpose", "test");
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
}

}  // namespace

TestContracts::TestContracts(absl::Time now) : clock_(now) {}

TestContracts::~TestContracts() {
  Stop();
  parts_.reset();
}

absl::Status TestContracts::Start() {
  ASSIGN_OR_RETURN(db_, testutil::TestDatabase::Create("sqlite"));
  RETURN_IF_ERROR(storage::ApplyMigrations(db_->db(), runtime::AllMigrations(Migrations())));
  server::ServerOptions options;
  options.service_name = "contracts";
  options.grpc_address = "127.0.0.1:0";
  options.metrics_address = "";
  options.drain_deadline = absl::Seconds(1);
  host_ = std::make_unique<server::ServiceHost>(options);
  ASSIGN_OR_RETURN(auto verifier, auth::StaticTokenVerifier::FromJson(Tokens()));
  authorizer_ = std::make_unique<auth::Authorizer>(
      std::shared_ptr<const auth::TokenVerifier>(std::move(verifier)), ContractsPolicy());
  config_ = std::make_unique<config::ConfigReader>(std::vector<std::string>{},
                                                   std::map<std::string, std::string>{});
  outbox_ = std::make_unique<events::Outbox>("contracts", notifier_, clock_);
  audit_ = std::make_unique<audit::AuditLog>(db_->db(), clock_);
  const std::string name = "contracts";
  runtime::ServiceContext ctx{.name = name,
                              .config = *config_,
                              .host = *host_,
                              .db = db_->db(),
                              .cache = cache_,
                              .outbox = *outbox_,
                              .feed_notifier = notifier_,
                              .authorizer = *authorizer_,
                              .audit = *audit_,
                              .metrics = host_->metrics(),
                              .clock = clock_,
                              .identity = {}};
  Peers peers;
  auto orientation = std::make_unique<FakeOrientationDirectory>();
  orientation_ = orientation.get();
  peers.orientation = std::move(orientation);
  peers.catalogue = std::make_unique<FakeCatalogue>();
  peers.decoder = std::make_unique<OrientationPayloadDecoder>();
  ContractsOptions contract_options;
  contract_options.job_interval = absl::ZeroDuration();
  contract_options.gauge_interval = absl::Hours(1);
  contract_options.tads = {"TAD-EST"};
  ASSIGN_OR_RETURN(parts_, BuildContracts(ctx, contract_options, std::move(peers)));
  host_->AddInterceptors(authorizer_->MakeInterceptors());
  RETURN_IF_ERROR(host_->Start());
  RETURN_IF_ERROR(parts_->Start());
  host_->SetServing(true);
  stub_ = v1::Contracts::NewStub(grpc::CreateChannel(target(), grpc::InsecureChannelCredentials()));
  return absl::OkStatus();
}

void TestContracts::Stop() {
  if (host_ == nullptr || stopped_) return;
  stopped_ = true;
  if (parts_) parts_->Stop();
  host_->Shutdown();
}

std::string TestContracts::target() const { return absl::StrCat("127.0.0.1:", host_->grpc_port()); }

void TestContracts::Orient(const std::string& beneficiary) {
  orientation_->Set({.beneficiary_id = beneficiary,
                     .oriented = true,
                     .decision_id = "dec_" + beneficiary,
                     .type = OrientationType::kSocial,
                     .decided_on = absl::CivilDay(2010, 1, 10),
                     .referent_id = "referent-1",
                     .tad = "TAD-EST",
                     .mds = "MDS-EVRY",
                     .subject_to_rights_and_duties = true});
}

absl::StatusOr<v1::Contract> TestContracts::ActiveContract(const std::string& beneficiary,
                                                           absl::CivilDay start,
                                                           absl::CivilDay end) {
  v1::CreateContractRequest req;
  req.set_request_id(absl::StrCat("test-contract-", ++requests_));
  v1::Contract* draft = req.mutable_contract();
  draft->set_beneficiary_id(beneficiary);
  draft->set_kind(v1::CER_SOCIAL);
  *draft->mutable_start_date() = ToProtoDate(start);
  *draft->mutable_end_date() = ToProtoDate(end);
  draft->set_insertion_project("accès au logement");
  v1::Objective* o = draft->add_objectives();
  o->set_id("logement");
  o->set_title("Trouver un logement stable");
  o->set_theme("logement");
  v1::Action* a = draft->add_actions();
  a->set_objective_id("logement");
  a->set_title("Dossier de logement social");
  v1::Contract c;
  {
    grpc::ClientContext ctx;
    As(ctx);
    RETURN_IF_ERROR(errors::FromGrpcStatus(stub_->CreateContract(&ctx, req, &c)));
  }
  v1::ContractTransitionRequest submit;
  submit.set_id(c.id());
  submit.set_etag(c.etag());
  {
    grpc::ClientContext ctx;
    As(ctx);
    RETURN_IF_ERROR(errors::FromGrpcStatus(stub_->SubmitContract(&ctx, submit, &c)));
  }
  for (v1::Party party : {v1::BENEFICIARY, v1::REFERENT}) {
    v1::SignContractRequest sign;
    sign.set_id(c.id());
    sign.set_etag(c.etag());
    sign.set_party(party);
    grpc::ClientContext ctx;
    As(ctx);
    RETURN_IF_ERROR(errors::FromGrpcStatus(stub_->SignContract(&ctx, sign, &c)));
  }
  return c;
}

}  // namespace parcours::contracts::testing
