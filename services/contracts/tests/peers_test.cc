// contracts against its REAL peers: orientation's and catalogue's servers in-process on
// 127.0.0.1:0 (their own libraries, databases and authorization tables), reached through
// GrpcOrientationDirectory and GrpcCatalogue with contracts' service token. Then the
// same calls with a peer stopped, with nothing listening, and with a peer that accepts
// connections and never answers: calls that need the peer fail with UNAVAILABLE or
// DEADLINE_EXCEEDED within PEER_DEADLINE and write nothing; the others still work.
#include <functional>
#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "libs/client/channel.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/subprocess.h"
#include "services/contracts/clients/grpc_catalogue.h"
#include "services/contracts/clients/grpc_orientation_directory.h"
#include "services/contracts/tests/real_peers.h"
#include "services/contracts/tests/service_fixture.h"

namespace parcours::contracts::testing {
namespace {

constexpr absl::Duration kPeerDeadline = absl::Seconds(1);

common::v1::Date D(int y, int m, int d) {
  common::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

std::vector<std::string> BadFields(const grpc::Status& s) {
  std::vector<std::string> out;
  for (const auto& v : errors::ViolationsOf(errors::FromGrpcStatus(s))) out.push_back(v.field);
  return out;
}

// A contracts server whose peers are at orientation_target_ / catalogue_target_, set by
// the subclass before SetUp.
class PeerTargetsTest : public ServiceFixture {
 protected:
  PeerTargetsTest() {
    clock_.Set(absl::FromCivil(absl::CivilSecond(2024, 6, 10, 9, 0, 0), absl::UTCTimeZone()));
  }

  Peers MakePeers() override {
    const PeerCallSettings calls{.deadline = kPeerDeadline,
                                 .identity = {.bearer_token = kContractsToken}};
    Peers peers;
    peers.orientation =
        std::make_unique<GrpcOrientationDirectory>(Channel(orientation_target_), calls);
    peers.catalogue = std::make_unique<GrpcCatalogue>(Channel(catalogue_target_), calls);
    peers.decoder = std::make_unique<OrientationPayloadDecoder>();
    if (follow_feed_) {
      // As main.cc does: the feed channel carries the token itself (FeedConsumer's calls).
      auto feed = client::MakeChannel(
          {.target = orientation_target_, .identity = {.bearer_token = kContractsToken}});
      EXPECT_OK(feed);
      peers.orientation_feed = *feed;
    }
    return peers;
  }

  v1::CreateContractRequest Request(const std::string& beneficiary, const std::string& request_id,
                                    v1::ContractKind kind = v1::CER_SOCIAL) {
    v1::CreateContractRequest req = NewContract(beneficiary, request_id, kind);
    *req.mutable_contract()->mutable_start_date() = D(2024, 6, 10);
    *req.mutable_contract()->mutable_end_date() = D(2024, 12, 9);
    return req;
  }

  grpc::Status Create(const v1::CreateContractRequest& req, v1::Contract* out,
                      absl::Duration* took = nullptr) {
    grpc::ClientContext ctx;
    As(ctx, "admin");
    const absl::Time start = absl::Now();
    grpc::Status s = stub().CreateContract(&ctx, req, out);
    if (took != nullptr) *took = absl::Now() - start;
    return s;
  }

  // Rows contracts writes for a create or a procedure: nothing may change on failure.
  int64_t Written() {
    return Count("SELECT COUNT(*) FROM contracts") + Count("SELECT COUNT(*) FROM procedures") +
           Count("SELECT COUNT(*) FROM outbox");
  }

  // The calls that need no peer.
  void CallsWithoutPeersWork() {
    {
      v1::ListContractsResponse list;
      grpc::ClientContext ctx;
      As(ctx, "admin");
      EXPECT_TRUE(stub().ListContracts(&ctx, v1::ListContractsRequest(), &list).ok());
    }
    {
      v1::GetTimeWithoutContractRequest req;
      req.set_beneficiary_id("ben_anyone");
      v1::GetTimeWithoutContractResponse out;
      grpc::ClientContext ctx;
      As(ctx, "fraud");
      EXPECT_TRUE(stub().GetTimeWithoutContract(&ctx, req, &out).ok());
    }
    {
      v1::RunDeadlineJobResponse out;
      grpc::ClientContext ctx;
      As(ctx, "admin");
      EXPECT_TRUE(stub().RunDeadlineJob(&ctx, v1::RunDeadlineJobRequest(), &out).ok());
    }
  }

  // Creating a contract and opening a procedure for someone contracts has not projected
  // both need orientation: each fails fast with UNAVAILABLE or DEADLINE_EXCEEDED and
  // writes nothing.
  void PeerCallsFailFastAndWriteNothing(const std::string& beneficiary) {
    const int64_t before = Written();
    v1::Contract c;
    absl::Duration took;
    grpc::Status s = Create(Request(beneficiary, "needs-orientation"), &c, &took);
    EXPECT_TRUE(s.error_code() == grpc::StatusCode::UNAVAILABLE ||
                s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
        << s.error_code() << " " << s.error_message();
    EXPECT_LT(took, kPeerDeadline + absl::Milliseconds(700));

    v1::OpenProcedureRequest open;
    open.set_request_id("needs-orientation-too");
    open.set_beneficiary_id(beneficiary);
    open.mutable_breach()->set_kind(v1::ACTIONS_NOT_DONE);
    open.mutable_breach()->set_description("actions du contrat non réalisées");
    v1::SanctionProcedure p;
    grpc::ClientContext ctx;
    As(ctx, "admin");
    const absl::Time start = absl::Now();
    s = stub().OpenProcedure(&ctx, open, &p);
    EXPECT_TRUE(s.error_code() == grpc::StatusCode::UNAVAILABLE ||
                s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
        << s.error_code() << " " << s.error_message();
    EXPECT_LT(absl::Now() - start, kPeerDeadline + absl::Milliseconds(700));
    EXPECT_EQ(Written(), before);
  }

  std::string orientation_target_;
  std::string catalogue_target_;
  bool follow_feed_ = false;
};

// Both peers really serving.
class RealPeersTest : public PeerTargetsTest {
 protected:
  void SetUp() override {
    ASSERT_OK(real_orientation_.Start());
    ASSERT_OK(real_catalogue_.Start());
    orientation_target_ = real_orientation_.target();
    catalogue_target_ = real_catalogue_.target();
    ServiceFixture::SetUp();
  }

  RealOrientation real_orientation_;
  RealCatalogue real_catalogue_;
};

TEST_F(RealPeersTest, ContractForAnOrientedBeneficiaryTakesOrientationsAnswer) {
  const std::string ben = real_orientation_.Enter(1);
  const orientation::v1::OrientationDecision d = real_orientation_.OrientSocial(ben);
  v1::Contract c;
  grpc::Status s = Create(Request(ben, "ok-1"), &c);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(c.beneficiary_id(), ben);
  EXPECT_EQ(c.referent_id(), d.referent_id());
  EXPECT_EQ(c.orientation().decision_id(), d.id());
  EXPECT_EQ(c.orientation().type(), v1::SOCIAL);
  EXPECT_EQ(c.orientation().decided_on().year(), 2024);
  EXPECT_EQ(c.orientation().decided_on().month(), 6);
  EXPECT_EQ(c.orientation().decided_on().day(), 3);
  EXPECT_EQ(c.territory().tad(), "TAD-EST");
  EXPECT_FALSE(c.territory().mds().empty());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contracts"), 1);

  // The directory itself: subject to rights and duties, not exited; NOT_FOUND passes.
  GrpcOrientationDirectory directory(
      Channel(orientation_target_),
      {.deadline = kPeerDeadline, .identity = {.bearer_token = kContractsToken}});
  ASSERT_OK_AND_ASSIGN(OrientationInfo info, directory.GetOrientation(ben));
  EXPECT_TRUE(info.oriented);
  EXPECT_TRUE(info.subject_to_rights_and_duties);
  EXPECT_FALSE(info.exited);
  EXPECT_EQ(info.type, OrientationType::kSocial);
  EXPECT_EQ(directory.GetOrientation("ben_01HZZZZZZZZZZZZZZZZZZZZZZZ").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(directory.GetOrientation("not-an-id").status().code(), absl::StatusCode::kNotFound);
  // A token orientation does not know: contracts' own credentials are the problem, which
  // the caller cannot fix: UNAVAILABLE, naming SERVICE_TOKEN.
  GrpcOrientationDirectory wrong(Channel(orientation_target_),
                                 {.deadline = kPeerDeadline, .identity = {.bearer_token = "nope"}});
  absl::Status refused = wrong.GetOrientation(ben).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(absl::StrContains(refused.message(), "SERVICE_TOKEN")) << refused;
}

TEST_F(RealPeersTest, NotOrientedOrUnfittingKindIsRefusedNamingWhy) {
  const std::string oriented = real_orientation_.Enter(1);
  real_orientation_.OrientSocial(oriented);
  const std::string waiting = real_orientation_.Enter(2);
  v1::Contract c;

  grpc::Status s = Create(Request(waiting, "r-1"), &c);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "not oriented")) << s.error_message();

  s = Create(Request(oriented, "r-2", v1::CER_SOCIO_PROFESSIONAL), &c);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(),
                                "CER_SOCIO_PROFESSIONAL does not follow a SOCIAL orientation"))
      << s.error_message();

  s = Create(Request("ben_01HZZZZZZZZZZZZZZZZZZZZZZZ", "r-3"), &c);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();

  real_orientation_.Exit(1, absl::CivilDay(2024, 6, 3));
  s = Create(Request(oriented, "r-4"), &c);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), "left the RSA")) << s.error_message();
  EXPECT_EQ(Written(), 0);
}

TEST_F(RealPeersTest, ActionsMustBeTheBeneficiarysOwnPrescriptions) {
  const std::string ben = real_orientation_.Enter(1);
  real_orientation_.OrientSocial(ben);
  const std::string other = real_orientation_.Enter(2);
  const catalogue::v1::Prescription mine = real_catalogue_.Prescribe(ben, "p-mine");
  const catalogue::v1::Prescription theirs = real_catalogue_.Prescribe(other, "p-theirs");

  v1::CreateContractRequest req = Request(ben, "c-1");
  req.mutable_contract()->mutable_actions(0)->set_prescription_id(theirs.id());
  v1::Contract c;
  grpc::Status s = Create(req, &c);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BadFields(s), std::vector<std::string>{"contract.actions[0].prescription_id"});

  req.mutable_contract()->mutable_actions(0)->set_prescription_id("prs_01HZZZZZZZZZZZZZZZZZZZZZZZ");
  s = Create(req, &c);
  EXPECT_EQ(BadFields(s), std::vector<std::string>{"contract.actions[0].prescription_id"});
  EXPECT_EQ(Written(), 0);

  req.mutable_contract()->mutable_actions(0)->set_prescription_id(mine.id());
  s = Create(req, &c);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(c.actions(0).prescription_id(), mine.id());
  EXPECT_EQ(c.actions(0).offer_id(), mine.offer_id());  // filled from the catalogue
}

TEST_F(RealPeersTest, StoppedPeersFailOnlyTheCallsThatNeedThem) {
  const std::string ben = real_orientation_.Enter(1);
  real_orientation_.OrientSocial(ben);
  const catalogue::v1::Prescription mine = real_catalogue_.Prescribe(ben, "p-mine");

  // Catalogue down: an action tied to a prescription cannot be checked; one without can.
  real_catalogue_.Stop();
  v1::CreateContractRequest req = Request(ben, "with-prescription");
  req.mutable_contract()->mutable_actions(0)->set_prescription_id(mine.id());
  v1::Contract c;
  absl::Duration took;
  grpc::Status s = Create(req, &c, &took);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_LT(took, kPeerDeadline + absl::Milliseconds(700));
  EXPECT_EQ(Written(), 0);
  s = Create(Request(ben, "without-prescription"), &c);
  EXPECT_TRUE(s.ok()) << s.error_message();

  // Orientation down too.
  real_orientation_.Stop();
  PeerCallsFailFastAndWriteNothing(ben);
  CallsWithoutPeersWork();
}

// contracts follows orientation's real feed (the consumer's channel carries the token).
class FollowedFeedTest : public RealPeersTest {
 protected:
  FollowedFeedTest() { follow_feed_ = true; }

  // Waits (up to 15 s) until the projection satisfies `done`.
  std::optional<ProjectedOrientation> WaitFor(
      const std::string& ben, const std::function<bool(const ProjectedOrientation&)>& done) {
    const absl::Time give_up = absl::Now() + absl::Seconds(15);
    while (absl::Now() < give_up) {
      absl::StatusOr<std::optional<ProjectedOrientation>> p =
          parts_->store().GetProjectedOrientation(ben);
      EXPECT_OK(p);
      if (p.ok() && p->has_value() && done(**p)) return *p;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return std::nullopt;
  }
};

TEST_F(FollowedFeedTest, ProjectionFollowsOrientationsRealFeed) {
  const std::string ben = real_orientation_.Enter(1);
  const orientation::v1::OrientationDecision d = real_orientation_.OrientSocial(ben);
  const std::string leaving = real_orientation_.Enter(2);
  real_orientation_.Exit(2, absl::CivilDay(2024, 6, 1));

  std::optional<ProjectedOrientation> p =
      WaitFor(ben, [](const ProjectedOrientation& o) { return o.info.oriented; });
  ASSERT_TRUE(p.has_value()) << parts_->consumer()->status();
  EXPECT_EQ(p->entry_date, std::optional<absl::CivilDay>(absl::CivilDay(2024, 5, 1)));
  EXPECT_TRUE(p->info.subject_to_rights_and_duties);
  EXPECT_EQ(p->info.decision_id, d.id());
  EXPECT_EQ(p->info.type, OrientationType::kSocial);
  EXPECT_EQ(p->info.referent_id, d.referent_id());
  EXPECT_EQ(p->info.decided_on, absl::CivilDay(2024, 6, 3));
  EXPECT_EQ(p->info.tad, "TAD-EST");
  EXPECT_FALSE(p->info.mds.empty());

  std::optional<ProjectedOrientation> gone =
      WaitFor(leaving, [](const ProjectedOrientation& o) { return o.exited_on.has_value(); });
  ASSERT_TRUE(gone.has_value()) << parts_->consumer()->status();
  EXPECT_EQ(*gone->exited_on, absl::CivilDay(2024, 6, 1));
  EXPECT_FALSE(gone->info.oriented);
  EXPECT_OK(parts_->consumer()->status());

  // What fraud asks is answered from that projection.
  v1::GetTimeWithoutContractRequest req;
  req.set_beneficiary_id(ben);
  *req.mutable_at() = D(2024, 6, 10);
  v1::GetTimeWithoutContractResponse out;
  grpc::ClientContext ctx;
  As(ctx, "fraud");
  ASSERT_TRUE(stub().GetTimeWithoutContract(&ctx, req, &out).ok());
  EXPECT_TRUE(out.known());
  EXPECT_EQ(out.entry_date().month(), 5);
  EXPECT_EQ(out.days_without_contract(), 40);
}

// Nothing listens at either address.
class UnreachablePeersTest : public PeerTargetsTest {
 protected:
  void SetUp() override {
    orientation_target_ = absl::StrCat("127.0.0.1:", testutil::FreeLoopbackPort());
    catalogue_target_ = absl::StrCat("127.0.0.1:", testutil::FreeLoopbackPort());
    ServiceFixture::SetUp();
  }
};

TEST_F(UnreachablePeersTest, PeerCallsFailFastOthersWork) {
  PeerCallsFailFastAndWriteNothing("ben_01HAAAAAAAAAAAAAAAAAAAAAAA");
  CallsWithoutPeersWork();
}

// Both peers accept connections and never answer.
class SilentPeersTest : public PeerTargetsTest {
 protected:
  void SetUp() override {
    orientation_target_ = silent_.target();
    catalogue_target_ = silent_.target();
    ServiceFixture::SetUp();
  }
  SilentPeer silent_;
};

TEST_F(SilentPeersTest, PeerCallsEndAtTheDeadlineOthersWork) {
  PeerCallsFailFastAndWriteNothing("ben_01HAAAAAAAAAAAAAAAAAAAAAAA");
  CallsWithoutPeersWork();
}

}  // namespace
}  // namespace parcours::contracts::testing
