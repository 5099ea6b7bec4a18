#include "services/contracts/tests/real_peers.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "libs/auth/token_verifier.h"
#include "libs/common/status_macros.h"
#include "services/catalogue/authorization.h"
#include "services/catalogue/tests/test_offers.h"
#include "services/orientation/authorization.h"
#include "services/orientation/proto_mapping.h"

namespace parcours::contracts::testing {
namespace {

namespace opb = ::parcours::orientation::v1;
namespace cpb = ::parcours::catalogue::v1;

constexpr char kEvry[] = "91228";

std::string OrientationTokens() {
  const auto token = [](const char* name, const char* role) {
    return absl::StrCat(R"({"sha256": ")", auth::Sha256Hex(name), R"(", "subject": ")", name,
                        R"(", "roles": [")", role, R"("], "territories": ["*"]})");
  };
  return absl::StrCat("[", token("agent", auth::kOrientationAgent), ",",
                      token(kContractsToken, orientation::kContractsService), "]");
}

}  // namespace

std::shared_ptr<grpc::Channel> Channel(const std::string& target) {
  return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
}

// ---------------------------------------------------------------------------------------

RealOrientation::RealOrientation()
    : clock_(absl::FromCivil(absl::CivilSecond(2024, 6, 3, 10, 0, 0), absl::UTCTimeZone())) {}

RealOrientation::~RealOrientation() { Stop(); }

absl::Status RealOrientation::Start() {
  ASSIGN_OR_RETURN(env_, orientation::testing::MakeStoreEnv("sqlite"));
  audit_ = std::make_unique<audit::AuditLog>(env_.db->db(), clock_);
  ASSIGN_OR_RETURN(auto verifier, auth::StaticTokenVerifier::FromJson(OrientationTokens()));
  authorizer_ = std::make_unique<auth::Authorizer>(
      std::shared_ptr<const auth::TokenVerifier>(std::move(verifier)),
      orientation::OrientationPolicy());
  server::ServerOptions options;
  options.service_name = "orientation";
  options.grpc_address = "127.0.0.1:0";
  options.metrics_address = "";
  options.drain_deadline = absl::Seconds(1);
  host_ = std::make_unique<server::ServiceHost>(options);
  host_->AddInterceptors(authorizer_->MakeInterceptors());
  metrics_ = std::make_unique<orientation::OrientationMetrics>(host_->metrics());
  service_ = std::make_unique<orientation::OrientationService>(
      orientation::OrientationServiceDeps{env_.store.get(),
                                          audit_.get(),
                                          authorizer_.get(),
                                          &orientation::testing::Territories(),
                                          &orientation::testing::Rules(),
                                          &clock_,
                                          metrics_.get(),
                                          {}});
  feed_ = std::make_unique<events::EventFeedService>(
      env_.db->db(), *env_.notifier,
      events::FeedServiceOptions{.source = "orientation", .poll_interval = absl::Milliseconds(50)});
  host_->AddService(service_.get(), opb::Orientation::service_full_name());
  host_->AddService(feed_.get(), events::v1::EventFeed::service_full_name());
  host_->OnShutdown([this] { feed_->Shutdown(); });
  RETURN_IF_ERROR(host_->Start());
  host_->SetServing(true);
  stub_ = opb::Orientation::NewStub(Channel(target()));
  return absl::OkStatus();
}

void RealOrientation::Stop() {
  if (host_ == nullptr || stopped_) return;
  stopped_ = true;
  host_->Shutdown();
}

std::string RealOrientation::target() const {
  return absl::StrCat("127.0.0.1:", host_->grpc_port());
}

void RealOrientation::As(grpc::ClientContext& ctx) {
  ctx.AddMetadata("authorization", "Bearer agent");
  ctx.AddMetadata("x-parcours-purpose", "test");
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
}

opb::Beneficiary RealOrientation::Get(const std::string& id) {
  opb::GetBeneficiaryRequest req;
  req.set_id(id);
  opb::Beneficiary b;
  grpc::ClientContext ctx;
  As(ctx);
  EXPECT_TRUE(stub_->GetBeneficiary(&ctx, req, &b).ok());
  return b;
}

std::string RealOrientation::Enter(int n, bool subject) {
  grpc::ClientContext ctx;
  As(ctx);
  opb::ImportCafFlowResponse resp;
  auto writer = stub_->ImportCafFlow(&ctx, &resp);
  writer->Write(orientation::CafRecordToProto(
      orientation::testing::Entrant(n, kEvry, absl::CivilDay(2024, 5, n), subject)));
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  EXPECT_TRUE(s.ok() && resp.applied() == 1) << s.error_message();
  opb::ListBeneficiariesRequest list;
  list.set_page_size(500);
  opb::ListBeneficiariesResponse page;
  grpc::ClientContext lctx;
  As(lctx);
  EXPECT_TRUE(stub_->ListBeneficiaries(&lctx, list, &page).ok());
  for (const opb::Beneficiary& b : page.beneficiaries()) {
    if (b.identity().caf_number() == orientation::testing::CafNumber(n)) return b.id();
  }
  ADD_FAILURE() << "entrant " << n << " not registered";
  return "";
}

opb::OrientationDecision RealOrientation::OrientSocial(const std::string& id) {
  {
    opb::UpdateBeneficiaryRequest req;
    *req.mutable_beneficiary() = Get(id);
    opb::Diagnostic* d = req.mutable_beneficiary()->mutable_diagnostic();
    d->clear_barriers();
    d->add_barriers(opb::HEALTH);
    d->set_qualification_level(opb::QUALIFICATION_LEVEL_3);
    req.mutable_update_mask()->add_paths("diagnostic");
    opb::Beneficiary out;
    grpc::ClientContext ctx;
    As(ctx);
    grpc::Status s = stub_->UpdateBeneficiary(&ctx, req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  if (referent_id_.empty()) {
    opb::CreateReferentRequest req;
    req.set_request_id("ref-social");
    req.mutable_referent()->set_display_name("Camille Référente");
    req.mutable_referent()->set_structure_id("str_mds_evry");
    req.mutable_referent()->set_orientation_type(opb::SOCIAL);
    req.mutable_referent()->set_mds("MDS-EVRY");
    req.mutable_referent()->set_target_caseload(60);
    opb::Referent r;
    grpc::ClientContext ctx;
    As(ctx);
    grpc::Status s = stub_->CreateReferent(&ctx, req, &r);
    EXPECT_TRUE(s.ok()) << s.error_message();
    referent_id_ = r.id();
  }
  opb::DecideOrientationRequest req;
  req.set_request_id("decide-" + id);
  req.set_beneficiary_id(id);
  req.set_beneficiary_etag(Get(id).etag());
  req.set_type(opb::SOCIAL);
  req.set_referent_id(referent_id_);
  opb::OrientationDecision d;
  grpc::ClientContext ctx;
  As(ctx);
  grpc::Status s = stub_->DecideOrientation(&ctx, req, &d);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return d;
}

void RealOrientation::Exit(int n, absl::CivilDay on) {
  orientation::CafRecord r;
  r.kind = orientation::CafRecordKind::kExit;
  r.caf_number = orientation::testing::CafNumber(n);
  r.event_date = on;
  r.exit_reason = orientation::ExitReason::kIncomeAboveThreshold;
  grpc::ClientContext ctx;
  As(ctx);
  opb::ImportCafFlowResponse resp;
  auto writer = stub_->ImportCafFlow(&ctx, &resp);
  writer->Write(orientation::CafRecordToProto(r));
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  EXPECT_TRUE(s.ok() && resp.applied() == 1) << s.error_message() << " " << resp.ShortDebugString();
}

// ---------------------------------------------------------------------------------------

RealCatalogue::RealCatalogue() : verifier_(std::make_shared<catalogue::testdata::TestVerifier>()) {
  verifier_->Set(kContractsToken, auth::Principal{.subject = kContractsToken,
                                                  .roles = {catalogue::kContractsService},
                                                  .territories = {"*"}});
}

RealCatalogue::~RealCatalogue() {
  Stop();
  server_.reset();
}

absl::Status RealCatalogue::Start() {
  ASSIGN_OR_RETURN(db_, testutil::TestDatabase::Create("sqlite"));
  RETURN_IF_ERROR(catalogue::testdata::ApplyAllMigrations(db_->db()));
  server::ServerOptions options;
  options.service_name = "catalogue";
  options.grpc_address = "127.0.0.1:0";
  options.metrics_address = "";
  options.drain_deadline = absl::Seconds(1);
  host_ = std::make_unique<server::ServiceHost>(options);
  server_ = std::make_unique<catalogue::CatalogueServer>(
      *host_, catalogue::CatalogueServerDeps{.db = db_->db(),
                                             .cache = cache_,
                                             .verifier = verifier_,
                                             .feed_token = "feed",
                                             .feed_poll_interval = absl::Milliseconds(50)});
  RETURN_IF_ERROR(server_->Start());
  stub_ = cpb::Catalogue::NewStub(Channel(target()));
  return absl::OkStatus();
}

void RealCatalogue::Stop() {
  if (host_ == nullptr || stopped_) return;
  stopped_ = true;
  host_->Shutdown();
}

std::string RealCatalogue::target() const { return absl::StrCat("127.0.0.1:", host_->grpc_port()); }

void RealCatalogue::As(grpc::ClientContext& ctx, const std::string& token) {
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
}

cpb::Prescription RealCatalogue::Prescribe(const std::string& beneficiary_id,
                                           const std::string& request_id) {
  if (offer_id_.empty()) {
    cpb::CreateStructureRequest sreq;
    sreq.set_request_id("structure-1");
    *sreq.mutable_structure() = catalogue::testdata::ValidStructure();
    cpb::Structure structure;
    {
      grpc::ClientContext ctx;
      As(ctx, "admin");
      grpc::Status s = stub_->CreateStructure(&ctx, sreq, &structure);
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
    cpb::CreateOfferRequest oreq;
    oreq.set_request_id("offer-1");
    *oreq.mutable_offer() = catalogue::testdata::ValidOffer(structure.id());
    cpb::Offer offer;
    {
      grpc::ClientContext ctx;
      As(ctx, "admin");
      grpc::Status s = stub_->CreateOffer(&ctx, oreq, &offer);
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
    cpb::ChangeOfferStatusRequest publish;
    publish.set_id(offer.id());
    publish.set_etag(offer.etag());
    {
      grpc::ClientContext ctx;
      As(ctx, "admin");
      grpc::Status s = stub_->PublishOffer(&ctx, publish, &offer);
      EXPECT_TRUE(s.ok()) << s.error_message();
    }
    offer_id_ = offer.id();
  }
  cpb::CreatePrescriptionRequest req;
  req.set_request_id(request_id);
  req.mutable_prescription()->set_beneficiary_id(beneficiary_id);
  req.mutable_prescription()->set_offer_id(offer_id_);
  req.mutable_prescription()->mutable_territory()->set_tad("TAD-EST");
  req.mutable_prescription()->mutable_territory()->set_mds("MDS-EVRY");
  cpb::Prescription p;
  grpc::ClientContext ctx;
  As(ctx, "referent-est");
  grpc::Status s = stub_->CreatePrescription(&ctx, req, &p);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return p;
}

// ---------------------------------------------------------------------------------------

SilentPeer::SilentPeer() {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  EXPECT_EQ(::listen(fd_, 64), 0);
  socklen_t len = sizeof(addr);
  EXPECT_EQ(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  port_ = ntohs(addr.sin_port);
}

SilentPeer::~SilentPeer() {
  if (fd_ >= 0) ::close(fd_);
}

std::string SilentPeer::target() const { return absl::StrCat("127.0.0.1:", port_); }

}  // namespace parcours::contracts::testing
