// Service tests (in-process gRPC): prescriptions, their state machine, scopes, and the
// mobilisation figures.
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "services/catalogue/domain/dates.h"
#include "services/catalogue/tests/service_test_base.h"

namespace parcours::catalogue::testdata {
namespace {

using ::testing::ElementsAre;

class PrescriptionServiceTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    if (HasFatalFailure()) return;
    structure_ = NewStructure();
    v1::Offer draft = ValidOffer(structure_.id());
    draft.set_capacity(2);
    offer_ = NewOffer(structure_.id(), "o-1", draft);
  }
  v1::Structure structure_;
  v1::Offer offer_;
};

TEST_F(PrescriptionServiceTest, CreateIsIdempotentAndScoped) {
  const v1::Prescription p = NewPrescription(offer_, "p-1");
  EXPECT_EQ(p.status(), v1::PRESCRIPTION_STATUS_PRESCRIBED);
  EXPECT_EQ(p.referent_id(), "referent-est");
  EXPECT_EQ(NewPrescription(offer_, "p-1").id(), p.id());
  EXPECT_EQ(Rows("prescriptions"), 1);
  // The create answers with the row as stored: what a later read gives.
  v1::GetPrescriptionRequest get;
  get.set_id(p.id());
  v1::Prescription read;
  ASSERT_TRUE(Call(&Stub::GetPrescription, get, &read, "referent-est").ok());
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(read, p))
      << read.DebugString() << " vs " << p.DebugString();
  // A retry is answered with the first result even once the offer takes no more
  // prescriptions; a new request on it is refused.
  v1::ChangeOfferStatusRequest suspend;
  suspend.set_id(offer_.id());
  suspend.set_etag(offer_.etag());
  v1::Offer suspended;
  ASSERT_TRUE(Call(&Stub::SuspendOffer, suspend, &suspended).ok());
  const v1::Prescription retried = NewPrescription(offer_, "p-1");
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(retried, p));
  {
    v1::CreatePrescriptionRequest fresh;
    fresh.set_request_id("p-3");
    fresh.mutable_prescription()->set_beneficiary_id("ben_3");
    fresh.mutable_prescription()->set_offer_id(offer_.id());
    fresh.mutable_prescription()->mutable_territory()->set_tad("TAD-EST");
    fresh.mutable_prescription()->mutable_territory()->set_mds("MDS-EVRY");
    v1::Prescription out;
    EXPECT_EQ(Call(&Stub::CreatePrescription, fresh, &out, "referent-est").error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }
  EXPECT_EQ(Rows("prescriptions"), 1);
  suspend.set_etag(suspended.etag());
  ASSERT_TRUE(Call(&Stub::PublishOffer, suspend, &offer_).ok());
  // A référent prescribes on their own territory only.
  v1::CreatePrescriptionRequest req;
  req.set_request_id("p-2");
  req.mutable_prescription()->set_beneficiary_id("ben_2");
  req.mutable_prescription()->set_offer_id(offer_.id());
  req.mutable_prescription()->mutable_territory()->set_tad("TAD-EST");
  req.mutable_prescription()->mutable_territory()->set_mds("MDS-EVRY");
  v1::Prescription out;
  EXPECT_EQ(Call(&Stub::CreatePrescription, req, &out, "referent-centre").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::CreatePrescription, req, &out, "operator").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Rows("prescriptions"), 1);
}

TEST_F(PrescriptionServiceTest, InvalidFieldsAreNamedAndNothingIsWritten) {
  const int64_t rows = AllRows();
  struct Case {
    std::string field;
    std::function<void(v1::CreatePrescriptionRequest&)> change;
  };
  const std::vector<Case> cases = {
      {"request_id", [](auto& r) { r.clear_request_id(); }},
      {"prescription.beneficiary_id",
       [](auto& r) { r.mutable_prescription()->clear_beneficiary_id(); }},
      {"prescription.offer_id",
       [](auto& r) { r.mutable_prescription()->set_offer_id("off_missing"); }},
      {"prescription.session_id",
       [](auto& r) { r.mutable_prescription()->set_session_id("ses_nope"); }},
      {"prescription.territory.tad",
       [](auto& r) { r.mutable_prescription()->mutable_territory()->set_tad("TAD-X"); }},
      {"prescription.territory.commune_insee",
       [](auto& r) { r.mutable_prescription()->mutable_territory()->set_commune_insee("75056"); }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.field);
    v1::CreatePrescriptionRequest req;
    req.set_request_id("p-1");
    v1::Prescription* p = req.mutable_prescription();
    p->set_beneficiary_id("ben_1");
    p->set_offer_id(offer_.id());
    p->mutable_territory()->set_tad("TAD-EST");
    p->mutable_territory()->set_mds("MDS-EVRY");
    c.change(req);
    v1::Prescription out;
    grpc::Status s = Call(&Stub::CreatePrescription, req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(Fields(s), ElementsAre(c.field));
  }
  EXPECT_EQ(AllRows(), rows);
}

TEST_F(PrescriptionServiceTest, FullJourneyToPositiveExit) {
  const v1::Prescription p = NewPrescription(offer_, "p-1");
  v1::AcceptPrescriptionRequest accept;
  accept.set_id(p.id());
  accept.set_etag(p.etag());
  v1::Prescription out;
  ASSERT_TRUE(Call(&Stub::AcceptPrescription, accept, &out, "operator").ok());
  EXPECT_EQ(out.status(), v1::PRESCRIPTION_STATUS_ACCEPTED);
  v1::StartPrescriptionRequest start;
  start.set_id(p.id());
  start.set_etag(out.etag());
  ASSERT_TRUE(Call(&Stub::StartPrescription, start, &out, "operator").ok());
  v1::EndPrescriptionRequest end;
  end.set_id(p.id());
  end.set_etag(out.etag());
  EXPECT_THAT(Fields(Call(&Stub::CompletePrescription, end, &out)), ElementsAre("outcome"));
  end.set_outcome(v1::EXIT_OUTCOME_EMPLOYMENT_CDD_6_MONTHS_OR_MORE);
  ASSERT_TRUE(Call(&Stub::CompletePrescription, end, &out, "operator").ok());
  EXPECT_EQ(out.status(), v1::PRESCRIPTION_STATUS_COMPLETED);
  EXPECT_TRUE(out.positive_exit());
  // Once completed, nothing else.
  end.set_etag(out.etag());
  EXPECT_EQ(Call(&Stub::AbandonPrescription, end, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::CancelPrescriptionRequest cancel;
  cancel.set_id(p.id());
  cancel.set_etag(end.etag());
  EXPECT_EQ(Call(&Stub::CancelPrescription, cancel, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

// Prescriptions are personal data (a beneficiary id and what was prescribed to them):
// every call writes one audit record naming who, which method and which prescription,
// refused attempts included; offer reads write none.
TEST_F(PrescriptionServiceTest, EveryPrescriptionAccessWritesOneAuditRecord) {
  auto entries = [&] {
    absl::StatusOr<std::vector<audit::AuditEntry>> all =
        catalogue_->audit().List({.record_type = "prescription", .limit = 1000});
    EXPECT_TRUE(all.ok()) << all.status();
    return all.ok() ? *all : std::vector<audit::AuditEntry>{};
  };
  ASSERT_TRUE(entries().empty());
  const v1::Prescription p = NewPrescription(offer_, "p-audit");
  std::vector<audit::AuditEntry> after_create = entries();
  ASSERT_EQ(after_create.size(), 1u);
  EXPECT_EQ(after_create[0].subject, "referent-est");
  EXPECT_EQ(after_create[0].method, "/parcours.catalogue.v1.Catalogue/CreatePrescription");
  EXPECT_EQ(after_create[0].action, "write");
  EXPECT_EQ(after_create[0].record_id, p.id());

  v1::GetPrescriptionRequest get;
  get.set_id(p.id());
  v1::Prescription out;
  ASSERT_TRUE(Call(&Stub::GetPrescription, get, &out, "referent-est").ok());
  // Out of scope: refused, and still recorded.
  EXPECT_EQ(Call(&Stub::GetPrescription, get, &out, "referent-centre").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListPrescriptionsRequest list;
  v1::ListPrescriptionsResponse listed;
  ASSERT_TRUE(Call(&Stub::ListPrescriptions, list, &listed, "admin").ok());
  v1::AcceptPrescriptionRequest accept;
  accept.set_id(p.id());
  accept.set_etag(p.etag());
  ASSERT_TRUE(Call(&Stub::AcceptPrescription, accept, &out, "operator").ok());
  v1::GetOfferRequest offer;
  offer.set_id(offer_.id());
  v1::Offer got;
  ASSERT_TRUE(Call(&Stub::GetOffer, offer, &got, "referent-est").ok());

  std::vector<audit::AuditEntry> all = entries();
  ASSERT_EQ(all.size(), 5u);
  const std::string c = "/parcours.catalogue.v1.Catalogue/";
  EXPECT_EQ(all[1].method, c + "GetPrescription");
  EXPECT_EQ(all[1].action, "read");
  EXPECT_EQ(all[1].subject, "referent-est");
  EXPECT_EQ(all[1].record_id, p.id());
  EXPECT_EQ(all[2].method, c + "GetPrescription");
  EXPECT_EQ(all[2].subject, "referent-centre");
  EXPECT_EQ(all[3].method, c + "ListPrescriptions");
  EXPECT_EQ(all[3].action, "read");
  EXPECT_EQ(all[4].method, c + "AcceptPrescription");
  EXPECT_EQ(all[4].action, "write");
  EXPECT_EQ(all[4].record_id, p.id());
  ASSERT_OK_AND_ASSIGN(std::vector<audit::AuditEntry> everything,
                       catalogue_->audit().List({.limit = 1000}));
  EXPECT_EQ(everything.size(), all.size());  // structure and offer calls wrote nothing
}

TEST_F(PrescriptionServiceTest, EachTransitionChecksEtagExistenceAndState) {
  const v1::Prescription p = NewPrescription(offer_, "p-1");
  v1::RefusePrescriptionRequest refuse;
  refuse.set_id(p.id());
  refuse.set_etag("1");
  v1::Prescription out;
  EXPECT_THAT(Fields(Call(&Stub::RefusePrescription, refuse, &out)), ElementsAre("reason"));
  refuse.set_reason(v1::REFUSAL_REASON_NOT_ELIGIBLE);
  refuse.set_etag("7");
  EXPECT_EQ(Call(&Stub::RefusePrescription, refuse, &out).error_code(), grpc::StatusCode::ABORTED);
  v1::StartPrescriptionRequest start;
  start.set_id(p.id());
  start.set_etag("1");
  EXPECT_EQ(Call(&Stub::StartPrescription, start, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  start.set_id("prs_missing");
  EXPECT_EQ(Call(&Stub::StartPrescription, start, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::AcceptPrescriptionRequest accept;
  accept.set_id("prs_missing");
  accept.set_etag("1");
  EXPECT_EQ(Call(&Stub::AcceptPrescription, accept, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::EndPrescriptionRequest end;
  end.set_id(p.id());
  end.set_etag("1");
  end.set_outcome(v1::EXIT_OUTCOME_NONE);
  EXPECT_EQ(Call(&Stub::CompletePrescription, end, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Call(&Stub::AbandonPrescription, end, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  refuse.set_etag("1");
  ASSERT_TRUE(Call(&Stub::RefusePrescription, refuse, &out, "operator").ok());
  EXPECT_EQ(out.refusal_reason(), v1::REFUSAL_REASON_NOT_ELIGIBLE);
  v1::CancelPrescriptionRequest cancel;
  cancel.set_id(p.id());
  cancel.set_etag(out.etag());
  EXPECT_EQ(Call(&Stub::CancelPrescription, cancel, &out, "referent-est").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

// Every transition RPC: a missing prescription is NOT_FOUND, a stale etag ABORTED, a
// missing etag INVALID_ARGUMENT; none of them writes anything.
TEST_F(PrescriptionServiceTest, EveryTransitionRpcRefusesMissingAndStale) {
  const v1::Prescription p = NewPrescription(offer_, "p-1");
  const int64_t rows = AllRows();
  using Fn = std::function<grpc::Status(const std::string& id, const std::string& etag)>;
  const std::vector<std::pair<std::string, Fn>> rpcs = {
      {"Accept",
       [&](const std::string& id, const std::string& etag) {
         v1::AcceptPrescriptionRequest r;
         r.set_id(id);
         r.set_etag(etag);
         v1::Prescription out;
         return Call(&Stub::AcceptPrescription, r, &out);
       }},
      {"Refuse",
       [&](const std::string& id, const std::string& etag) {
         v1::RefusePrescriptionRequest r;
         r.set_id(id);
         r.set_etag(etag);
         r.set_reason(v1::REFUSAL_REASON_FULL);
         v1::Prescription out;
         return Call(&Stub::RefusePrescription, r, &out);
       }},
      {"Start",
       [&](const std::string& id, const std::string& etag) {
         v1::StartPrescriptionRequest r;
         r.set_id(id);
         r.set_etag(etag);
         v1::Prescription out;
         return Call(&Stub::StartPrescription, r, &out);
       }},
      {"Complete",
       [&](const std::string& id, const std::string& etag) {
         v1::EndPrescriptionRequest r;
         r.set_id(id);
         r.set_etag(etag);
         r.set_outcome(v1::EXIT_OUTCOME_TRAINING);
         v1::Prescription out;
         return Call(&Stub::CompletePrescription, r, &out);
       }},
      {"Abandon",
       [&](const std::string& id, const std::string& etag) {
         v1::EndPrescriptionRequest r;
         r.set_id(id);
         r.set_etag(etag);
         r.set_outcome(v1::EXIT_OUTCOME_NONE);
         v1::Prescription out;
         return Call(&Stub::AbandonPrescription, r, &out);
       }},
      {"Cancel",
       [&](const std::string& id, const std::string& etag) {
         v1::CancelPrescriptionRequest r;
         r.set_id(id);
         r.set_etag(etag);
         v1::Prescription out;
         return Call(&Stub::CancelPrescription, r, &out);
       }},
  };
  for (const auto& [name, rpc] : rpcs) {
    SCOPED_TRACE(name);
    EXPECT_EQ(rpc("prs_missing", "1").error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(rpc(p.id(), "9").error_code(), grpc::StatusCode::ABORTED);
    EXPECT_THAT(Fields(rpc(p.id(), "")), ElementsAre("etag"));
  }
  EXPECT_EQ(AllRows(), rows);
}

TEST_F(PrescriptionServiceTest, CapacityIsResourceExhaustedAndCancelGivesBack) {
  std::vector<v1::Prescription> ps;
  for (int i = 0; i < 3; ++i) ps.push_back(NewPrescription(offer_, "p-" + std::to_string(i)));
  v1::Prescription out;
  for (int i = 0; i < 3; ++i) {
    v1::AcceptPrescriptionRequest accept;
    accept.set_id(ps[i].id());
    accept.set_etag("1");
    grpc::Status s = Call(&Stub::AcceptPrescription, accept, &out, "operator");
    if (i < 2) {
      ASSERT_TRUE(s.ok()) << s.error_message();
    } else {
      EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    }
  }
  v1::CancelPrescriptionRequest cancel;
  cancel.set_id(ps[0].id());
  cancel.set_etag("2");
  ASSERT_TRUE(Call(&Stub::CancelPrescription, cancel, &out, "referent-est").ok());
  v1::AcceptPrescriptionRequest accept;
  accept.set_id(ps[2].id());
  accept.set_etag("1");
  EXPECT_TRUE(Call(&Stub::AcceptPrescription, accept, &out, "operator").ok());
}

TEST_F(PrescriptionServiceTest, GetAndListApplyTheCallersScope) {
  const v1::Prescription p = NewPrescription(offer_, "p-1");
  NewPrescription(offer_, "p-2");
  v1::GetPrescriptionRequest get;
  get.set_id(p.id());
  v1::Prescription out;
  EXPECT_TRUE(Call(&Stub::GetPrescription, get, &out, "agent").ok());
  EXPECT_EQ(Call(&Stub::GetPrescription, get, &out, "referent-centre").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Call(&Stub::GetPrescription, get, &out, "steering").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  get.set_id("prs_missing");
  EXPECT_EQ(Call(&Stub::GetPrescription, get, &out).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::ListPrescriptionsRequest list;
  list.set_offer_id(offer_.id());
  v1::ListPrescriptionsResponse resp;
  ASSERT_TRUE(Call(&Stub::ListPrescriptions, list, &resp, "referent-est").ok());
  EXPECT_EQ(resp.prescriptions_size(), 2);
  resp.Clear();
  ASSERT_TRUE(Call(&Stub::ListPrescriptions, list, &resp, "referent-centre").ok());
  EXPECT_EQ(resp.prescriptions_size(), 0);
  resp.Clear();
  ASSERT_TRUE(Call(&Stub::ListPrescriptions, list, &resp, "operator").ok());
  EXPECT_EQ(resp.prescriptions_size(), 2);
  list.set_beneficiary_id("ben_p-2");
  resp.Clear();
  // No service identity lists prescriptions (contracts reads one by id).
  EXPECT_EQ(Call(&Stub::ListPrescriptions, list, &resp, "evaluation").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  resp.Clear();
  ASSERT_TRUE(Call(&Stub::ListPrescriptions, list, &resp, "admin").ok());
  ASSERT_EQ(resp.prescriptions_size(), 1);
  list.set_tad("TAD-NOWHERE");
  EXPECT_THAT(Fields(Call(&Stub::ListPrescriptions, list, &resp)), ElementsAre("tad"));
}

TEST_F(PrescriptionServiceTest, Mobilisation) {
  const v1::Prescription p = NewPrescription(offer_, "p-1");
  NewPrescription(offer_, "p-2");
  v1::AcceptPrescriptionRequest accept;
  accept.set_id(p.id());
  accept.set_etag("1");
  v1::Prescription out;
  ASSERT_TRUE(Call(&Stub::AcceptPrescription, accept, &out, "operator").ok());
  v1::GetMobilisationRequest req;
  const absl::CivilDay today = Clock::Real().Today();
  *req.mutable_period()->mutable_from() = FromCivilDay(today - 1);
  *req.mutable_period()->mutable_to() = FromCivilDay(today + 1);
  req.set_group_by(v1::MOBILISATION_GROUPING_OFFER);
  v1::GetMobilisationResponse resp;
  ASSERT_TRUE(Call(&Stub::GetMobilisation, req, &resp, "steering").ok());
  ASSERT_EQ(resp.rows_size(), 1);
  EXPECT_EQ(resp.rows(0).key(), offer_.id());
  EXPECT_EQ(resp.rows(0).prescribed(), 2);
  EXPECT_EQ(resp.rows(0).accepted(), 1);
  EXPECT_EQ(resp.rows(0).places(), 2);
  EXPECT_DOUBLE_EQ(resp.rows(0).fill_rate(), 0.5);
  req.clear_period();
  EXPECT_THAT(Fields(Call(&Stub::GetMobilisation, req, &resp)),
              ElementsAre("period.from", "period.to"));
  EXPECT_EQ(Call(&Stub::GetMobilisation, req, &resp, "controller").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace parcours::catalogue::testdata
