// Aggregates: control statistics per year and territory.
#include "libs/common/status_macros.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "services/fraud/proto_mapping.h"
#include "services/fraud/service.h"
#include "services/fraud/store/statistics_store.h"

namespace parcours::fraud {

grpc::Status FraudService::GetStatistics(grpc::ServerContext* ctx,
                                         const v1::GetStatisticsRequest* req,
                                         v1::Statistics* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  errors::FieldViolations v;
  if (req->year() < 2000 || req->year() > 2100) v.Add("year", "must be in 2000..2100");
  if (req->tad().size() > 32) v.Add("tad", "a TAD code");
  if (!v.empty()) return errors::ToGrpcStatus(v.ToStatus());
  absl::Status s = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(auto tx, d_.db.Begin(storage::TxMode::kRead));
    ASSIGN_OR_RETURN(FraudStatistics stats,
                     StatisticsStore().Compute(*tx, req->year(), req->tad()));
    *resp = ToProtoStatistics(stats);
    return absl::OkStatus();
  }();
  return errors::ToGrpcStatus(s);
}

}  // namespace parcours::fraud
