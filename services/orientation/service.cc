// The handler skeleton (authorize → body → audit → status) and the shared validators.
// The handlers themselves are in service_*.cc, one file per area.
#include "services/orientation/service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/ids.h"
#include "libs/errors/grpc_status.h"
#include "libs/log/log.h"
#include "services/orientation/service_helpers.h"

namespace parcours::orientation {

void CheckId(const std::string& id, const char* prefix, const std::string& field,
             errors::FieldViolations& v) {
  if (id.empty()) {
    v.Add(field, "required");
  } else if (!IsWellFormedId(id, prefix)) {
    v.Add(field, absl::StrCat("not a ", prefix, "_ id"));
  }
}

int64_t ParseEtag(const std::string& etag, const std::string& field, errors::FieldViolations& v) {
  int64_t version = 0;
  if (etag.empty()) {
    v.Add(field, "required (the etag of the version read)");
    return -1;
  }
  if (!absl::SimpleAtoi(etag, &version) || version < 1) {
    v.Add(field, "not an etag this service returned");
    return -1;
  }
  return version;
}

void CheckRequestId(const std::string& request_id, errors::FieldViolations& v) {
  if (request_id.empty()) {
    v.Add("request_id", "required (makes retries idempotent)");
  } else if (request_id.size() > 64) {
    v.Add("request_id", "at most 64 characters");
  }
}

void CheckText(const std::string& text, const std::string& field, bool required, size_t max,
               errors::FieldViolations& v) {
  if (required && text.empty()) {
    v.Add(field, "required");
  } else if (text.size() > max) {
    v.Add(field, absl::StrCat("at most ", max, " bytes"));
  }
}

namespace {

// Reads are the methods that change nothing; everything else is audited as a write.
audit::AuditAction ActionOf(const std::string& method) {
  const std::string name = method.substr(method.rfind('/') + 1);
  for (const char* prefix : {"Get", "List", "Suggest"}) {
    if (name.rfind(prefix, 0) == 0) return audit::AuditAction::kRead;
  }
  return audit::AuditAction::kWrite;
}

}  // namespace

grpc::Status OrientationService::Run(grpc::ServerContext* ctx, const AuditedRecord& record,
                                     const std::function<absl::Status(const Caller&)>& body) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer->Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  Caller caller{*call, AccessScope::All()};
  if (call->rule.scope == auth::Scope::kOwnTerritory && !call->principal.AllTerritories()) {
    caller.scope = AccessScope::Of(call->principal.territories);
  }
  const absl::Status status = body(caller);
  if (call->rule.personal_data == auth::PersonalData::kYes) {
    // Attempts are audited too: a refused read of someone's file is worth knowing.
    absl::Status audited = d_.audit->Record(*call, ActionOf(call->method), record.type, record.id);
    if (!audited.ok()) {
      log::Error("audit write failed", {{"method", call->method}, {"error", audited.ToString()}});
      if (status.ok()) return errors::ToGrpcStatus(absl::UnavailableError("audit log unavailable"));
    }
  }
  if (!status.ok() && status.code() == absl::StatusCode::kInternal) {
    log::Error("internal error", {{"method", call->method}, {"error", status.ToString()}});
  }
  return errors::ToGrpcStatus(status);
}

absl::Status OrientationService::CheckCovers(const Caller& caller, const std::string& tad,
                                             const std::string& mds) {
  if (caller.scope.all) return absl::OkStatus();
  for (const std::string& t : caller.scope.territories) {
    if (t == tad || t == mds) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat(caller.call.principal.subject, " may not act on territory ", tad));
}

absl::CivilDay OrientationService::NotOrientedBefore() const {
  return d_.clock->Today() - d_.settings.not_oriented_after_days;
}

absl::Status OrientationService::RefreshQueueGauges() {
  absl::StatusOr<std::vector<QueueCount>> counts =
      d_.store->QueueCounts("", AccessScope::All(), NotOrientedBefore());
  if (!counts.ok()) return counts.status();
  d_.metrics->SetQueueCounts(*counts);
  return absl::OkStatus();
}

}  // namespace parcours::orientation
