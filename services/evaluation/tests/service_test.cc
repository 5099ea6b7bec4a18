// The RPCs one by one: the authorisation matrix (every RPC, every role), invalid fields
// named and nothing written, NOT_FOUND, survey idempotency and the one-response rule,
// the audit record, pagination, feed lag, an unknown event type ignored and a poisoned
// payload halting its feed (and only it).
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "libs/events/test_util.h"
#include "libs/testing/status_matchers.h"
#include "libs/testing/test_database.h"
#include "parcours/evaluation/v1/source_payloads.pb.h"
#include "services/evaluation/tests/scenario_data.h"
#include "services/evaluation/tests/scenario_support.h"
#include "services/evaluation/tests/test_evaluation.h"

namespace parcours::evaluation::testing {
namespace {

const absl::Time kNow =
    absl::FromCivil(absl::CivilSecond(2024, 12, 15, 12, 0, 0), absl::UTCTimeZone());

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(feeds_.Start());
    PublishScenario(feeds_);
    ASSERT_OK_AND_ASSIGN(db_, parcours::testutil::TestDatabase::Create("sqlite"));
    ev_ = std::make_unique<TestEvaluation>(db_->db(), feeds_.Channels(), clock_);
    ASSERT_OK(ev_->Start());
    ASSERT_TRUE(ev_->WaitCaughtUp(feeds_));
  }

  int64_t Count(const std::string& table) {
    auto tx = db_->db().Begin(storage::TxMode::kRead);
    if (!tx.ok()) return -1;
    auto rs = (*tx)->Query("SELECT COUNT(*) FROM " + table);
    return rs.ok() ? rs->rows[0].Int(0) : -1;
  }

  grpc::Status CreateSurvey(const std::string& token, const v1::CreateSurveyRequest& req,
                            v1::Survey* out = nullptr) {
    grpc::ClientContext ctx;
    ev_->Authorize(ctx, token);
    v1::Survey s;
    grpc::Status status = ev_->stub().CreateSurvey(&ctx, req, &s);
    if (out) *out = s;
    return status;
  }

  grpc::Status Submit(const std::string& token, const v1::SubmitSurveyResponseRequest& req,
                      v1::SurveyResponseReceipt* out = nullptr) {
    grpc::ClientContext ctx;
    ev_->Authorize(ctx, token);
    v1::SurveyResponseReceipt r;
    grpc::Status status = ev_->stub().SubmitSurveyResponse(&ctx, req, &r);
    if (out) *out = r;
    return status;
  }

  static v1::CreateSurveyRequest ValidSurvey(const std::string& request_id,
                                             v1::Audience audience = v1::BENEFICIARIES) {
    v1::CreateSurveyRequest req;
    req.set_request_id(request_id);
    req.mutable_survey()->set_offer_id("OFF-A");
    req.mutable_survey()->set_audience(audience);
    req.mutable_survey()->set_title("Satisfaction");
    req.mutable_survey()->add_questions("Utile ?");
    if (audience == v1::PROFESSIONALS) req.mutable_survey()->set_invited_professionals(5);
    return req;
  }

  static std::vector<std::string> Fields(const grpc::Status& s) {
    std::vector<std::string> out;
    for (const auto& v : errors::ViolationsOf(errors::FromGrpcStatus(s))) out.push_back(v.field);
    return out;
  }

  FakeClock clock_{kNow};
  ScriptedFeeds feeds_;
  std::unique_ptr<parcours::testutil::TestDatabase> db_;
  std::unique_ptr<TestEvaluation> ev_;
};

TEST_F(ServiceTest, AuthorizationMatrix) {
  v1::Survey survey;
  ASSERT_TRUE(CreateSurvey("admin", ValidSurvey("matrix"), &survey).ok());
  using Call = std::function<grpc::Status(grpc::ClientContext&)>;
  v1::GetBilanRequest bilan;
  bilan.set_year(2024);
  v1::ListCohortsRequest cohorts;
  cohorts.set_from_month("2024-01");
  cohorts.set_to_month("2024-02");
  v1::SubmitSurveyResponseRequest response;
  response.set_request_id("m");
  response.set_survey_id(survey.id());
  response.set_beneficiary_id("E9");  // not a participant: refused after authorisation
  response.add_scores(3);
  v1::GetSurveyResultsRequest results;
  results.set_survey_id(survey.id());
  v1::ExportCsvRequest export_req;
  export_req.set_table(v1::BILAN);
  export_req.mutable_bilan()->set_year(2024);
  auto& stub = ev_->stub();
  const std::map<std::string, Call> calls = {
      {"GetBilan",
       [&](grpc::ClientContext& c) {
         v1::Bilan r;
         return stub.GetBilan(&c, bilan, &r);
       }},
      {"ListCohorts",
       [&](grpc::ClientContext& c) {
         v1::ListCohortsResponse r;
         return stub.ListCohorts(&c, cohorts, &r);
       }},
      {"ListOfferEvaluations",
       [&](grpc::ClientContext& c) {
         v1::ListOfferEvaluationsResponse r;
         return stub.ListOfferEvaluations(&c, {}, &r);
       }},
      {"CreateSurvey",
       [&](grpc::ClientContext& c) {
         v1::Survey r;
         return stub.CreateSurvey(&c, ValidSurvey("m2"), &r);
       }},
      {"SubmitSurveyResponse",
       [&](grpc::ClientContext& c) {
         v1::SurveyResponseReceipt r;
         return stub.SubmitSurveyResponse(&c, response, &r);
       }},
      {"GetSurveyResults",
       [&](grpc::ClientContext& c) {
         v1::SurveyResults r;
         return stub.GetSurveyResults(&c, results, &r);
       }},
      {"GetFeedLag",
       [&](grpc::ClientContext& c) {
         v1::GetFeedLagResponse r;
         return stub.GetFeedLag(&c, {}, &r);
       }},
      {"ExportCsv",
       [&](grpc::ClientContext& c) {
         auto reader = stub.ExportCsv(&c, export_req);
         v1::CsvChunk chunk;
         while (reader->Read(&chunk)) {
         }
         return reader->Finish();
       }},
  };
  const std::set<std::string> readers = {"steering", "admin", "referent-est"};
  const std::map<std::string, std::set<std::string>> allowed = {
      {"GetBilan", readers},
      {"ListCohorts", readers},
      {"ListOfferEvaluations", readers},
      {"GetSurveyResults", readers},
      {"ExportCsv", readers},
      {"CreateSurvey", {"steering", "admin"}},
      {"SubmitSurveyResponse", {"referent-est", "operator"}},
      {"GetFeedLag", {"steering", "admin"}},
  };
  // The matrix covers every RPC of the service.
  ASSERT_EQ(calls.size(), static_cast<size_t>(v1::GetBilanRequest::descriptor()
                                                  ->file()
                                                  ->FindServiceByName("Evaluation")
                                                  ->method_count()));
  for (const auto& [method, call] : calls) {
    for (const std::string token : {"steering", "admin", "referent-est", "operator",
                                    "orientation_agent", "controller", "dpo", "service"}) {
      grpc::ClientContext ctx;
      ev_->Authorize(ctx, token);
      const grpc::Status s = call(ctx);
      if (allowed.at(method).contains(token)) {
        EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << method << " " << token;
        EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << method << " " << token;
      } else {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << method << " " << token;
      }
    }
    grpc::ClientContext anonymous;
    EXPECT_EQ(call(anonymous).error_code(), grpc::StatusCode::UNAUTHENTICATED) << method;
  }
}

TEST_F(ServiceTest, InvalidQueriesNameTheirFields) {
  auto bilan = [&](int year, int month, const std::string& fiche) {
    grpc::ClientContext ctx;
    ev_->Authorize(ctx, "steering");
    v1::GetBilanRequest req;
    req.set_year(year);
    req.set_month(month);
    req.set_fiche(fiche);
    v1::Bilan r;
    return ev_->stub().GetBilan(&ctx, req, &r);
  };
  EXPECT_EQ(Fields(bilan(0, 13, "")), (std::vector<std::string>{"year", "month"}));
  EXPECT_EQ(bilan(2024, 0, "9-9").error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(bilan(2024, 3, "2-2").ok());

  auto cohorts = [&](const std::string& from, const std::string& to) {
    grpc::ClientContext ctx;
    ev_->Authorize(ctx, "steering");
    v1::ListCohortsRequest req;
    req.set_from_month(from);
    req.set_to_month(to);
    v1::ListCohortsResponse r;
    return ev_->stub().ListCohorts(&ctx, req, &r);
  };
  EXPECT_EQ(Fields(cohorts("2024-13", "")), (std::vector<std::string>{"from_month", "to_month"}));
  EXPECT_EQ(Fields(cohorts("2024-05", "2024-01")), (std::vector<std::string>{"to_month"}));
  EXPECT_EQ(Fields(cohorts("2020-01", "2023-01")), (std::vector<std::string>{"to_month"}));

  grpc::ClientContext ctx;
  ev_->Authorize(ctx, "steering");
  v1::ListOfferEvaluationsRequest offers;
  offers.set_page_size(-1);
  offers.set_page_token("%%%");
  v1::ListOfferEvaluationsResponse r;
  EXPECT_EQ(Fields(ev_->stub().ListOfferEvaluations(&ctx, offers, &r)),
            (std::vector<std::string>{"page_size", "page_token"}));

  grpc::ClientContext export_ctx;
  ev_->Authorize(export_ctx, "steering");
  v1::ExportCsvRequest export_req;
  export_req.set_table(v1::BILAN);
  auto reader = ev_->stub().ExportCsv(&export_ctx, export_req);
  v1::CsvChunk chunk;
  EXPECT_FALSE(reader->Read(&chunk));
  EXPECT_EQ(Fields(reader->Finish()), (std::vector<std::string>{"bilan.year"}));
}

TEST_F(ServiceTest, OffersArePaged) {
  std::vector<std::string> ids;
  std::string token;
  for (int page = 0; page < 5; ++page) {
    grpc::ClientContext ctx;
    ev_->Authorize(ctx, "steering");
    v1::ListOfferEvaluationsRequest req;
    req.set_page_size(1);
    req.set_page_token(token);
    v1::ListOfferEvaluationsResponse r;
    ASSERT_TRUE(ev_->stub().ListOfferEvaluations(&ctx, req, &r).ok());
    ASSERT_EQ(r.offers_size(), 1);
    ids.push_back(r.offers(0).offer_id());
    token = r.next_page_token();
    if (token.empty()) break;
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"OFF-A", "OFF-B"}));
}

TEST_F(ServiceTest, SurveysAreIdempotentAndTakeOneResponsePerRespondent) {
  v1::CreateSurveyRequest bad = ValidSurvey("bad");
  bad.set_request_id("");
  bad.mutable_survey()->set_title("");
  bad.mutable_survey()->set_audience(v1::AUDIENCE_UNSPECIFIED);
  bad.mutable_survey()->set_invited_professionals(3);
  EXPECT_EQ(Fields(CreateSurvey("steering", bad)),
            (std::vector<std::string>{"survey.audience", "survey.title", "request_id"}));
  EXPECT_EQ(Count("eval_surveys"), 0);  // nothing written

  v1::Survey first;
  v1::Survey again;
  ASSERT_TRUE(CreateSurvey("steering", ValidSurvey("s1"), &first).ok());
  ASSERT_TRUE(CreateSurvey("steering", ValidSurvey("s1"), &again).ok());
  EXPECT_EQ(first.id(), again.id());
  EXPECT_EQ(Count("eval_surveys"), 1);

  v1::SubmitSurveyResponseRequest req;
  req.set_request_id("r1");
  req.set_survey_id(first.id());
  req.set_beneficiary_id("E1");
  req.add_scores(6);
  req.add_scores(2);
  EXPECT_EQ(Fields(Submit("referent-est", req)), (std::vector<std::string>{"scores"}));
  req.clear_scores();
  req.add_scores(6);
  EXPECT_EQ(Fields(Submit("referent-est", req)), (std::vector<std::string>{"scores[0]"}));
  req.set_scores(0, 4);
  v1::SubmitSurveyResponseRequest unknown = req;
  unknown.set_survey_id("srv_nope");
  EXPECT_EQ(Submit("referent-est", unknown).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::SubmitSurveyResponseRequest outsider = req;
  outsider.set_beneficiary_id("E9");  // never started OFF-A
  outsider.set_request_id("r-out");
  EXPECT_EQ(Submit("referent-est", outsider).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("eval_survey_responses"), 0);

  v1::SurveyResponseReceipt a;
  v1::SurveyResponseReceipt b;
  ASSERT_TRUE(Submit("referent-est", req, &a).ok());
  ASSERT_TRUE(Submit("referent-est", req, &b).ok());  // a retry
  EXPECT_EQ(a.response_id(), b.response_id());
  req.set_request_id("r2");  // the same respondent again
  EXPECT_EQ(Submit("operator", req).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(Count("eval_survey_responses"), 1);
  // The beneficiary's response is a personal-data write: audited, by digest only.
  EXPECT_EQ(Count("audit_log"), 1);
  auto tx = db_->db().Begin(storage::TxMode::kRead);
  ASSERT_OK(tx.status());
  auto rs = (*tx)->Query("SELECT respondent_digest FROM eval_survey_responses");
  ASSERT_OK(rs.status());
  EXPECT_EQ(rs->rows[0].Text(0).size(), 64u);
  EXPECT_EQ(rs->rows[0].Text(0).find("E1"), std::string::npos);

  v1::Survey pro;
  ASSERT_TRUE(CreateSurvey("admin", ValidSurvey("s2", v1::PROFESSIONALS), &pro).ok());
  v1::SubmitSurveyResponseRequest as_pro;
  as_pro.set_request_id("p1");
  as_pro.set_survey_id(pro.id());
  as_pro.set_beneficiary_id("E1");
  as_pro.add_scores(5);
  EXPECT_EQ(Fields(Submit("operator", as_pro)), (std::vector<std::string>{"beneficiary_id"}));
  as_pro.clear_beneficiary_id();
  EXPECT_TRUE(Submit("operator", as_pro).ok());
  as_pro.set_request_id("p2");
  EXPECT_EQ(Submit("operator", as_pro).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  as_pro.set_request_id("p3");
  EXPECT_TRUE(Submit("referent-est", as_pro).ok());  // another professional
}

TEST_F(ServiceTest, FeedLagUnknownTypesAndAPoisonedPayload) {
  // A type evaluation does not project: the checkpoint moves, nothing is written.
  v1::ExpectedBeneficiaryChanged any;
  feeds_.Publish("orientation", "orientation.appointment.booked", "apt-1", "E1", "TAD-EST",
                 absl::CivilDay(2024, 6, 1), any);
  const int64_t timeline = Count("eval_timeline");
  ASSERT_TRUE(ev_->WaitCaughtUp(feeds_));
  EXPECT_EQ(Count("eval_timeline"), timeline);

  grpc::ClientContext ctx;
  ev_->Authorize(ctx, "admin");
  v1::GetFeedLagResponse lag;
  ASSERT_TRUE(ev_->stub().GetFeedLag(&ctx, {}, &lag).ok());
  ASSERT_EQ(lag.feeds_size(), 4);
  for (const v1::FeedLag& f : lag.feeds()) {
    EXPECT_EQ(f.last_applied_sequence(), feeds_.Head(f.feed())) << f.feed();
    EXPECT_EQ(f.lag_events(), 0) << f.feed();
    EXPECT_EQ(f.error(), "") << f.feed();
  }

  // An entry without its entry date: orientation's consumer halts there and says so.
  v1::ExpectedBeneficiaryEntered broken;
  feeds_.Publish("orientation", "orientation.beneficiary.entered", "X1", "X1", "TAD-EST",
                 absl::CivilDay(2024, 7, 1), broken);
  feeds_.Entered("X2", "TAD-EST", absl::CivilDay(2024, 7, 2), true);
  feeds_.Contract("activated", "K-X", "E6", "TAD-EST", 1, absl::CivilDay(2024, 7, 3));
  ASSERT_TRUE(events::testutil::WaitUntil(
      [&] {
        for (const FeedStatus& s : ev_->parts().consumers().Status()) {
          if (s.feed == "orientation" && !s.error.empty()) return true;
        }
        return false;
      },
      absl::Seconds(20)));
  ASSERT_TRUE(events::testutil::WaitUntil(
      [&] {
        for (const FeedStatus& s : ev_->parts().consumers().Status()) {
          if (s.feed == "contracts") return s.last_applied_sequence == feeds_.Head("contracts");
        }
        return false;
      },
      absl::Seconds(20)));
  grpc::ClientContext ctx2;
  ev_->Authorize(ctx2, "steering");
  v1::GetFeedLagResponse halted;
  ASSERT_TRUE(ev_->stub().GetFeedLag(&ctx2, {}, &halted).ok());
  for (const v1::FeedLag& f : halted.feeds()) {
    if (f.feed() == "orientation") {
      EXPECT_NE(f.error().find("entry_date"), std::string::npos) << f.error();
      EXPECT_EQ(f.lag_events(), 2);  // the poisoned entry and X2, never skipped
    } else {
      EXPECT_EQ(f.error(), "") << f.feed();
    }
  }
}

}  // namespace
}  // namespace parcours::evaluation::testing
