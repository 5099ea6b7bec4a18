#include "services/evaluation/service.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "libs/common/status_macros.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "services/evaluation/csv_export.h"
#include "services/evaluation/proto_mapping.h"
#include "services/evaluation/request_validation.h"

namespace parcours::evaluation {
namespace {

using errors::ToGrpcStatus;

constexpr size_t kCsvChunkBytes = 64 * 1024;
constexpr int kMaxExportPages = 10000;  // 5 million offers: a bound, never reached

void CheckRequestId(const std::string& id, errors::FieldViolations& v) {
  if (id.empty() || id.size() > 64) v.Add("request_id", "is required (at most 64 characters)");
}

}  // namespace

EvaluationService::EvaluationService(Evaluator& evaluator, const auth::Authorizer& authorizer,
                                     audit::AuditLog& audit,
                                     std::function<std::vector<FeedStatus>()> feed_status)
    : evaluator_(evaluator),
      authorizer_(authorizer),
      audit_(audit),
      feed_status_(std::move(feed_status)) {}

absl::Status EvaluationService::Bilan(const v1::GetBilanRequest& req, const TerritoryScope& scope,
                                      const std::string& prefix, v1::Bilan& out) {
  ASSIGN_OR_RETURN(Period period, ParseBilanPeriod(req.year(), req.month(), prefix));
  if (!req.fiche().empty()) {
    bool known = false;
    for (const FicheDefinition& f : evaluator_.catalog().fiches)
      known = known || f.id == req.fiche();
    if (!known) return absl::NotFoundError(absl::StrCat("no fiche ", req.fiche()));
  }
  ASSIGN_OR_RETURN(BilanTable table, evaluator_.Bilan(period, req.fiche(), scope));
  out = ToProto(table, evaluator_.clock().Now());
  return absl::OkStatus();
}

absl::Status EvaluationService::Cohorts(const v1::ListCohortsRequest& req,
                                        const TerritoryScope& scope, const std::string& prefix,
                                        v1::ListCohortsResponse& out) {
  ASSIGN_OR_RETURN(auto range, ParseMonthRange(req.from_month(), req.to_month(), prefix));
  ASSIGN_OR_RETURN(std::vector<CohortFigures> rows,
                   evaluator_.Cohorts(range.first, range.second, scope));
  for (const CohortFigures& row : rows) *out.add_cohorts() = ToProto(row, evaluator_.secrecy());
  out.set_secrecy_k(evaluator_.secrecy().k());
  return absl::OkStatus();
}

absl::Status EvaluationService::Offers(const v1::ListOfferEvaluationsRequest& req,
                                       const TerritoryScope& scope, const std::string& prefix,
                                       v1::ListOfferEvaluationsResponse& out) {
  ASSIGN_OR_RETURN(OfferListing listing, ParseOfferQuery(req, prefix));
  ASSIGN_OR_RETURN(OfferPage page, evaluator_.Offers(listing.query, scope));
  for (const OfferStats& stats : page.offers) {
    *out.add_offers() = ToProto(EvaluateOffer(stats), evaluator_.secrecy());
  }
  if (page.more && !page.offers.empty()) {
    out.set_next_page_token(listing.page.NextToken(page.offers.back().offer_id));
  }
  out.set_secrecy_k(evaluator_.secrecy().k());
  return absl::OkStatus();
}

grpc::Status EvaluationService::GetBilan(grpc::ServerContext* ctx, const v1::GetBilanRequest* req,
                                         v1::Bilan* resp) {
  absl::StatusOr<auth::CallAuthorization> call = authorizer_.Authorize(ctx);
  if (!call.ok()) return ToGrpcStatus(call.status());
  return ToGrpcStatus(Bilan(*req, ScopeOf(call->principal), "", *resp));
}

grpc::Status EvaluationService::ListCohorts(grpc::ServerContext* ctx,
                                            const v1::ListCohortsRequest* req,
                                            v1::ListCohortsResponse* resp) {
  absl::StatusOr<auth::CallAuthorization> call = authorizer_.Authorize(ctx);
  if (!call.ok()) return ToGrpcStatus(call.status());
  return ToGrpcStatus(Cohorts(*req, ScopeOf(call->principal), "", *resp));
}

grpc::Status EvaluationService::ListOfferEvaluations(grpc::ServerContext* ctx,
                                                     const v1::ListOfferEvaluationsRequest* req,
                                                     v1::ListOfferEvaluationsResponse* resp) {
  absl::StatusOr<auth::CallAuthorization> call = authorizer_.Authorize(ctx);
  if (!call.ok()) return ToGrpcStatus(call.status());
  return ToGrpcStatus(Offers(*req, ScopeOf(call->principal), "", *resp));
}

grpc::Status EvaluationService::CreateSurvey(grpc::ServerContext* ctx,
                                             const v1::CreateSurveyRequest* req, v1::Survey* resp) {
  absl::StatusOr<auth::CallAuthorization> call = authorizer_.Authorize(ctx);
  if (!call.ok()) return ToGrpcStatus(call.status());
  SurveyDraft draft{
      .offer_id = req->survey().offer_id(),
      .audience = req->survey().audience() == v1::BENEFICIARIES   ? Audience::kBeneficiaries
                  : req->survey().audience() == v1::PROFESSIONALS ? Audience::kProfessionals
                                                                  : Audience::kUnspecified,
      .title = req->survey().title(),
      .questions = {req->survey().questions().begin(), req->survey().questions().end()},
      .invited_professionals = req->survey().invited_professionals()};
  errors::FieldViolations v = ValidateSurvey(draft);
  CheckRequestId(req->request_id(), v);
  if (!v.empty()) return ToGrpcStatus(v.ToStatus());
  absl::StatusOr<Survey> survey = evaluator_.CreateSurvey(req->request_id(), draft);
  if (!survey.ok()) return ToGrpcStatus(survey.status());
  *resp = ToProto(*survey);
  return grpc::Status::OK;
}

grpc::Status EvaluationService::SubmitSurveyResponse(grpc::ServerContext* ctx,
                                                     const v1::SubmitSurveyResponseRequest* req,
                                                     v1::SurveyResponseReceipt* resp) {
  absl::StatusOr<auth::CallAuthorization> call = authorizer_.Authorize(ctx);
  if (!call.ok()) return ToGrpcStatus(call.status());
  errors::FieldViolations v;
  CheckRequestId(req->request_id(), v);
  if (req->survey_id().empty()) v.Add("survey_id", "is required");
  if (!v.empty()) return ToGrpcStatus(v.ToStatus());
  absl::StatusOr<Survey> survey = evaluator_.GetSurvey(req->survey_id());
  if (!survey.ok()) return ToGrpcStatus(survey.status());
  const std::vector<int> scores(req->scores().begin(), req->scores().end());
  v = ValidateScores(scores, survey->draft.questions.size());
  const bool beneficiaries = survey->draft.audience == Audience::kBeneficiaries;
  if (beneficiaries && (req->beneficiary_id().empty() || req->beneficiary_id().size() > 64)) {
    v.Add("beneficiary_id", "is required for a beneficiaries survey (at most 64 characters)");
  }
  if (!beneficiaries && !req->beneficiary_id().empty()) {
    v.Add("beneficiary_id", "must be empty: a professional answers as themselves");
  }
  if (!v.empty()) return ToGrpcStatus(v.ToStatus());
  const std::string respondent = beneficiaries
                                     ? req->beneficiary_id()
                                     : absl::StrCat("professional:", call->principal.subject);
  absl::StatusOr<SurveyReceipt> receipt =
      evaluator_.Respond(req->request_id(), *survey, respondent, scores,
                         [&](storage::Transaction& tx, const SurveyReceipt& r) -> absl::Status {
                           if (!beneficiaries) return absl::OkStatus();
                           return audit_.Record(tx, *call, audit::AuditAction::kWrite,
                                                "survey_response", r.response_id);
                         });
  if (!receipt.ok()) return ToGrpcStatus(receipt.status());
  resp->set_survey_id(receipt->survey_id);
  resp->set_response_id(receipt->response_id);
  *resp->mutable_submit_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      absl::ToUnixMicros(receipt->submitted_at));
  return grpc::Status::OK;
}

grpc::Status EvaluationService::GetSurveyResults(grpc::ServerContext* ctx,
                                                 const v1::GetSurveyResultsRequest* req,
                                                 v1::SurveyResults* resp) {
  absl::StatusOr<auth::CallAuthorization> call = authorizer_.Authorize(ctx);
  if (!call.ok()) return ToGrpcStatus(call.status());
  if (req->survey_id().empty()) {
    return ToGrpcStatus(errors::InvalidField("survey_id", "is required"));
  }
  absl::StatusOr<Survey> survey = evaluator_.GetSurvey(req->survey_id());
  if (!survey.ok()) return ToGrpcStatus(survey.status());
  absl::StatusOr<SurveyStats> stats = evaluator_.SurveyResults(*survey);
  if (!stats.ok()) return ToGrpcStatus(stats.status());
  *resp = ToProto(*survey, SurveyResultsOf(*stats, survey->draft.questions.size()),
                  evaluator_.secrecy());
  return grpc::Status::OK;
}

grpc::Status EvaluationService::GetFeedLag(grpc::ServerContext* ctx, const v1::GetFeedLagRequest*,
                                           v1::GetFeedLagResponse* resp) {
  absl::StatusOr<auth::CallAuthorization> call = authorizer_.Authorize(ctx);
  if (!call.ok()) return ToGrpcStatus(call.status());
  for (const FeedStatus& s : feed_status_()) {
    v1::FeedLag* lag = resp->add_feeds();
    lag->set_feed(s.feed);
    lag->set_last_applied_sequence(s.last_applied_sequence);
    if (s.lag.has_value()) lag->set_lag_events(*s.lag);
    lag->set_error(s.error);
  }
  return grpc::Status::OK;
}

grpc::Status EvaluationService::ExportCsv(grpc::ServerContext* ctx, const v1::ExportCsvRequest* req,
                                          grpc::ServerWriter<v1::CsvChunk>* writer) {
  absl::StatusOr<auth::CallAuthorization> call = authorizer_.Authorize(ctx);
  if (!call.ok()) return ToGrpcStatus(call.status());
  const TerritoryScope scope = ScopeOf(call->principal);
  auto send = [&](const std::string& text) {
    for (const std::string& chunk : Chunks(text, kCsvChunkBytes)) {
      v1::CsvChunk c;
      c.set_data(chunk);
      if (!writer->Write(c)) return false;  // the client went away
    }
    return true;
  };
  switch (req->table()) {
    case v1::BILAN: {
      v1::Bilan bilan;
      if (absl::Status s = Bilan(req->bilan(), scope, "bilan.", bilan); !s.ok()) {
        return ToGrpcStatus(s);
      }
      send(BilanCsv(bilan));
      return grpc::Status::OK;
    }
    case v1::COHORTS: {
      v1::ListCohortsResponse cohorts;
      if (absl::Status s = Cohorts(req->cohorts(), scope, "cohorts.", cohorts); !s.ok()) {
        return ToGrpcStatus(s);
      }
      send(CohortsCsv(cohorts));
      return grpc::Status::OK;
    }
    case v1::OFFERS: {
      v1::ListOfferEvaluationsRequest page_request = req->offers();
      page_request.set_page_size(kMaxPageSize);
      page_request.clear_page_token();
      for (int page = 0; page < kMaxExportPages; ++page) {
        v1::ListOfferEvaluationsResponse offers;
        if (absl::Status s = Offers(page_request, scope, "offers.", offers); !s.ok()) {
          return ToGrpcStatus(s);
        }
        if (!send(OffersCsv(offers, page == 0))) return grpc::Status::OK;
        if (offers.next_page_token().empty()) return grpc::Status::OK;
        page_request.set_page_token(offers.next_page_token());
      }
      return grpc::Status::OK;
    }
    default:
      return ToGrpcStatus(errors::InvalidField("table", "must be BILAN, COHORTS or OFFERS"));
  }
}

}  // namespace parcours::evaluation
