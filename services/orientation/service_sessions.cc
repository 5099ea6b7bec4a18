// Handlers: information sessions, convening and attendance.
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/log/log.h"
#include "libs/paging/page_token.h"
#include "services/orientation/proto_mapping.h"
#include "services/orientation/service.h"
#include "services/orientation/service_helpers.h"

namespace parcours::orientation {

grpc::Status OrientationService::CreateInformationSession(
    grpc::ServerContext* ctx, const v1::CreateInformationSessionRequest* req,
    v1::InformationSession* resp) {
  return Run(ctx, {"session", ""}, [&](const Caller& caller) -> absl::Status {
    errors::FieldViolations v;
    CheckRequestId(req->request_id(), v);
    const pb::InformationSession& s = req->session();
    const std::optional<std::string> tad = d_.territories->TadOfMds(s.mds());
    if (!tad) v.Add("session.mds", "unknown MDS");
    if (!s.has_starts_at()) {
      v.Add("session.starts_at", "required");
    } else if (FromTimestamp(s.starts_at()) <= d_.clock->Now()) {
      v.Add("session.starts_at", "must be in the future");
    }
    if (s.capacity() < 1 || s.capacity() > 500) v.Add("session.capacity", "must be 1 to 500");
    CheckText(s.location(), "session.location", false, 200, v);
    RETURN_IF_ERROR(v.ToStatus());
    RETURN_IF_ERROR(CheckCovers(caller, *tad, s.mds()));
    InformationSession session;
    session.mds = s.mds();
    session.tad = *tad;
    session.starts_at = FromTimestamp(s.starts_at());
    session.capacity = s.capacity();
    session.location = s.location();
    ASSIGN_OR_RETURN(InformationSession created,
                     d_.store->CreateSession(req->request_id(), session));
    ToProto(created, resp);
    return absl::OkStatus();
  });
}

grpc::Status OrientationService::ListInformationSessions(
    grpc::ServerContext* ctx, const v1::ListInformationSessionsRequest* req,
    v1::ListInformationSessionsResponse* resp) {
  return Run(ctx, {"session", ""}, [&](const Caller& caller) -> absl::Status {
    errors::FieldViolations v;
    if (!req->tad().empty() && !d_.territories->HasTad(req->tad())) v.Add("tad", "unknown TAD");
    if (!req->mds().empty() && !d_.territories->TadOfMds(req->mds())) v.Add("mds", "unknown MDS");
    const paging::Page requested = paging::Page::Read(*req, v);
    RETURN_IF_ERROR(v.ToStatus());
    const PageRequest page{requested.size(), requested.after_key()};
    SessionFilter filter{req->tad(), req->mds(), std::nullopt};
    if (req->has_starts_after()) filter.starts_after = FromTimestamp(req->starts_after());
    ASSIGN_OR_RETURN(Page<InformationSession> result,
                     d_.store->ListSessions(filter, caller.scope, page));
    for (const InformationSession& s : result.items) ToProto(s, resp->add_sessions());
    if (!result.next.empty()) resp->set_next_page_token(requested.NextToken(result.next));
    return absl::OkStatus();
  });
}

grpc::Status OrientationService::ConveneEntrants(grpc::ServerContext* ctx,
                                                 const v1::ConveneEntrantsRequest* req,
                                                 v1::ConveneEntrantsResponse* resp) {
  return Run(ctx, {"session", ""}, [&](const Caller& caller) -> absl::Status {
    errors::FieldViolations v;
    if (!d_.territories->HasTad(req->tad())) v.Add("tad", "unknown TAD");
    if (req->max_count() < 1 || req->max_count() > 1000) v.Add("max_count", "must be 1 to 1000");
    RETURN_IF_ERROR(v.ToStatus());
    RETURN_IF_ERROR(CheckCovers(caller, req->tad(), ""));
    ASSIGN_OR_RETURN(ConveneResult result,
                     d_.store->Convene(req->tad(), req->max_count(), d_.clock->Now()));
    for (const Convocation& c : result.convocations) ToProto(c, resp->add_convocations());
    resp->set_still_waiting(static_cast<int32_t>(result.still_waiting));
    log::Info("entrants convened", {{"tad", req->tad()},
                                    {"convened", static_cast<int64_t>(result.convocations.size())},
                                    {"still_waiting", result.still_waiting}});
    return absl::OkStatus();
  });
}

grpc::Status OrientationService::RecordAttendance(grpc::ServerContext* ctx,
                                                  const v1::RecordAttendanceRequest* req,
                                                  v1::Convocation* resp) {
  return Run(ctx, {"convocation", req->convocation_id()},
             [&](const Caller& caller) -> absl::Status {
               errors::FieldViolations v;
               CheckId(req->convocation_id(), "cnv", "convocation_id", v);
               const int64_t version = ParseEtag(req->etag(), "etag", v);
               const auto a = req->attendance();
               if (a != pb::ATTENDED && a != pb::NO_SHOW && a != pb::EXCUSED) {
                 v.Add("attendance", "must be ATTENDED, NO_SHOW or EXCUSED");
               }
               RETURN_IF_ERROR(v.ToStatus());
               ASSIGN_OR_RETURN(AttendanceResult result,
                                d_.store->RecordAttendance(
                                    req->convocation_id(), version, EnumCast<Attendance>(a),
                                    d_.settings.no_show_threshold, caller.scope, d_.clock->Now()));
               if (result.repeated_no_show_reported) {
                 log::Info("repeated no-show reported",
                           {{"beneficiary_id", result.convocation.beneficiary_id}});
               }
               ToProto(result.convocation, resp);
               return absl::OkStatus();
             });
}

grpc::Status OrientationService::ListConvocations(grpc::ServerContext* ctx,
                                                  const v1::ListConvocationsRequest* req,
                                                  v1::ListConvocationsResponse* resp) {
  return Run(ctx, {"beneficiary", req->beneficiary_id()},
             [&](const Caller& caller) -> absl::Status {
               errors::FieldViolations v;
               if (req->beneficiary_id().empty() == req->session_id().empty()) {
                 v.Add("beneficiary_id", "give exactly one of beneficiary_id and session_id");
               } else if (!req->beneficiary_id().empty()) {
                 CheckId(req->beneficiary_id(), "ben", "beneficiary_id", v);
               } else {
                 CheckId(req->session_id(), "ses", "session_id", v);
               }
               const paging::Page requested = paging::Page::Read(*req, v);
               RETURN_IF_ERROR(v.ToStatus());
               const PageRequest page{requested.size(), requested.after_key()};
               ASSIGN_OR_RETURN(Page<Convocation> result,
                                d_.store->ListConvocations(req->beneficiary_id(), req->session_id(),
                                                           caller.scope, page));
               for (const Convocation& c : result.items) ToProto(c, resp->add_convocations());
               if (!result.next.empty()) resp->set_next_page_token(requested.NextToken(result.next));
               return absl::OkStatus();
             });
}

}  // namespace parcours::orientation
