// ContractsService: the shared plumbing of every handler (authorization, actor, audit).
#include "services/contracts/service.h"

#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "services/contracts/authorization.h"
#include "services/contracts/proto_dates.h"

namespace parcours::contracts {

grpc::Status ContractsService::Run(
    Ctx* ctx, const std::function<absl::Status(const auth::CallAuthorization&)>& fn) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  return errors::ToGrpcStatus(fn(*call));
}

Actor ContractsService::ActorFor(const auth::CallAuthorization& call, const char* record_type) {
  Actor a;
  a.subject = call.principal.subject;
  a.is_person = IsPerson(call.principal);
  a.visibility = VisibilityOf(call);
  audit::AuditLog* audit = &d_.audit;
  a.audit = [audit, call, record_type](storage::Transaction& tx, const std::string& id) {
    return audit->Record(tx, call, audit::AuditAction::kWrite, record_type, id);
  };
  return a;
}

absl::Status ContractsService::AuditRead(const auth::CallAuthorization& call,
                                         const char* record_type, const std::string& id) {
  return d_.audit.Record(call, audit::AuditAction::kRead, record_type, id);
}

absl::CivilDay ContractsService::DayOr(const parcours::common::v1::Date& d, const char* field,
                                       absl::Status* s) {
  bool valid = true;
  std::optional<absl::CivilDay> day = FromProtoDate(d, &valid);
  if (!valid) *s = errors::InvalidField(field, "not a valid date");
  return day.value_or(d_.clock.Today());
}

}  // namespace parcours::contracts
