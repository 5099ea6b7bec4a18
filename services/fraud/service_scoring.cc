// File and score handlers: GetHousehold, ScoreHousehold, ListScores, RunBatchScoring,
// RescoreDirty, GetRuleSet.
#include "libs/common/status_macros.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "libs/paging/page_token.h"
#include "services/fraud/authorization.h"
#include "services/fraud/proto_mapping.h"
#include "services/fraud/service.h"
#include "services/fraud/store/file_store.h"
#include "services/fraud/store/scoring_store.h"

namespace parcours::fraud {
namespace {

absl::Status RequireId(const std::string& field, const std::string& id) {
  if (id.empty() || id.size() > 64) return errors::InvalidField(field, "an id is required");
  return absl::OkStatus();
}

}  // namespace

grpc::Status FraudService::GetHousehold(grpc::ServerContext* ctx,
                                        const v1::GetHouseholdRequest* req,
                                        v1::HouseholdFile* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  if (absl::Status s = RequireId("household_id", req->household_id()); !s.ok()) {
    return errors::ToGrpcStatus(s);
  }
  absl::Status s = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(auto tx, d_.db.Begin(storage::TxMode::kRead));
    FileStore files;
    ScoringStore scores;
    ASSIGN_OR_RETURN(std::optional<HouseholdFile> file,
                     files.GetHousehold(*tx, req->household_id()));
    if (!file.has_value()) return absl::NotFoundError("no household " + req->household_id());
    if (!InScope(*call, file->tad)) {
      return absl::PermissionDeniedError("this file is outside your territories");
    }
    resp->set_household_id(file->id);
    *resp->mutable_record() = ToHouseholdRecord(*file);
    ASSIGN_OR_RETURN(auto declarations, files.ListDeclarations(*tx, file->id));
    for (const auto& d : declarations)
      *resp->add_declarations() = ToDeclarationRecord(file->caf_number, d);
    ASSIGN_OR_RETURN(auto checks, files.ListCrossChecks(*tx, file->id));
    for (const auto& c : checks)
      *resp->add_cross_checks() = ToCrossCheckRecord(file->caf_number, c);
    ASSIGN_OR_RETURN(auto score, scores.GetScore(*tx, file->id));
    if (score.has_value()) {
      *resp->mutable_latest_score() =
          ToProtoScore(file->id, score->result, score->rule_set_version, score->scored_at);
    }
    ASSIGN_OR_RETURN(std::string open_case, cases_.OpenCaseOf(*tx, file->id));
    resp->set_open_case_id(open_case);
    tx.reset();
    return d_.audit.Record(*call, audit::AuditAction::kRead, "household", file->id);
  }();
  if (!s.ok()) {
    resp->Clear();
    return errors::ToGrpcStatus(s);
  }
  return grpc::Status::OK;
}

grpc::Status FraudService::ScoreHousehold(grpc::ServerContext* ctx,
                                          const v1::ScoreHouseholdRequest* req, v1::Score* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  if (absl::Status s = RequireId("household_id", req->household_id()); !s.ok()) {
    return errors::ToGrpcStatus(s);
  }
  absl::Status s = [&]() -> absl::Status {
    {
      ASSIGN_OR_RETURN(auto tx, d_.db.Begin(storage::TxMode::kRead));
      ASSIGN_OR_RETURN(std::optional<HouseholdFile> file,
                       FileStore().GetHousehold(*tx, req->household_id()));
      if (!file.has_value()) return absl::NotFoundError("no household " + req->household_id());
      if (!InScope(*call, file->tad)) {
        return absl::PermissionDeniedError("this file is outside your territories");
      }
    }
    const absl::Time at = d_.clock.Now();
    ASSIGN_OR_RETURN(ScoreResult result, d_.scorer.ScoreOne(req->household_id()));
    *resp = ToProtoScore(req->household_id(), result, d_.scorer.rules().version, at);
    return d_.audit.Record(*call, audit::AuditAction::kRead, "household", req->household_id());
  }();
  return errors::ToGrpcStatus(s);
}

grpc::Status FraudService::ListScores(grpc::ServerContext* ctx, const v1::ListScoresRequest* req,
                                      v1::ListScoresResponse* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  errors::FieldViolations v;
  if (req->min_score() < 0) v.Add("min_score", "must be >= 0");
  const paging::Page page = paging::Page::Read(*req, v);
  if (!v.empty()) return errors::ToGrpcStatus(v.ToStatus());
  std::optional<std::pair<int, std::string>> after;
  if (page.after().has_value()) {
    after = std::make_pair(static_cast<int>(page.after()->score), page.after()->key);
  }
  const int limit = page.size();
  absl::Status s = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(auto tx, d_.db.Begin(storage::TxMode::kRead));
    ASSIGN_OR_RETURN(auto scores, ScoringStore().ListScores(*tx, req->min_score(), after, limit,
                                                            ScopeTerritories(*call)));
    tx.reset();
    ASSIGN_OR_RETURN(auto audit_tx, d_.db.Begin(storage::TxMode::kWrite));
    for (const auto& sc : scores) {
      *resp->add_scores() =
          ToProtoScore(sc.household_id, sc.result, sc.rule_set_version, sc.scored_at);
      RETURN_IF_ERROR(d_.audit.Record(*audit_tx, *call, audit::AuditAction::kRead, "household",
                                      sc.household_id));
    }
    RETURN_IF_ERROR(audit_tx->Commit());
    if (static_cast<int>(scores.size()) == limit) {
      resp->set_next_page_token(page.NextToken({scores.back().score, scores.back().household_id}));
    }
    return absl::OkStatus();
  }();
  if (!s.ok()) {
    resp->Clear();
    return errors::ToGrpcStatus(s);
  }
  return grpc::Status::OK;
}

grpc::Status FraudService::RunBatchScoring(grpc::ServerContext* ctx,
                                           const v1::RunBatchScoringRequest* req,
                                           grpc::ServerWriter<v1::BatchProgress>* writer) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  if (req->chunk_size() < 0 || req->chunk_size() > 20000) {
    return errors::ToGrpcStatus(errors::InvalidField("chunk_size", "must be in 0..20000"));
  }
  const int chunk = req->chunk_size() == 0 ? 2000 : req->chunk_size();
  absl::Status s = d_.scorer.ScoreAll(chunk, [&](const BatchProgress& p) {
    if (ctx->IsCancelled()) return false;
    return writer->Write(ToProtoProgress(p, d_.scorer.rules().version));
  });
  return errors::ToGrpcStatus(s);
}

grpc::Status FraudService::RescoreDirty(grpc::ServerContext* ctx,
                                        const v1::RescoreDirtyRequest* req,
                                        v1::RescoreDirtyResponse* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  if (req->limit() < 0 || req->limit() > 100000) {
    return errors::ToGrpcStatus(errors::InvalidField("limit", "must be in 0..100000"));
  }
  absl::StatusOr<BatchProgress> p =
      d_.scorer.RescoreDirty(req->limit() == 0 ? 10000 : req->limit());
  if (!p.ok()) return errors::ToGrpcStatus(p.status());
  resp->set_files_scored(p->files_scored);
  resp->set_cases_opened(p->cases_opened);
  return grpc::Status::OK;
}

grpc::Status FraudService::GetRuleSet(grpc::ServerContext* ctx, const v1::GetRuleSetRequest*,
                                      v1::RuleSet* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  *resp = ToProtoRuleSet(d_.scorer.rules());
  return grpc::Status::OK;
}

}  // namespace parcours::fraud
