// The fraud service over in-process gRPC: imports (rejections by field, good records kept,
// idempotent), scoring (explanation, version, batch progress, incremental rescoring), the
// life of a case through its RPCs (etags, forbidden steps, fines within the cap, recovery
// once per request id), statistics, territory scope, audit, pseudonymous events, metrics.
#include <map>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "libs/events/outbox_rows.h"
#include "services/fraud/tests/service_fixture.h"

namespace parcours::fraud::testing {
namespace {

class FraudServiceTest : public FraudServiceFixture {
 protected:
  std::vector<std::string> Fields(const grpc::Status& s) {
    std::vector<std::string> out;
    for (const auto& v : errors::ViolationsOf(errors::FromGrpcStatus(s))) out.push_back(v.field);
    return out;
  }
  double Gauge(const std::string& name, const std::string& label, const std::string& value) {
    for (const auto& family : registry().Collect()) {
      if (family.name != name) continue;
      for (const auto& m : family.metric) {
        for (const auto& l : m.label) {
          if (l.name == label && l.value == value) return m.gauge.value;
        }
      }
    }
    return -1;
  }
};

TEST_F(FraudServiceTest, ImportRejectsBadRecordsByFieldAndKeepsTheGoodOnes) {
  v1::HouseholdRecord no_caf = Household("1000002");
  no_caf.set_caf_number("12ab");
  v1::HouseholdRecord abroad_code = Household("1000003");
  abroad_code.mutable_address()->set_country("France");
  v1::HouseholdRecord no_members = Household("1000004");
  no_members.clear_member_ids();
  v1::ImportSummary s;
  ASSERT_TRUE(ImportHouseholds(
                  kController,
                  {Household("1000001"), no_caf, abroad_code, no_members, Household("1000005")}, &s)
                  .ok());
  EXPECT_EQ(s.received(), 5);
  EXPECT_EQ(s.accepted(), 2);
  EXPECT_EQ(s.rejected(), 3);
  ASSERT_EQ(s.rejections_size(), 3);
  EXPECT_EQ(s.rejections(0).index(), 1);
  EXPECT_EQ(s.rejections(0).field(), "caf_number");
  EXPECT_EQ(s.rejections(1).field(), "address.country");
  EXPECT_EQ(s.rejections(2).field(), "member_ids");
  EXPECT_EQ(s.households_marked_for_rescoring(), 2);
  EXPECT_EQ(Count("households"), 2);

  // The same stream again: accepted, nothing new, nothing marked.
  v1::ImportSummary again;
  ASSERT_TRUE(
      ImportHouseholds(kController, {Household("1000001"), Household("1000005")}, &again).ok());
  EXPECT_EQ(again.accepted(), 2);
  EXPECT_EQ(again.households_marked_for_rescoring(), 0);
  EXPECT_EQ(Count("households"), 2);
}

TEST_F(FraudServiceTest, DeclarationsAndCrossChecksNeedAKnownHouseholdAndAreIdempotent) {
  v1::ImportSummary s;
  ASSERT_TRUE(ImportHouseholds(kController, {Household("2000001")}, &s).ok());
  v1::DeclarationRecord bad_quarter = Declaration("2000001", 2024, 5, 100);
  v1::DeclarationRecord negative = Declaration("2000001", 2024, 2, -1);
  ASSERT_TRUE(ImportDeclarations(kController,
                                 {Declaration("2000001", 2024, 1, 1000),
                                  Declaration("9999999", 2024, 1, 1), bad_quarter, negative},
                                 &s)
                  .ok());
  EXPECT_EQ(s.accepted(), 1);
  ASSERT_EQ(s.rejected(), 3);
  std::map<int64_t, std::string> fields;
  for (const auto& r : s.rejections()) fields[r.index()] = r.field();
  EXPECT_EQ(fields[1], "caf_number");
  EXPECT_EQ(fields[2], "period.quarter");
  EXPECT_EQ(fields[3], "amounts[0].amount_cents");
  EXPECT_EQ(Count("declarations"), 1);

  ASSERT_TRUE(ImportDeclarations(kController, {Declaration("2000001", 2024, 1, 1000)}, &s).ok());
  EXPECT_EQ(s.households_marked_for_rescoring(), 0);  // unchanged
  ASSERT_TRUE(ImportDeclarations(kController, {Declaration("2000001", 2024, 1, 2000)}, &s).ok());
  EXPECT_EQ(s.households_marked_for_rescoring(), 1);  // corrected declaration
  EXPECT_EQ(Count("declarations"), 1);

  v1::CrossCheckRecord no_source = IncomeSeen("2000001", "x", 2024, 1, 5);
  no_source.set_source(v1::CROSS_CHECK_SOURCE_UNSPECIFIED);
  ASSERT_TRUE(ImportCrossChecks(kController,
                                {IncomeSeen("2000001", "dsn-1", 2024, 1, 5000), no_source,
                                 IncomeSeen("2000001", "dsn-1", 2024, 1, 5000)},
                                &s)
                  .ok());
  EXPECT_EQ(s.accepted(), 2);
  ASSERT_EQ(s.rejections_size(), 1);
  EXPECT_EQ(s.rejections(0).field(), "source");
  EXPECT_EQ(Count("cross_checks"), 1);

  v1::SocialWorkerReport report;
  report.set_caf_number("2000001");
  report.set_reference("sw-1");
  report.mutable_period()->set_year(2024);
  report.mutable_period()->set_quarter(4);
  report.set_kind(v1::FACT_KIND_MAIL_RETURNED);
  v1::SocialWorkerReport income_report = report;
  income_report.set_kind(v1::FACT_KIND_INCOME);
  ASSERT_TRUE(ImportReports(kController, {report, income_report}, &s).ok());
  EXPECT_EQ(s.accepted(), 1);
  EXPECT_EQ(s.rejections(0).field(), "kind");
  EXPECT_EQ(Count("cross_checks"), 2);
}

TEST_F(FraudServiceTest, ScoreHouseholdExplainsWithVersionAndIsAudited) {
  v1::Case opened = OpenCase("3000001");
  const std::string id = HouseholdId("3000001");
  const int64_t audits = Count("audit_log");
  grpc::ClientContext ctx;
  Auth(ctx, kController);
  v1::ScoreHouseholdRequest req;
  req.set_household_id(id);
  v1::Score score;
  ASSERT_TRUE(stub().ScoreHousehold(&ctx, req, &score).ok());
  EXPECT_EQ(score.score(), 65);
  EXPECT_EQ(score.rule_set_version(), "2025.1");
  ASSERT_EQ(score.fired_size(), 2);
  EXPECT_EQ(score.fired(0).rule_id(), "income_above_declared");
  EXPECT_EQ(score.fired(1).rule_id(), "declarations_missing");
  EXPECT_FALSE(score.fired(0).reason().empty());
  EXPECT_GT(score.fired(0).evidence_size(), 0);
  EXPECT_EQ(Count("audit_log"), audits + 1);
  EXPECT_EQ(opened.status(), v1::CASE_STATUS_DETECTED);
  EXPECT_EQ(opened.score_at_opening(), 65);
}

TEST_F(FraudServiceTest, InvalidRequestsNameTheFieldAndWriteNothing) {
  v1::Case c = OpenCase("3100001");
  const int64_t audits = Count("audit_log");
  const int64_t events = Count("outbox");
  {
    grpc::ClientContext ctx;
    Auth(ctx, kController);
    v1::Score score;
    grpc::Status s = stub().ScoreHousehold(&ctx, {}, &score);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(Fields(s), std::vector<std::string>{"household_id"});
  }
  {
    grpc::ClientContext ctx;
    Auth(ctx, kController);
    v1::AssignCaseRequest req;
    req.set_case_id(c.id());
    v1::Case out;
    grpc::Status s = stub().AssignCase(&ctx, req, &out);  // no controller, no etag
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(Fields(s), std::vector<std::string>{"controller"});
  }
  {
    grpc::ClientContext ctx;
    Auth(ctx, kController);
    v1::QualifyCaseRequest req;
    req.set_case_id(c.id());
    req.set_etag(c.etag());
    req.set_qualification(v1::QUALIFICATION_FRAUD);  // no overpayment
    v1::Case out;
    grpc::Status s = stub().QualifyCase(&ctx, req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(Fields(s),
              (std::vector<std::string>{"overpayment.amount_cents", "overpayment.period.from",
                                        "overpayment.period.to"}));
  }
  {
    grpc::ClientContext ctx;
    Auth(ctx, kController);
    v1::RecordRecoveryRequest req;
    req.set_case_id(c.id());
    v1::Case out;
    grpc::Status s = stub().RecordRecovery(&ctx, req, &out);
    EXPECT_EQ(Fields(s), (std::vector<std::string>{"payment.request_id", "payment.kind",
                                                   "payment.amount_cents", "payment.paid_on"}));
  }
  {
    grpc::ClientContext ctx;
    Auth(ctx, kSteering);
    v1::Statistics out;
    grpc::Status s = stub().GetStatistics(&ctx, {}, &out);
    EXPECT_EQ(Fields(s), std::vector<std::string>{"year"});
  }
  {
    grpc::ClientContext ctx;
    Auth(ctx, kController);
    v1::GetCaseRequest req;
    req.set_case_id("case_nope");
    v1::Case out;
    EXPECT_EQ(stub().GetCase(&ctx, req, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  EXPECT_EQ(Count("audit_log"), audits);
  EXPECT_EQ(Count("outbox"), events);
}

class CaseSteps {
 public:
  CaseSteps(v1::Fraud::Stub& stub, v1::Case c) : stub_(stub), c_(std::move(c)) {}
  const v1::Case& current() const { return c_; }
  template <typename Req>
  grpc::Status Do(grpc::Status (v1::Fraud::Stub::*m)(grpc::ClientContext*, const Req&, v1::Case*),
                  Req req, const std::string& token = kController) {
    grpc::ClientContext ctx;
    Auth(ctx, token);
    req.set_case_id(c_.id());
    v1::Case out;
    grpc::Status s = (stub_.*m)(&ctx, req, &out);
    if (s.ok()) c_ = out;
    return s;
  }

 private:
  v1::Fraud::Stub& stub_;
  v1::Case c_;
};

common::v1::Date D(int y, int m, int d) {
  common::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

TEST_F(FraudServiceTest, ACaseLivesThroughPeoplesDecisions) {
  CaseSteps c(stub(), OpenCase("4000001"));
  using S = v1::Fraud::Stub;
  // Forbidden step: qualify a case nobody controlled.
  v1::QualifyCaseRequest qualify;
  qualify.set_qualification(v1::QUALIFICATION_FRAUD);
  qualify.mutable_overpayment()->set_amount_cents(240000);
  *qualify.mutable_overpayment()->mutable_period()->mutable_from() = D(2024, 7, 1);
  *qualify.mutable_overpayment()->mutable_period()->mutable_to() = D(2024, 10, 1);
  qualify.set_etag(c.current().etag());
  EXPECT_EQ(c.Do(&S::QualifyCase, qualify).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  v1::AssignCaseRequest assign;
  assign.set_controller("controller");
  assign.set_etag(c.current().etag());
  ASSERT_TRUE(c.Do(&S::AssignCase, assign).ok());
  EXPECT_EQ(c.current().status(), v1::CASE_STATUS_ASSIGNED);
  // The old etag is stale now.
  EXPECT_EQ(c.Do(&S::AssignCase, assign).error_code(), grpc::StatusCode::ABORTED);

  v1::StartControlRequest start;
  start.set_etag(c.current().etag());
  ASSERT_TRUE(c.Do(&S::StartControl, start).ok());
  v1::RecordAnswerRequest answer;
  answer.set_etag(c.current().etag());
  answer.mutable_answer()->set_text(
      "I had a short contract in the summer and forgot to declare it.");
  *answer.mutable_answer()->mutable_received_on() = D(2025, 1, 10);
  ASSERT_TRUE(c.Do(&S::RecordAnswer, answer).ok());
  EXPECT_EQ(c.current().answer().received_on().day(), 10);

  // Admins may not qualify: a controller decides.
  qualify.set_etag(c.current().etag());
  EXPECT_EQ(c.Do(&S::QualifyCase, qualify, kAdmin).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(c.Do(&S::QualifyCase, qualify).ok());
  EXPECT_EQ(c.current().status(), v1::CASE_STATUS_QUALIFIED_FRAUD);
  EXPECT_EQ(c.current().qualified_by(), "controller");
  EXPECT_EQ(c.current().overpayment().amount_cents(), 240000);

  // A fine over the cap (2 × PMSS 2025 = 7 850 €) is refused and writes nothing.
  v1::ImposeFineRequest fine;
  fine.set_etag(c.current().etag());
  fine.mutable_fine()->set_amount_cents(785001);
  *fine.mutable_fine()->mutable_facts_date() = D(2024, 8, 1);
  grpc::Status over = c.Do(&S::ImposeFine, fine);
  EXPECT_EQ(over.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Fields(over), std::vector<std::string>{"fine.amount_cents"});
  // Facts older than two years: no fine.
  *fine.mutable_fine()->mutable_facts_date() = D(2022, 12, 1);
  fine.mutable_fine()->set_amount_cents(50000);
  EXPECT_EQ(c.Do(&S::ImposeFine, fine).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  *fine.mutable_fine()->mutable_facts_date() = D(2024, 8, 1);
  ASSERT_TRUE(c.Do(&S::ImposeFine, fine).ok());
  EXPECT_EQ(c.current().fine().cap_cents(), 785000);
  EXPECT_EQ(c.current().fine().decided_by(), "controller");
  EXPECT_FALSE(c.current().fine().legal_reference().empty());

  v1::RecordRecoveryRequest pay;
  pay.mutable_payment()->set_request_id("pay-1");
  pay.mutable_payment()->set_kind(v1::RECOVERY_KIND_OVERPAYMENT);
  pay.mutable_payment()->set_amount_cents(100000);
  *pay.mutable_payment()->mutable_paid_on() = D(2025, 1, 14);
  ASSERT_TRUE(c.Do(&S::RecordRecovery, pay).ok());
  ASSERT_TRUE(c.Do(&S::RecordRecovery, pay).ok());  // a retry: recorded once
  EXPECT_EQ(c.current().recovered_cents(), 100000);
  EXPECT_EQ(c.current().payments_size(), 1);
  v1::RecordRecoveryRequest too_much = pay;
  too_much.mutable_payment()->set_request_id("pay-2");
  too_much.mutable_payment()->set_amount_cents(140001);  // 240 000 owed, 100 000 paid
  EXPECT_EQ(c.Do(&S::RecordRecovery, too_much).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("recovery_payments"), 1);

  v1::CloseCaseRequest close;
  close.set_etag(c.current().etag());
  ASSERT_TRUE(c.Do(&S::CloseCase, close).ok());
  EXPECT_EQ(c.current().status(), v1::CASE_STATUS_CLOSED);

  // Statistics of the year: one case, qualified fraud, a fine, amounts and recovery rate.
  grpc::ClientContext ctx;
  Auth(ctx, kSteering);
  v1::GetStatisticsRequest sreq;
  sreq.set_year(2025);
  v1::Statistics stats;
  ASSERT_TRUE(stub().GetStatistics(&ctx, sreq, &stats).ok());
  EXPECT_EQ(stats.files_scored(), 1);
  EXPECT_EQ(stats.cases_opened(), 1);
  EXPECT_EQ(stats.cases_qualified_fraud(), 1);
  EXPECT_EQ(stats.fines_count(), 1);
  EXPECT_EQ(stats.fines_cents(), 50000);
  EXPECT_EQ(stats.overpayments_cents(), 240000);
  EXPECT_EQ(stats.recovered_cents(), 100000);
  EXPECT_DOUBLE_EQ(stats.recovery_rate(), 100000.0 / 290000.0);
  ASSERT_EQ(stats.rules_size(), 2);
  EXPECT_EQ(stats.rules(0).rule_id(), "declarations_missing");
  EXPECT_EQ(stats.rules(0).cases_qualified(), 1);
  EXPECT_DOUBLE_EQ(stats.rules(0).precision(), 1.0);

  EXPECT_DOUBLE_EQ(Gauge("parcours_fraud_cases", "status", "closed"), 1);
  EXPECT_DOUBLE_EQ(Gauge("parcours_fraud_cases", "status", "opened"), 0);
  EXPECT_NEAR(Gauge("parcours_fraud_recovery_rate", "year", "2025"), 100000.0 / 290000.0, 1e-9);

  // What evaluation reads from the feed (services/evaluation/README.md): every case event
  // names the beneficiary pseudonymously with its TAD and time, and carries the case's
  // status and running totals.
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto published = events::ReadEvents(**tx, "fraud", 0, {}, 100);
  ASSERT_TRUE(published.ok()) << published.status();
  std::map<std::string, v1::CaseEvent> last;
  for (const events::v1::Event& e : *published) {
    if (e.type().rfind("fraud.case.", 0) != 0) continue;
    EXPECT_EQ(e.beneficiary_id(), "ben_" + Pseudonym("4000001")) << e.type();
    EXPECT_EQ(e.tad(), "TAD-EST") << e.type();
    EXPECT_GT(e.occurred_at().seconds(), 0) << e.type();
    EXPECT_EQ(e.aggregate_id(), c.current().id()) << e.type();
    v1::CaseEvent payload;
    ASSERT_TRUE(e.payload().UnpackTo(&payload)) << e.type();
    EXPECT_EQ(payload.year_opened(), 2025) << e.type();
    last[e.type()] = payload;
  }
  for (const char* type : {"fraud.case.opened", "fraud.case.status_changed",
                           "fraud.case.fine_imposed", "fraud.case.recovery_recorded"}) {
    EXPECT_EQ(last.count(type), 1u) << type;
  }
  EXPECT_EQ(last["fraud.case.opened"].status(), v1::CASE_STATUS_DETECTED);
  const v1::CaseEvent& recovered = last["fraud.case.recovery_recorded"];
  EXPECT_EQ(recovered.status(), v1::CASE_STATUS_QUALIFIED_FRAUD);
  EXPECT_EQ(recovered.overpayment_cents(), 240000);
  EXPECT_EQ(recovered.fine_cents(), 50000);
  EXPECT_EQ(recovered.recovered_cents(), 100000);
}

TEST_F(FraudServiceTest, BatchStreamsProgressAndRescoringFollowsImports) {
  v1::ImportSummary s;
  std::vector<v1::HouseholdRecord> households;
  for (int i = 0; i < 25; ++i) households.push_back(Household(absl::StrCat(5000000 + i)));
  ASSERT_TRUE(ImportHouseholds(kController, households, &s).ok());
  EXPECT_EQ(Count("dirty_households"), 25);

  grpc::ClientContext ctx;
  Auth(ctx, kAdmin);
  v1::RunBatchScoringRequest req;
  req.set_chunk_size(10);
  auto reader = stub().RunBatchScoring(&ctx, req);
  std::vector<v1::BatchProgress> progress;
  v1::BatchProgress p;
  while (reader->Read(&p)) progress.push_back(p);
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_EQ(progress.size(), 4u);  // 10, 20, 25, done
  EXPECT_EQ(progress[0].files_scored(), 10);
  EXPECT_EQ(progress[3].files_scored(), 25);
  EXPECT_EQ(progress[3].files_total(), 25);
  EXPECT_TRUE(progress[3].done());
  EXPECT_EQ(progress[3].rule_set_version(), "2025.1");
  // No declarations at all: every file lacks 4 quarters (25 points < 50): no case.
  EXPECT_EQ(progress[3].cases_opened(), 0);
  EXPECT_EQ(Count("scores"), 25);
  EXPECT_EQ(Count("dirty_households"), 0);  // the batch cleared the marks it read

  // A new cross-check marks one file; rescoring takes it and only it.
  ASSERT_TRUE(
      ImportCrossChecks(kController, {IncomeSeen("5000003", "dsn-9", 2024, 2, 80000)}, &s).ok());
  EXPECT_EQ(s.households_marked_for_rescoring(), 1);
  grpc::ClientContext rctx;
  Auth(rctx, kController);
  v1::RescoreDirtyResponse r;
  ASSERT_TRUE(stub().RescoreDirty(&rctx, {}, &r).ok());
  EXPECT_EQ(r.files_scored(), 1);
  EXPECT_EQ(r.cases_opened(), 1);  // 40 + 25 = 65
  grpc::ClientContext again;
  Auth(again, kController);
  ASSERT_TRUE(stub().RescoreDirty(&again, {}, &r).ok());
  EXPECT_EQ(r.files_scored(), 0);

  grpc::ClientContext lctx;
  Auth(lctx, kController);
  v1::ListScoresRequest lreq;
  lreq.set_min_score(50);
  v1::ListScoresResponse scores;
  ASSERT_TRUE(stub().ListScores(&lctx, lreq, &scores).ok());
  ASSERT_EQ(scores.scores_size(), 1);
  EXPECT_EQ(scores.scores(0).household_id(), HouseholdId("5000003"));
}

TEST_F(FraudServiceTest, FilesAreReadOnlyWithinTheControllersTerritoryAndAudited) {
  v1::Case nord = OpenCase("6000001", "TAD-NORD-OUEST");
  v1::Case est = OpenCase("6000002", "TAD-EST");
  {
    grpc::ClientContext ctx;
    Auth(ctx, kControllerEst);
    v1::GetCaseRequest req;
    req.set_case_id(nord.id());
    v1::Case out;
    EXPECT_EQ(stub().GetCase(&ctx, req, &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  {
    grpc::ClientContext ctx;
    Auth(ctx, kControllerEst);
    v1::ListCasesResponse out;
    ASSERT_TRUE(stub().ListCases(&ctx, {}, &out).ok());
    ASSERT_EQ(out.cases_size(), 1);
    EXPECT_EQ(out.cases(0).id(), est.id());
  }
  const int64_t audits = Count("audit_log");
  grpc::ClientContext ctx;
  Auth(ctx, kController);
  v1::GetHouseholdRequest req;
  req.set_household_id(HouseholdId("6000002"));
  v1::HouseholdFile file;
  ASSERT_TRUE(stub().GetHousehold(&ctx, req, &file).ok());
  EXPECT_EQ(file.record().caf_number(), "6000002");  // controllers see the identity
  EXPECT_EQ(file.declarations_size(), 2);
  EXPECT_EQ(file.cross_checks_size(), 1);
  EXPECT_EQ(file.latest_score().score(), 65);
  EXPECT_EQ(file.open_case_id(), est.id());
  EXPECT_EQ(Count("audit_log"), audits + 1);
}

TEST_F(FraudServiceTest, EventsArePseudonymous) {
  v1::Case c = OpenCase("7000001");
  auto tx = db().Begin(storage::TxMode::kRead);
  ASSERT_TRUE(tx.ok());
  auto rs = (*tx)->Query("SELECT * FROM outbox");
  ASSERT_TRUE(rs.ok());
  ASSERT_GE(rs->rows.size(), 1u);
  for (const storage::Row& row : rs->rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      EXPECT_EQ(row.Blob(i).find("7000001"), std::string::npos) << "a CAF number in an event";
      EXPECT_EQ(row.Blob(i).find("rue de la Paix"), std::string::npos);
    }
  }
  EXPECT_EQ(c.beneficiary_id(), "ben_" + Pseudonym("7000001"));
}

}  // namespace
}  // namespace parcours::fraud::testing
