// The gRPC face of the fraud service: each handler authorizes, validates (a bad request
// writes nothing), calls the importer, the scorer or the stores, and maps the result. The
// handlers are split by concern over service_ingest.cc, service_scoring.cc,
// service_cases.cc and service_statistics.cc; BuildService (build.h) wires them.
#ifndef PARCOURS_SERVICES_FRAUD_SERVICE_H_
#define PARCOURS_SERVICES_FRAUD_SERVICE_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/common/clock.h"
#include "libs/events/outbox.h"
#include "libs/storage/database.h"
#include "parcours/fraud/v1/fraud.grpc.pb.h"
#include "services/fraud/domain/fines.h"
#include "services/fraud/metrics.h"
#include "services/fraud/scoring/file_scorer.h"
#include "services/fraud/store/case_store.h"

namespace parcours::fraud {

struct ServiceDeps {
  storage::Database& db;
  events::Outbox& outbox;
  const auth::Authorizer& authorizer;
  audit::AuditLog& audit;
  const Clock& clock;
  FileScorer& scorer;
  FraudMetrics& metrics;
  const FinePolicy& fines;
};

class FraudService final : public v1::Fraud::Service {
 public:
  explicit FraudService(ServiceDeps deps) : d_(deps) {}

  grpc::Status ImportHouseholds(grpc::ServerContext* ctx,
                                grpc::ServerReader<v1::HouseholdRecord>* r,
                                v1::ImportSummary* resp) override;
  grpc::Status ImportDeclarations(grpc::ServerContext* ctx,
                                  grpc::ServerReader<v1::DeclarationRecord>* r,
                                  v1::ImportSummary* resp) override;
  grpc::Status ImportCrossChecks(grpc::ServerContext* ctx,
                                 grpc::ServerReader<v1::CrossCheckRecord>* r,
                                 v1::ImportSummary* resp) override;
  grpc::Status ImportReports(grpc::ServerContext* ctx,
                             grpc::ServerReader<v1::SocialWorkerReport>* r,
                             v1::ImportSummary* resp) override;

  grpc::Status GetHousehold(grpc::ServerContext* ctx, const v1::GetHouseholdRequest* req,
                            v1::HouseholdFile* resp) override;
  grpc::Status ScoreHousehold(grpc::ServerContext* ctx, const v1::ScoreHouseholdRequest* req,
                              v1::Score* resp) override;
  grpc::Status ListScores(grpc::ServerContext* ctx, const v1::ListScoresRequest* req,
                          v1::ListScoresResponse* resp) override;
  grpc::Status RunBatchScoring(grpc::ServerContext* ctx, const v1::RunBatchScoringRequest* req,
                               grpc::ServerWriter<v1::BatchProgress>* writer) override;
  grpc::Status RescoreDirty(grpc::ServerContext* ctx, const v1::RescoreDirtyRequest* req,
                            v1::RescoreDirtyResponse* resp) override;
  grpc::Status GetRuleSet(grpc::ServerContext* ctx, const v1::GetRuleSetRequest* req,
                          v1::RuleSet* resp) override;

  grpc::Status GetCase(grpc::ServerContext* ctx, const v1::GetCaseRequest* req,
                       v1::Case* resp) override;
  grpc::Status ListCases(grpc::ServerContext* ctx, const v1::ListCasesRequest* req,
                         v1::ListCasesResponse* resp) override;
  grpc::Status AssignCase(grpc::ServerContext* ctx, const v1::AssignCaseRequest* req,
                          v1::Case* resp) override;
  grpc::Status StartControl(grpc::ServerContext* ctx, const v1::StartControlRequest* req,
                            v1::Case* resp) override;
  grpc::Status RecordAnswer(grpc::ServerContext* ctx, const v1::RecordAnswerRequest* req,
                            v1::Case* resp) override;
  grpc::Status QualifyCase(grpc::ServerContext* ctx, const v1::QualifyCaseRequest* req,
                           v1::Case* resp) override;
  grpc::Status ImposeFine(grpc::ServerContext* ctx, const v1::ImposeFineRequest* req,
                          v1::Case* resp) override;
  grpc::Status RecordRecovery(grpc::ServerContext* ctx, const v1::RecordRecoveryRequest* req,
                              v1::Case* resp) override;
  grpc::Status CloseCase(grpc::ServerContext* ctx, const v1::CloseCaseRequest* req,
                         v1::Case* resp) override;

  grpc::Status GetStatistics(grpc::ServerContext* ctx, const v1::GetStatisticsRequest* req,
                             v1::Statistics* resp) override;

 private:
  // A change to one case: `change` checks the step and edits the case in memory (it may
  // return FAILED_PRECONDITION); the case is then written if its version is still the
  // etag's, audited and announced by `event_type`, all in one transaction.
  using CaseChange = std::function<absl::Status(ControlCase&, const auth::CallAuthorization&)>;
  absl::StatusOr<v1::Case> ChangeCase(const auth::CallAuthorization& call,
                                      const std::string& case_id, const std::string& etag,
                                      const std::string& event_type, const CaseChange& change);
  absl::StatusOr<v1::Case> LoadCase(storage::Transaction& tx, const std::string& case_id);
  void RefreshMetrics();

  ServiceDeps d_;
  CaseStore cases_;
};

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_SERVICE_H_
