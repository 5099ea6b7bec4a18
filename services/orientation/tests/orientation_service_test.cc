// Service tests over in-process gRPC (SQLite): every RPC with success, invalid fields
// (named, nothing written), NOT_FOUND, forbidden transitions, stale etags and duplicate
// request ids; the authorization matrix; business metrics.
#include <algorithm>
#include <functional>
#include <memory>
#include <set>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "libs/testing/status_matchers.h"
#include "prometheus/text_serializer.h"
#include "services/orientation/authorization.h"
#include "services/orientation/proto_mapping.h"
#include "services/orientation/tests/service_fixture.h"

namespace parcours::orientation {
namespace {

using testing::Entrant;
namespace v1 = ::parcours::orientation::v1;

constexpr char kEvry[] = "91228";
constexpr char kArpajon[] = "91021";

// The fields named by an INVALID_ARGUMENT status.
std::set<std::string> Fields(const grpc::Status& s) {
  std::set<std::string> out;
  for (const auto& v : errors::ViolationsOf(errors::FromGrpcStatus(s))) out.insert(v.field);
  return out;
}

class OrientationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(f_.Start()); }

  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token = "agent") {
    auto ctx = std::make_unique<grpc::ClientContext>();
    f_.Authorize(*ctx, token);
    return ctx;
  }

  // Imports entrants 1..n (Évry, TAD-EST) and returns their ids in order.
  std::vector<std::string> ImportEntrants(int n, const char* commune = kEvry) {
    std::vector<CafRecord> flow;
    for (int i = 1; i <= n; ++i) flow.push_back(Entrant(i, commune, absl::CivilDay(2024, 5, i)));
    v1::ImportCafFlowResponse resp;
    EXPECT_TRUE(f_.ImportFlow(flow, &resp).ok());
    v1::ListBeneficiariesRequest req;
    req.set_page_size(500);
    v1::ListBeneficiariesResponse list;
    EXPECT_TRUE(f_.stub().ListBeneficiaries(Ctx().get(), req, &list).ok());
    std::vector<std::string> ids(n);
    for (const auto& b : list.beneficiaries()) {
      const int k = std::stoi(b.identity().caf_number());
      if (k >= 1 && k <= n) ids[k - 1] = b.id();
    }
    return ids;
  }

  v1::Beneficiary Get(const std::string& id) {
    v1::GetBeneficiaryRequest req;
    req.set_id(id);
    v1::Beneficiary b;
    EXPECT_TRUE(f_.stub().GetBeneficiary(Ctx().get(), req, &b).ok());
    return b;
  }

  grpc::Status SetDiagnostic(const std::string& id, std::vector<v1::Barrier> barriers,
                             v1::Beneficiary* out) {
    v1::UpdateBeneficiaryRequest req;
    *req.mutable_beneficiary() = Get(id);
    auto* d = req.mutable_beneficiary()->mutable_diagnostic();
    d->clear_barriers();
    for (auto b : barriers) d->add_barriers(b);
    d->set_qualification_level(v1::QUALIFICATION_LEVEL_3);
    req.mutable_update_mask()->add_paths("diagnostic");
    return f_.stub().UpdateBeneficiary(Ctx().get(), req, out);
  }

  v1::Referent CreateReferent(v1::OrientationType type, const std::string& request_id) {
    v1::CreateReferentRequest req;
    req.set_request_id(request_id);
    req.mutable_referent()->set_display_name("Camille Référente");
    req.mutable_referent()->set_structure_id("str_mds_evry");
    req.mutable_referent()->set_orientation_type(type);
    req.mutable_referent()->set_mds("MDS-EVRY");
    req.mutable_referent()->set_target_caseload(60);
    v1::Referent r;
    EXPECT_TRUE(f_.stub().CreateReferent(Ctx().get(), req, &r).ok());
    return r;
  }

  grpc::Status Decide(const std::string& id, v1::OrientationType type, const std::string& referent,
                      const std::string& comment, v1::OrientationDecision* out,
                      const std::string& request_id = "") {
    v1::DecideOrientationRequest req;
    req.set_request_id(request_id.empty() ? "decide-" + id : request_id);
    req.set_beneficiary_id(id);
    req.set_beneficiary_etag(Get(id).etag());
    req.set_type(type);
    req.set_referent_id(referent);
    req.set_comment(comment);
    return f_.stub().DecideOrientation(Ctx().get(), req, out);
  }

  std::string Dump() { return *testing::DumpTables(f_.db()); }

  testing::ServiceFixture f_;
};

TEST_F(OrientationServiceTest, ImportCafFlowReportsRejectionsAndIsIdempotent) {
  std::vector<CafRecord> flow = {Entrant(1, kEvry, absl::CivilDay(2024, 5, 2)),
                                 Entrant(2, "75056", absl::CivilDay(2024, 5, 2)),
                                 Entrant(3, kEvry, absl::CivilDay(2024, 5, 2)),
                                 Entrant(1, kEvry, absl::CivilDay(2024, 5, 2))};
  flow[2].caf_number = "12AB";
  v1::ImportCafFlowResponse resp;
  ASSERT_TRUE(f_.ImportFlow(flow, &resp).ok());
  EXPECT_EQ(resp.received(), 4);
  EXPECT_EQ(resp.applied(), 1);
  EXPECT_EQ(resp.rejected(), 3);
  ASSERT_EQ(resp.rejections_size(), 3);
  EXPECT_EQ(resp.rejections(0).field(), "commune_insee");
  EXPECT_EQ(resp.rejections(1).field(), "caf_number");
  EXPECT_EQ(resp.rejections(2).index(), 3);
  EXPECT_NE(resp.rejections(2).reason().find("duplicate"), std::string::npos);

  const std::string before = Dump();
  v1::ImportCafFlowResponse again;
  ASSERT_TRUE(f_.ImportFlow(flow, &again).ok());
  EXPECT_EQ(again.applied(), 0);
  EXPECT_EQ(again.unchanged(), 1);
  EXPECT_EQ(Dump(), before);

  grpc::ClientContext denied;
  f_.Authorize(denied, "referent");
  v1::ImportCafFlowResponse none;
  auto writer = f_.stub().ImportCafFlow(&denied, &none);
  writer->WritesDone();
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(OrientationServiceTest, GetListUpdateBeneficiary) {
  const std::vector<std::string> ids = ImportEntrants(3);
  v1::Beneficiary b = Get(ids[0]);
  EXPECT_EQ(b.identity().last_name(), "Quasimodo1");
  EXPECT_EQ(b.territory().tad(), "TAD-EST");
  EXPECT_EQ(b.status(), v1::TO_CONVENE);
  EXPECT_EQ(b.follow_up(), v1::NOT_CONVENED);

  v1::GetBeneficiaryRequest get;
  v1::Beneficiary out;
  get.set_id("nope");
  grpc::Status bad = f_.stub().GetBeneficiary(Ctx().get(), get, &out);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Fields(bad), std::set<std::string>{"id"});
  get.set_id("ben_01HZZZZZZZZZZZZZZZZZZZZZZZ");
  EXPECT_EQ(f_.stub().GetBeneficiary(Ctx().get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get.set_id(ids[0]);
  EXPECT_EQ(f_.stub().GetBeneficiary(Ctx("agent-centre").get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND)
      << "outside the caller's territory is not found";

  // Pagination: pages of 2 cover the three without repeat.
  v1::ListBeneficiariesRequest list;
  list.set_page_size(2);
  v1::ListBeneficiariesResponse page1, page2;
  ASSERT_TRUE(f_.stub().ListBeneficiaries(Ctx().get(), list, &page1).ok());
  ASSERT_EQ(page1.beneficiaries_size(), 2);
  ASSERT_FALSE(page1.next_page_token().empty());
  list.set_page_token(page1.next_page_token());
  ASSERT_TRUE(f_.stub().ListBeneficiaries(Ctx().get(), list, &page2).ok());
  ASSERT_EQ(page2.beneficiaries_size(), 1);
  EXPECT_TRUE(page2.next_page_token().empty());
  // A token is only good for the query that produced it: other filters, other list.
  v1::ListBeneficiariesRequest other = list;
  other.set_status(v1::ORIENTED);
  EXPECT_EQ(Fields(f_.stub().ListBeneficiaries(Ctx().get(), other, &page2)),
            (std::set<std::string>{"page_token"}));
  list.set_page_token("garbage!");
  list.set_tad("TAD-NOWHERE");
  grpc::Status bad_list = f_.stub().ListBeneficiaries(Ctx().get(), list, &page2);
  EXPECT_EQ(Fields(bad_list), (std::set<std::string>{"page_token", "tad"}));

  // Update: invalid fields write nothing; a good update bumps the etag; a stale one aborts.
  const std::string before = Dump();
  v1::UpdateBeneficiaryRequest upd;
  *upd.mutable_beneficiary() = b;
  upd.mutable_beneficiary()->mutable_identity()->set_email("not-an-email");
  upd.mutable_beneficiary()->mutable_identity()->set_commune_insee("75056");
  upd.mutable_update_mask()->add_paths("identity.email");
  upd.mutable_update_mask()->add_paths("identity.commune_insee");
  upd.mutable_update_mask()->add_paths("identity.last_name");
  grpc::Status invalid = f_.stub().UpdateBeneficiary(Ctx().get(), upd, &out);
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Fields(invalid),
            (std::set<std::string>{"beneficiary.identity.email",
                                   "beneficiary.identity.commune_insee", "update_mask"}));
  EXPECT_EQ(Dump(), before) << "a bad request writes nothing";

  upd.clear_update_mask();
  upd.mutable_beneficiary()->mutable_identity()->set_commune_insee(kArpajon);
  upd.mutable_update_mask()->add_paths("identity.commune_insee");
  ASSERT_TRUE(f_.stub().UpdateBeneficiary(Ctx().get(), upd, &out).ok());
  EXPECT_EQ(out.territory().tad(), "TAD-CENTRE");
  EXPECT_NE(out.etag(), b.etag());
  EXPECT_EQ(f_.stub().UpdateBeneficiary(Ctx().get(), upd, &out).error_code(),
            grpc::StatusCode::ABORTED);

  // Forbidden transition: an exited file is closed.
  CafRecord exit;
  exit.kind = CafRecordKind::kExit;
  exit.caf_number = testing::CafNumber(2);
  exit.event_date = absl::CivilDay(2024, 6, 1);
  exit.exit_reason = ExitReason::kEndOfRights;
  v1::ImportCafFlowResponse r;
  ASSERT_TRUE(f_.ImportFlow({exit}, &r).ok());
  ASSERT_EQ(r.applied(), 1);
  v1::UpdateBeneficiaryRequest closed;
  *closed.mutable_beneficiary() = Get(ids[1]);
  closed.mutable_beneficiary()->mutable_identity()->set_phone("0700000000");
  closed.mutable_update_mask()->add_paths("identity.phone");
  EXPECT_EQ(f_.stub().UpdateBeneficiary(Ctx().get(), closed, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(OrientationServiceTest, SessionsConveningAndAttendance) {
  const std::vector<std::string> ids = ImportEntrants(3);
  v1::CreateInformationSessionRequest create;
  create.set_request_id("ses-1");
  create.mutable_session()->set_mds("MDS-NOWHERE");
  create.mutable_session()->set_capacity(0);
  *create.mutable_session()->mutable_starts_at() = ToTimestamp(f_.clock().Now() - absl::Hours(1));
  v1::InformationSession session;
  const std::string before = Dump();
  grpc::Status bad = f_.stub().CreateInformationSession(Ctx().get(), create, &session);
  EXPECT_EQ(Fields(bad),
            (std::set<std::string>{"session.mds", "session.capacity", "session.starts_at"}));
  EXPECT_EQ(Dump(), before);

  create.mutable_session()->set_mds("MDS-EVRY");
  create.mutable_session()->set_capacity(2);
  *create.mutable_session()->mutable_starts_at() = ToTimestamp(f_.clock().Now() + absl::Hours(24));
  EXPECT_EQ(
      f_.stub().CreateInformationSession(Ctx("agent-centre").get(), create, &session).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(f_.stub().CreateInformationSession(Ctx().get(), create, &session).ok());
  v1::InformationSession again;
  ASSERT_TRUE(f_.stub().CreateInformationSession(Ctx().get(), create, &again).ok());
  EXPECT_EQ(again.id(), session.id());
  EXPECT_EQ(*testing::CountRows(f_.db(), "information_sessions"), 1);

  v1::ListInformationSessionsRequest list;
  list.set_tad("TAD-EST");
  v1::ListInformationSessionsResponse sessions;
  ASSERT_TRUE(f_.stub().ListInformationSessions(Ctx("steering").get(), list, &sessions).ok());
  EXPECT_EQ(sessions.sessions_size(), 1);

  v1::ConveneEntrantsRequest convene;
  convene.set_tad("TAD-EST");
  v1::ConveneEntrantsResponse convened;
  EXPECT_EQ(Fields(f_.stub().ConveneEntrants(Ctx().get(), convene, &convened)),
            std::set<std::string>{"max_count"});
  convene.set_max_count(10);
  ASSERT_TRUE(f_.stub().ConveneEntrants(Ctx().get(), convene, &convened).ok());
  ASSERT_EQ(convened.convocations_size(), 2);
  EXPECT_EQ(convened.convocations(0).beneficiary_id(), ids[0]) << "oldest first";
  EXPECT_EQ(convened.still_waiting(), 1);

  v1::RecordAttendanceRequest att;
  att.set_convocation_id(convened.convocations(0).id());
  att.set_etag(convened.convocations(0).etag());
  att.set_attendance(v1::EXCUSED);
  v1::Convocation c;
  EXPECT_EQ(f_.stub().RecordAttendance(Ctx().get(), att, &c).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "before the session";
  f_.clock().Advance(absl::Hours(25));
  att.set_attendance(v1::PENDING);
  EXPECT_EQ(Fields(f_.stub().RecordAttendance(Ctx().get(), att, &c)),
            std::set<std::string>{"attendance"});
  att.set_attendance(v1::EXCUSED);
  att.set_etag("7");
  EXPECT_EQ(f_.stub().RecordAttendance(Ctx().get(), att, &c).error_code(),
            grpc::StatusCode::ABORTED);
  att.set_etag(convened.convocations(0).etag());
  ASSERT_TRUE(f_.stub().RecordAttendance(Ctx().get(), att, &c).ok());
  EXPECT_EQ(c.attendance(), v1::EXCUSED);
  att.set_etag(c.etag());
  att.set_attendance(v1::ATTENDED);
  EXPECT_EQ(f_.stub().RecordAttendance(Ctx().get(), att, &c).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  att.set_convocation_id("cnv_01HZZZZZZZZZZZZZZZZZZZZZZZ");
  EXPECT_EQ(f_.stub().RecordAttendance(Ctx().get(), att, &c).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(ids[0]).status(), v1::TO_CONVENE) << "excused: to be convened again";
  EXPECT_EQ(Get(ids[0]).follow_up(), v1::CONVOCATION_EXCUSED);

  v1::ListConvocationsRequest lc;
  v1::ListConvocationsResponse lcr;
  EXPECT_EQ(Fields(f_.stub().ListConvocations(Ctx().get(), lc, &lcr)),
            std::set<std::string>{"beneficiary_id"});
  lc.set_session_id(session.id());
  ASSERT_TRUE(f_.stub().ListConvocations(Ctx().get(), lc, &lcr).ok());
  EXPECT_EQ(lcr.convocations_size(), 2);
}

TEST_F(OrientationServiceTest, SuggestDecideReorientAndHistory) {
  const std::vector<std::string> ids = ImportEntrants(1);
  const std::string id = ids[0];
  const v1::Referent social = CreateReferent(v1::SOCIAL, "ref-social");
  const v1::Referent pro = CreateReferent(v1::PROFESSIONAL, "ref-pro");

  v1::SuggestOrientationRequest sreq;
  sreq.set_beneficiary_id(id);
  v1::OrientationSuggestion suggestion;
  EXPECT_EQ(f_.stub().SuggestOrientation(Ctx().get(), sreq, &suggestion).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "no diagnostic yet";
  v1::OrientationDecision d;
  EXPECT_EQ(Decide(id, v1::SOCIAL, social.id(), "", &d).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::Beneficiary b;
  ASSERT_TRUE(SetDiagnostic(id, {v1::HEALTH}, &b).ok());
  ASSERT_TRUE(f_.stub().SuggestOrientation(Ctx().get(), sreq, &suggestion).ok());
  EXPECT_EQ(suggestion.type(), v1::SOCIAL);
  EXPECT_EQ(suggestion.fired(0).rule_id(), "health-or-housing-barrier");

  const std::string before = Dump();
  grpc::Status no_comment = Decide(id, v1::PROFESSIONAL, pro.id(), "", &d);
  EXPECT_EQ(Fields(no_comment), std::set<std::string>{"comment"}) << "overriding needs a reason";
  EXPECT_EQ(Decide(id, v1::PROFESSIONAL, social.id(), "x", &d).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "référent's type must match";
  EXPECT_EQ(Decide(id, v1::SOCIAL, "ref_01HZZZZZZZZZZZZZZZZZZZZZZZ", "", &d).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Dump(), before);

  v1::DecideOrientationRequest stale;
  stale.set_request_id("stale");
  stale.set_beneficiary_id(id);
  stale.set_beneficiary_etag("1");
  stale.set_type(v1::SOCIAL);
  stale.set_referent_id(social.id());
  EXPECT_EQ(f_.stub().DecideOrientation(Ctx().get(), stale, &d).error_code(),
            grpc::StatusCode::ABORTED);

  ASSERT_TRUE(Decide(id, v1::SOCIAL, social.id(), "", &d, "decide-1").ok());
  EXPECT_FALSE(d.overrides_suggestion());
  EXPECT_EQ(d.suggestion().type(), v1::SOCIAL);
  EXPECT_EQ(d.decided_by(), "user-agent");
  EXPECT_EQ(d.structure_id(), "str_mds_evry");
  v1::OrientationDecision retry;
  ASSERT_TRUE(Decide(id, v1::SOCIAL, social.id(), "", &retry, "decide-1").ok());
  EXPECT_EQ(retry.id(), d.id()) << "same request_id, same decision";
  EXPECT_EQ(Decide(id, v1::SOCIAL, social.id(), "", &retry, "decide-2").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "already oriented: reorientation is the way";
  EXPECT_EQ(Get(id).status(), v1::ORIENTED);
  EXPECT_EQ(Get(id).follow_up(), v1::ORIENTED_NO_APPOINTMENT);

  v1::RequestReorientationRequest rq;
  rq.set_request_id("reo-1");
  rq.set_beneficiary_id(id);
  rq.set_requested_type(v1::PROFESSIONAL);
  v1::ReorientationRequest reo;
  EXPECT_EQ(Fields(f_.stub().RequestReorientation(Ctx("referent").get(), rq, &reo)),
            std::set<std::string>{"reason"});
  rq.set_reason("health barrier lifted, job offer");
  ASSERT_TRUE(f_.stub().RequestReorientation(Ctx("referent").get(), rq, &reo).ok());
  EXPECT_EQ(reo.status(), v1::REORIENTATION_PENDING);
  rq.set_request_id("reo-2");
  EXPECT_EQ(f_.stub().RequestReorientation(Ctx("referent").get(), rq, &reo).error_code(),
            grpc::StatusCode::ALREADY_EXISTS)
      << "one pending request at a time";
  rq.set_request_id("reo-1");
  ASSERT_TRUE(f_.stub().RequestReorientation(Ctx("referent").get(), rq, &reo).ok());

  v1::DecideReorientationRequest dr;
  dr.set_reorientation_id(reo.id());
  dr.set_etag(reo.etag());
  dr.set_accept(true);
  dr.set_decision_reason("agreed at the équipe meeting");
  v1::DecideReorientationResponse drr;
  EXPECT_EQ(Fields(f_.stub().DecideReorientation(Ctx().get(), dr, &drr)),
            (std::set<std::string>{"type", "referent_id"}));
  dr.set_type(v1::PROFESSIONAL);
  dr.set_referent_id(pro.id());
  dr.set_etag("9");
  EXPECT_EQ(f_.stub().DecideReorientation(Ctx().get(), dr, &drr).error_code(),
            grpc::StatusCode::ABORTED);
  dr.set_etag(reo.etag());
  ASSERT_TRUE(f_.stub().DecideReorientation(Ctx().get(), dr, &drr).ok());
  EXPECT_EQ(drr.reorientation().status(), v1::REORIENTATION_ACCEPTED);
  EXPECT_EQ(drr.decision().kind(), v1::REORIENTATION);
  EXPECT_TRUE(drr.decision().overrides_suggestion()) << "the suggestion is kept beside it";
  dr.set_etag(drr.reorientation().etag());
  EXPECT_EQ(f_.stub().DecideReorientation(Ctx().get(), dr, &drr).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::GetOrientationHistoryRequest hreq;
  hreq.set_beneficiary_id(id);
  v1::OrientationHistory history;
  ASSERT_TRUE(f_.stub().GetOrientationHistory(Ctx().get(), hreq, &history).ok());
  ASSERT_EQ(history.decisions_size(), 2);
  EXPECT_EQ(history.decisions(0).type(), v1::SOCIAL);
  EXPECT_EQ(history.decisions(1).type(), v1::PROFESSIONAL);
  EXPECT_EQ(history.reorientations_size(), 1);
  EXPECT_EQ(Get(id).referent_id(), pro.id());

  // What contracts reads: the decision in force, no identity.
  v1::GetOrientationStatusRequest status_req;
  status_req.set_beneficiary_id(id);
  v1::OrientationStatus status;
  ASSERT_TRUE(f_.stub().GetOrientationStatus(Ctx("contracts").get(), status_req, &status).ok());
  EXPECT_EQ(status.beneficiary_id(), id);
  EXPECT_EQ(status.orientation_type(), v1::PROFESSIONAL);
  EXPECT_EQ(status.referent_id(), pro.id());
  EXPECT_EQ(status.decision_id(), history.decisions(1).id());
  EXPECT_EQ(status.decided_at().seconds(), history.decisions(1).decided_at().seconds());
  EXPECT_EQ(status.territory().tad(), Get(id).territory().tad());
  // Every field of the answer is one of these: the message has no room for identity.
  for (int i = 0; i < v1::OrientationStatus::descriptor()->field_count(); ++i) {
    const std::string name = v1::OrientationStatus::descriptor()->field(i)->name();
    EXPECT_TRUE(name.find("identity") == std::string::npos &&
                name.find("name") == std::string::npos)
        << name;
  }

  // parcours_orientation_delay_days observed once (the initial decision, 32 days).
  bool found = false;
  for (const auto& family : f_.metrics().Collect()) {
    if (family.name != "parcours_orientation_delay_days") continue;
    found = true;
    ASSERT_EQ(family.metric.size(), 1u);
    EXPECT_EQ(family.metric[0].histogram.sample_count, 1u);
    EXPECT_EQ(family.metric[0].histogram.sample_sum, 33);
  }
  EXPECT_TRUE(found);
}

TEST_F(OrientationServiceTest, ReferentsSlotsAndAppointments) {
  const std::vector<std::string> ids = ImportEntrants(2);
  v1::CreateReferentRequest bad;
  bad.set_request_id("r");
  v1::Referent r;
  EXPECT_EQ(Fields(f_.stub().CreateReferent(Ctx().get(), bad, &r)),
            (std::set<std::string>{"referent.display_name", "referent.structure_id",
                                   "referent.orientation_type", "referent.mds",
                                   "referent.target_caseload"}));
  const v1::Referent ref = CreateReferent(v1::SOCIO_PROFESSIONAL, "ref-1");
  EXPECT_EQ(CreateReferent(v1::SOCIO_PROFESSIONAL, "ref-1").id(), ref.id());
  EXPECT_EQ(*testing::CountRows(f_.db(), "referents"), 1);
  v1::GetReferentRequest gr;
  gr.set_id("ref_01HZZZZZZZZZZZZZZZZZZZZZZZ");
  EXPECT_EQ(f_.stub().GetReferent(Ctx().get(), gr, &r).error_code(), grpc::StatusCode::NOT_FOUND);
  gr.set_id(ref.id());
  ASSERT_TRUE(f_.stub().GetReferent(Ctx("contracts").get(), gr, &r).ok());
  v1::ListReferentsRequest lr;
  lr.set_tad("TAD-EST");
  v1::ListReferentsResponse lrr;
  ASSERT_TRUE(f_.stub().ListReferents(Ctx().get(), lr, &lrr).ok());
  EXPECT_EQ(lrr.referents_size(), 1);

  v1::Beneficiary b;
  ASSERT_TRUE(SetDiagnostic(ids[0], {}, &b).ok());
  v1::OrientationDecision d;
  ASSERT_TRUE(Decide(ids[0], v1::SOCIO_PROFESSIONAL, ref.id(), "", &d).ok());

  v1::PublishSlotsRequest ps;
  ps.set_referent_id(ref.id());
  auto* past = ps.add_slots();
  *past->mutable_starts_at() = ToTimestamp(f_.clock().Now() - absl::Hours(1));
  past->set_duration_minutes(7);
  v1::PublishSlotsResponse slots;
  EXPECT_EQ(Fields(f_.stub().PublishSlots(Ctx().get(), ps, &slots)),
            std::set<std::string>{"slots[0]"});
  ps.clear_slots();
  for (int i = 0; i < 2; ++i) {
    auto* s = ps.add_slots();
    *s->mutable_starts_at() = ToTimestamp(f_.clock().Now() + absl::Hours(24 + i));
    s->set_duration_minutes(45);
  }
  ASSERT_TRUE(f_.stub().PublishSlots(Ctx("referent").get(), ps, &slots).ok());
  ASSERT_EQ(slots.slots_size(), 2);
  v1::PublishSlotsResponse same;
  ASSERT_TRUE(f_.stub().PublishSlots(Ctx("referent").get(), ps, &same).ok());
  EXPECT_EQ(same.slots(0).id(), slots.slots(0).id()) << "republishing is idempotent";

  v1::ListFreeSlotsRequest fs;
  fs.set_tad("TAD-EST");
  *fs.mutable_dates()->mutable_from() = ToDate(absl::CivilDay(2024, 6, 3));
  *fs.mutable_dates()->mutable_to() = ToDate(absl::CivilDay(2024, 12, 3));
  v1::ListFreeSlotsResponse free;
  EXPECT_EQ(Fields(f_.stub().ListFreeSlots(Ctx().get(), fs, &free)),
            std::set<std::string>{"dates"});
  *fs.mutable_dates()->mutable_to() = ToDate(absl::CivilDay(2024, 6, 10));
  ASSERT_TRUE(f_.stub().ListFreeSlots(Ctx().get(), fs, &free).ok());
  EXPECT_EQ(free.slots_size(), 2);

  v1::BookAppointmentRequest book;
  book.set_request_id("book-1");
  book.set_slot_id(slots.slots(0).id());
  book.set_beneficiary_id(ids[1]);
  v1::Appointment a;
  EXPECT_EQ(f_.stub().BookAppointment(Ctx().get(), book, &a).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "not oriented yet";
  book.set_beneficiary_id(ids[0]);
  ASSERT_TRUE(f_.stub().BookAppointment(Ctx().get(), book, &a).ok());
  EXPECT_EQ(Get(ids[0]).follow_up(), v1::APPOINTMENT_BOOKED);
  book.set_request_id("book-2");
  EXPECT_EQ(f_.stub().BookAppointment(Ctx().get(), book, &a).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  book.set_slot_id("slt_01HZZZZZZZZZZZZZZZZZZZZZZZ");
  EXPECT_EQ(f_.stub().BookAppointment(Ctx().get(), book, &a).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::CancelAppointmentRequest cancel;
  cancel.set_appointment_id(a.id());
  cancel.set_etag(a.etag());
  v1::Appointment cancelled;
  EXPECT_EQ(Fields(f_.stub().CancelAppointment(Ctx().get(), cancel, &cancelled)),
            std::set<std::string>{"reason"});
  cancel.set_reason("rescheduled");
  cancel.set_etag("5");
  EXPECT_EQ(f_.stub().CancelAppointment(Ctx().get(), cancel, &cancelled).error_code(),
            grpc::StatusCode::ABORTED);
  cancel.set_etag(a.etag());
  ASSERT_TRUE(f_.stub().CancelAppointment(Ctx().get(), cancel, &cancelled).ok());

  book.set_request_id("book-3");
  book.set_slot_id(slots.slots(0).id());
  ASSERT_TRUE(f_.stub().BookAppointment(Ctx().get(), book, &a).ok()) << "the slot was freed";
  v1::RecordAppointmentOutcomeRequest outcome;
  outcome.set_appointment_id(a.id());
  outcome.set_etag(a.etag());
  outcome.set_outcome(v1::BOOKED);
  v1::Appointment held;
  EXPECT_EQ(Fields(f_.stub().RecordAppointmentOutcome(Ctx().get(), outcome, &held)),
            std::set<std::string>{"outcome"});
  outcome.set_outcome(v1::HELD);
  f_.clock().Advance(absl::Hours(30));
  ASSERT_TRUE(f_.stub().RecordAppointmentOutcome(Ctx("referent").get(), outcome, &held).ok());
  EXPECT_EQ(held.status(), v1::HELD);
  EXPECT_EQ(Get(ids[0]).status(), v1::ACCOMPANIED);
  outcome.set_etag(held.etag());
  EXPECT_EQ(f_.stub().RecordAppointmentOutcome(Ctx().get(), outcome, &held).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(OrientationServiceTest, QueuesAndGauges) {
  ImportEntrants(2);
  ImportEntrants(1, kArpajon);  // CAF 1 again: re-entrant, rejected as still active
  v1::GetQueueCountsRequest qc;
  v1::GetQueueCountsResponse counts;
  ASSERT_TRUE(f_.stub().GetQueueCounts(Ctx("steering").get(), qc, &counts).ok());
  ASSERT_EQ(counts.counts_size(), 1);
  EXPECT_EQ(counts.counts(0).queue(), v1::NOT_YET_CONVENED);
  EXPECT_EQ(counts.counts(0).count(), 2);
  EXPECT_EQ(counts.not_oriented_after_days(), 30);
  ASSERT_TRUE(f_.stub().GetQueueCounts(Ctx("agent-centre").get(), qc, &counts).ok());
  EXPECT_EQ(counts.counts_size(), 0) << "scope applies";

  v1::ListQueueRequest lq;
  v1::ListQueueResponse entries;
  EXPECT_EQ(Fields(f_.stub().ListQueue(Ctx().get(), lq, &entries)), std::set<std::string>{"queue"});
  lq.set_queue(v1::NOT_YET_CONVENED);
  ASSERT_TRUE(f_.stub().ListQueue(Ctx().get(), lq, &entries).ok());
  ASSERT_EQ(entries.entries_size(), 2);
  EXPECT_EQ(entries.entries(0).days_waiting(), 33);
  EXPECT_EQ(f_.stub().ListQueue(Ctx("steering").get(), lq, &entries).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "steering sees counts, not people";

  ASSERT_OK(f_.service().RefreshQueueGauges());
  std::string text = prometheus::TextSerializer().Serialize(f_.metrics().Collect());
  EXPECT_NE(text.find("parcours_orientation_queue_size{mds=\"MDS-EVRY\",queue=\"not_yet_convened\","
                      "tad=\"TAD-EST\"} 2"),
            std::string::npos)
      << text;
}

// NOT_FOUND for every RPC that names a resource, with a well-formed id that does not
// exist, and INVALID_ARGUMENT naming the field for the lists' filters; nothing written.
TEST_F(OrientationServiceTest, UnknownIdsAreNotFoundAndBadFiltersAreNamed) {
  const std::vector<std::string> ids = ImportEntrants(1);
  const std::string ben = "ben_01HZZZZZZZZZZZZZZZZZZZZZZZ";
  const std::string before = Dump();
  struct Case {
    const char* rpc;
    std::function<grpc::Status()> call;
  };
  auto& stub = f_.stub();
  const std::vector<Case> not_found = {
      {"UpdateBeneficiary",
       [&] {
         v1::UpdateBeneficiaryRequest r;
         r.mutable_beneficiary()->set_id(ben);
         r.mutable_beneficiary()->set_etag("1");
         r.mutable_update_mask()->add_paths("identity.phone");
         v1::Beneficiary o;
         return stub.UpdateBeneficiary(Ctx().get(), r, &o);
       }},
      {"SuggestOrientation",
       [&] {
         v1::SuggestOrientationRequest r;
         r.set_beneficiary_id(ben);
         v1::OrientationSuggestion o;
         return stub.SuggestOrientation(Ctx().get(), r, &o);
       }},
      {"DecideOrientation",
       [&] {
         v1::DecideOrientationRequest r;
         r.set_request_id("x");
         r.set_beneficiary_id(ben);
         r.set_beneficiary_etag("1");
         r.set_type(v1::SOCIAL);
         r.set_referent_id("ref_01HZZZZZZZZZZZZZZZZZZZZZZZ");
         v1::OrientationDecision o;
         return stub.DecideOrientation(Ctx().get(), r, &o);
       }},
      {"RequestReorientation",
       [&] {
         v1::RequestReorientationRequest r;
         r.set_request_id("x");
         r.set_beneficiary_id(ben);
         r.set_requested_type(v1::SOCIAL);
         r.set_reason("r");
         v1::ReorientationRequest o;
         return stub.RequestReorientation(Ctx().get(), r, &o);
       }},
      {"DecideReorientation",
       [&] {
         v1::DecideReorientationRequest r;
         r.set_reorientation_id("reo_01HZZZZZZZZZZZZZZZZZZZZZZZ");
         r.set_etag("1");
         r.set_decision_reason("r");
         v1::DecideReorientationResponse o;
         return stub.DecideReorientation(Ctx().get(), r, &o);
       }},
      {"GetOrientationHistory",
       [&] {
         v1::GetOrientationHistoryRequest r;
         r.set_beneficiary_id(ben);
         v1::OrientationHistory o;
         return stub.GetOrientationHistory(Ctx().get(), r, &o);
       }},
      {"GetOrientationStatus",
       [&] {
         v1::GetOrientationStatusRequest r;
         r.set_beneficiary_id(ben);
         v1::OrientationStatus o;
         return stub.GetOrientationStatus(Ctx().get(), r, &o);
       }},
      {"PublishSlots",
       [&] {
         v1::PublishSlotsRequest r;
         r.set_referent_id("ref_01HZZZZZZZZZZZZZZZZZZZZZZZ");
         auto* slot = r.add_slots();
         *slot->mutable_starts_at() = ToTimestamp(f_.clock().Now() + absl::Hours(3));
         slot->set_duration_minutes(30);
         v1::PublishSlotsResponse o;
         return stub.PublishSlots(Ctx().get(), r, &o);
       }},
      {"BookAppointment",
       [&] {
         v1::BookAppointmentRequest r;
         r.set_request_id("x");
         r.set_slot_id("slt_01HZZZZZZZZZZZZZZZZZZZZZZZ");
         r.set_beneficiary_id(ben);
         v1::Appointment o;
         return stub.BookAppointment(Ctx().get(), r, &o);
       }},
      {"CancelAppointment",
       [&] {
         v1::CancelAppointmentRequest r;
         r.set_appointment_id("apt_01HZZZZZZZZZZZZZZZZZZZZZZZ");
         r.set_etag("1");
         r.set_reason("r");
         v1::Appointment o;
         return stub.CancelAppointment(Ctx().get(), r, &o);
       }},
      {"RecordAppointmentOutcome",
       [&] {
         v1::RecordAppointmentOutcomeRequest r;
         r.set_appointment_id("apt_01HZZZZZZZZZZZZZZZZZZZZZZZ");
         r.set_etag("1");
         r.set_outcome(v1::HELD);
         v1::Appointment o;
         return stub.RecordAppointmentOutcome(Ctx().get(), r, &o);
       }},
  };
  for (const Case& c : not_found) {
    EXPECT_EQ(c.call().error_code(), grpc::StatusCode::NOT_FOUND) << c.rpc;
  }
  struct Invalid {
    const char* rpc;
    std::function<grpc::Status()> call;
    std::set<std::string> fields;
  };
  const std::vector<Invalid> invalid = {
      {"ListInformationSessions",
       [&] {
         v1::ListInformationSessionsRequest r;
         r.set_tad("TAD-X");
         r.set_page_size(-1);
         v1::ListInformationSessionsResponse o;
         return stub.ListInformationSessions(Ctx().get(), r, &o);
       },
       {"tad", "page_size"}},
      {"ConveneEntrants",
       [&] {
         v1::ConveneEntrantsRequest r;
         r.set_tad("TAD-X");
         r.set_max_count(5);
         v1::ConveneEntrantsResponse o;
         return stub.ConveneEntrants(Ctx().get(), r, &o);
       },
       {"tad"}},
      {"ListReferents",
       [&] {
         v1::ListReferentsRequest r;
         r.set_tad("TAD-X");
         v1::ListReferentsResponse o;
         return stub.ListReferents(Ctx().get(), r, &o);
       },
       {"tad"}},
      {"GetQueueCounts",
       [&] {
         v1::GetQueueCountsRequest r;
         r.set_tad("TAD-X");
         v1::GetQueueCountsResponse o;
         return stub.GetQueueCounts(Ctx().get(), r, &o);
       },
       {"tad"}},
      {"GetReferent",
       [&] {
         v1::GetReferentRequest r;
         v1::Referent o;
         return stub.GetReferent(Ctx().get(), r, &o);
       },
       {"id"}},
      {"RequestReorientation",
       [&] {
         v1::RequestReorientationRequest r;
         v1::ReorientationRequest o;
         return stub.RequestReorientation(Ctx().get(), r, &o);
       },
       {"request_id", "beneficiary_id", "requested_type", "reason"}},
      {"BookAppointment",
       [&] {
         v1::BookAppointmentRequest r;
         v1::Appointment o;
         return stub.BookAppointment(Ctx().get(), r, &o);
       },
       {"request_id", "slot_id", "beneficiary_id"}},
  };
  for (const Invalid& c : invalid) {
    grpc::Status s = c.call();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.rpc;
    EXPECT_EQ(Fields(s), c.fields) << c.rpc;
  }
  // Forbidden transition: reorienting someone never oriented.
  v1::RequestReorientationRequest early;
  early.set_request_id("early");
  early.set_beneficiary_id(ids[0]);
  early.set_requested_type(v1::SOCIAL);
  early.set_reason("r");
  v1::ReorientationRequest o;
  EXPECT_EQ(stub.RequestReorientation(Ctx().get(), early, &o).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Dump(), before) << "refused calls write nothing";
}

// Every RPC of the service is in the table; every role is allowed or denied as the table
// says, through the real interceptor and handler.
TEST_F(OrientationServiceTest, AuthorizationMatrix) {
  const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      v1::Orientation::service_full_name());
  ASSERT_NE(service, nullptr);
  const auth::AuthorizationPolicy policy = OrientationPolicy();
  for (int i = 0; i < service->method_count(); ++i) {
    const std::string method =
        absl::StrCat("/", service->full_name(), "/", service->method(i)->name());
    const auth::Rule* rule = policy.Find(method);
    ASSERT_NE(rule, nullptr) << method << " has no authorization entry";
    EXPECT_FALSE(rule->roles.empty()) << method;
    for (const std::string& token : testing::TokenNames()) {
      const std::string role = testing::RoleOfToken(token);
      const bool expected =
          std::find(rule->roles.begin(), rule->roles.end(), role) != rule->roles.end();
      absl::StatusOr<auth::CallAuthorization> d =
          f_.authorizer().Decide(method, "Bearer " + token, "");
      EXPECT_EQ(d.ok(), expected) << method << " / " << token << ": " << d.status();
      if (!expected) {
        EXPECT_EQ(d.status().code(), absl::StatusCode::kPermissionDenied);
      }
    }
  }
  // Through the wire: denied roles get PERMISSION_DENIED before any validation.
  v1::GetBeneficiaryRequest get;
  v1::Beneficiary out;
  EXPECT_EQ(f_.stub().GetBeneficiary(Ctx("steering").get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(f_.stub().GetBeneficiary(Ctx("evaluation").get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(f_.stub().GetBeneficiary(Ctx("nobody").get(), get, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(f_.stub().GetBeneficiary(Ctx("fraud").get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "identity is not fraud's";
  EXPECT_EQ(f_.stub().GetBeneficiary(Ctx("contracts").get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "contracts reads GetOrientationStatus, never identity";
  v1::GetOrientationStatusRequest status_req;
  v1::OrientationStatus status;
  EXPECT_EQ(
      f_.stub().GetOrientationStatus(Ctx("contracts").get(), status_req, &status).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT)
      << "allowed, then validated";
  // The allowed personal-data call was audited even though it failed validation.
  EXPECT_EQ(*testing::CountRows(f_.db(), "audit_log"), 1);
}

}  // namespace
}  // namespace parcours::orientation

namespace parcours::orientation {
namespace {

// Territory scope is in the query: an agent of TAD-CENTRE pages through exactly the
// beneficiaries of its territory, in full pages, though most of the registry (imported
// before, between and after them) is in TAD-EST.
TEST_F(OrientationServiceTest, TerritoryScopeIsInTheQuerySoPagesAreFull) {
  std::vector<CafRecord> flow;
  std::set<std::string> centre_cafs;
  for (int i = 1; i <= 30; ++i) {
    const bool centre = i % 10 == 5;  // 3 of 30
    flow.push_back(Entrant(i, centre ? kArpajon : kEvry, absl::CivilDay(2024, 5, 1 + i % 28)));
    if (centre) centre_cafs.insert(testing::CafNumber(i));
  }
  v1::ImportCafFlowResponse imported;
  ASSERT_TRUE(f_.ImportFlow(flow, &imported).ok());
  ASSERT_EQ(imported.applied(), 30);

  std::vector<int> sizes;
  std::set<std::string> seen;
  v1::ListBeneficiariesRequest req;
  req.set_page_size(2);
  do {
    v1::ListBeneficiariesResponse page;
    ASSERT_TRUE(f_.stub().ListBeneficiaries(Ctx("agent-centre").get(), req, &page).ok());
    sizes.push_back(page.beneficiaries_size());
    for (const auto& b : page.beneficiaries()) {
      EXPECT_EQ(b.territory().tad(), "TAD-CENTRE");
      seen.insert(b.identity().caf_number());
    }
    req.set_page_token(page.next_page_token());
  } while (!req.page_token().empty());
  EXPECT_EQ(sizes, (std::vector<int>{2, 1})) << "full pages, then the rest";
  EXPECT_EQ(seen, centre_cafs);
}

}  // namespace
}  // namespace parcours::orientation
