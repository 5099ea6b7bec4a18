#include "libs/audit/audit_service.h"

#include "absl/strings/numbers.h"
#include "google/protobuf/util/time_util.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"

namespace parcours::audit {
namespace {

absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

google::protobuf::Timestamp ToProto(absl::Time t) {
  google::protobuf::Timestamp out;
  const int64_t us = absl::ToUnixMicros(t);
  out.set_seconds(us / 1000000);
  out.set_nanos(static_cast<int32_t>((us % 1000000) * 1000));
  return out;
}

}  // namespace

void AllowAuditReaders(auth::AuthorizationPolicy& policy) {
  policy.Allow("/parcours.audit.v1.AuditLog/ListAuditRecords", {auth::kDpo});
}

grpc::Status AuditLogService::ListAuditRecords(grpc::ServerContext* context,
                                               const v1::ListAuditRecordsRequest* request,
                                               v1::ListAuditRecordsResponse* response) {
  absl::StatusOr<auth::CallAuthorization> call = authorizer_.Authorize(context);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());

  errors::FieldViolations violations;
  AuditQuery query;
  query.subject = request->subject();
  query.record_type = request->record_type();
  query.record_id = request->record_id();
  if (request->has_from()) query.from = FromProto(request->from());
  if (request->has_to()) query.to = FromProto(request->to());
  if (request->page_size() < 0) violations.Add("page_size", "must be >= 0");
  query.limit = request->page_size() == 0 ? 100 : std::min(request->page_size(), 1000);
  if (!request->page_token().empty() &&
      !absl::SimpleAtoi(request->page_token(), &query.after_sequence)) {
    violations.Add("page_token", "is not a token this service returned");
  }
  if (absl::Status s = violations.ToStatus(); !s.ok()) return errors::ToGrpcStatus(s);

  absl::StatusOr<std::vector<AuditEntry>> entries = log_.List(query);
  if (!entries.ok()) return errors::ToGrpcStatus(entries.status());
  for (const AuditEntry& e : *entries) {
    v1::AuditRecord* r = response->add_records();
    r->set_sequence(e.sequence);
    *r->mutable_at() = ToProto(e.at);
    r->set_subject(e.subject);
    for (const std::string& role : e.roles) r->add_roles(role);
    r->set_method(e.method);
    r->set_action(e.action);
    r->set_record_type(e.record_type);
    r->set_record_id(e.record_id);
    r->set_purpose(e.purpose);
  }
  if (static_cast<int>(entries->size()) == query.limit && !entries->empty()) {
    response->set_next_page_token(std::to_string(entries->back().sequence));
  }
  return grpc::Status::OK;
}

}  // namespace parcours::audit
