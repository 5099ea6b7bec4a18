// The gRPC handlers of parcours.evaluation.v1.Evaluation: authorise, validate the request
// (INVALID_ARGUMENT naming each field, before anything is read or written), restrict to
// the caller's territories, call the Evaluator, map to protos. Nothing else.
#ifndef PARCOURS_SERVICES_EVALUATION_SERVICE_H_
#define PARCOURS_SERVICES_EVALUATION_SERVICE_H_

#include <functional>
#include <vector>

#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "parcours/evaluation/v1/evaluation.grpc.pb.h"
#include "services/evaluation/evaluator.h"
#include "services/evaluation/projection/feed_consumers.h"

namespace parcours::evaluation {

class EvaluationService final : public v1::Evaluation::Service {
 public:
  // `feed_status` reports the consumers (FeedConsumers::Status).
  EvaluationService(Evaluator& evaluator, const auth::Authorizer& authorizer,
                    audit::AuditLog& audit, std::function<std::vector<FeedStatus>()> feed_status);

  grpc::Status GetBilan(grpc::ServerContext* ctx, const v1::GetBilanRequest* req,
                        v1::Bilan* resp) override;
  grpc::Status ListCohorts(grpc::ServerContext* ctx, const v1::ListCohortsRequest* req,
                           v1::ListCohortsResponse* resp) override;
  grpc::Status ListOfferEvaluations(grpc::ServerContext* ctx,
                                    const v1::ListOfferEvaluationsRequest* req,
                                    v1::ListOfferEvaluationsResponse* resp) override;
  grpc::Status CreateSurvey(grpc::ServerContext* ctx, const v1::CreateSurveyRequest* req,
                            v1::Survey* resp) override;
  grpc::Status SubmitSurveyResponse(grpc::ServerContext* ctx,
                                    const v1::SubmitSurveyResponseRequest* req,
                                    v1::SurveyResponseReceipt* resp) override;
  grpc::Status GetSurveyResults(grpc::ServerContext* ctx, const v1::GetSurveyResultsRequest* req,
                                v1::SurveyResults* resp) override;
  grpc::Status GetFeedLag(grpc::ServerContext* ctx, const v1::GetFeedLagRequest* req,
                          v1::GetFeedLagResponse* resp) override;
  grpc::Status ExportCsv(grpc::ServerContext* ctx, const v1::ExportCsvRequest* req,
                         grpc::ServerWriter<v1::CsvChunk>* writer) override;

 private:
  absl::Status Bilan(const v1::GetBilanRequest& req, const TerritoryScope& scope,
                     const std::string& field_prefix, v1::Bilan& out);
  absl::Status Cohorts(const v1::ListCohortsRequest& req, const TerritoryScope& scope,
                       const std::string& field_prefix, v1::ListCohortsResponse& out);
  absl::Status Offers(const v1::ListOfferEvaluationsRequest& req, const TerritoryScope& scope,
                      const std::string& field_prefix, v1::ListOfferEvaluationsResponse& out);

  Evaluator& evaluator_;
  const auth::Authorizer& authorizer_;
  audit::AuditLog& audit_;
  std::function<std::vector<FeedStatus>()> feed_status_;
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_SERVICE_H_
