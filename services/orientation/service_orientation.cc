// Handlers: suggestion, decision, reorientation and history.
#include "absl/strings/str_cat.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "services/orientation/domain/orientation_decision.h"
#include "services/orientation/proto_mapping.h"
#include "services/orientation/service.h"
#include "services/orientation/service_helpers.h"

namespace parcours::orientation {
namespace {

bool IsOrientationType(int t) {
  return t != pb::ORIENTATION_TYPE_UNSPECIFIED && pb::OrientationType_IsValid(t);
}

absl::Status NeedsDiagnostic(const Beneficiary& b) {
  if (b.diagnostic.assessed_at.has_value()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "no socio-professional diagnostic yet: record it (UpdateBeneficiary, path \"diagnostic\") "
      "before orienting");
}

}  // namespace

grpc::Status OrientationService::SuggestOrientation(grpc::ServerContext* ctx,
                                                    const v1::SuggestOrientationRequest* req,
                                                    v1::OrientationSuggestion* resp) {
  return Run(ctx, {"beneficiary", req->beneficiary_id()},
             [&](const Caller& caller) -> absl::Status {
               errors::FieldViolations v;
               CheckId(req->beneficiary_id(), "ben", "beneficiary_id", v);
               RETURN_IF_ERROR(v.ToStatus());
               ASSIGN_OR_RETURN(Beneficiary b,
                                d_.store->GetBeneficiary(req->beneficiary_id(), caller.scope));
               RETURN_IF_ERROR(NeedsDiagnostic(b));
               ToProto(d_.rules->Suggest(FactsOf(b, d_.clock->Today())), resp);
               return absl::OkStatus();
             });
}

grpc::Status OrientationService::DecideOrientation(grpc::ServerContext* ctx,
                                                   const v1::DecideOrientationRequest* req,
                                                   v1::OrientationDecision* resp) {
  return Run(ctx, {"beneficiary", req->beneficiary_id()},
             [&](const Caller& caller) -> absl::Status {
               errors::FieldViolations v;
               CheckRequestId(req->request_id(), v);
               CheckId(req->beneficiary_id(), "ben", "beneficiary_id", v);
               const int64_t version = ParseEtag(req->beneficiary_etag(), "beneficiary_etag", v);
               if (!IsOrientationType(req->type()))
                 v.Add("type", "must be PROFESSIONAL, SOCIO_PROFESSIONAL or SOCIAL");
               CheckId(req->referent_id(), "ref", "referent_id", v);
               CheckText(req->comment(), "comment", false, 2000, v);
               RETURN_IF_ERROR(v.ToStatus());
               const absl::Time now = d_.clock->Now();
               std::optional<absl::CivilDay> entry_date;  // set when this call made the decision
               auto build = [&](const Beneficiary& b,
                                const Referent& r) -> absl::StatusOr<OrientationDecision> {
                 RETURN_IF_ERROR(NeedsDiagnostic(b));
                 entry_date = b.entry_date;
                 return MakeDecision({b, r, EnumCast<OrientationType>(req->type()), req->comment(),
                                      d_.rules->Suggest(FactsOf(b, d_.clock->Today())),
                                      caller.call.principal.subject, now, NewId("ori", now)});
               };
               ASSIGN_OR_RETURN(
                   OrientationDecision d,
                   d_.store->DecideOrientation(req->request_id(), req->beneficiary_id(), version,
                                               req->referent_id(), caller.scope, build));
               if (entry_date)
                 d_.metrics->ObserveDecisionDelay(DelayDays(*entry_date, d.decided_at));
               ToProto(d, resp);
               return absl::OkStatus();
             });
}

grpc::Status OrientationService::RequestReorientation(grpc::ServerContext* ctx,
                                                      const v1::RequestReorientationRequest* req,
                                                      v1::ReorientationRequest* resp) {
  return Run(ctx, {"beneficiary", req->beneficiary_id()},
             [&](const Caller& caller) -> absl::Status {
               errors::FieldViolations v;
               CheckRequestId(req->request_id(), v);
               CheckId(req->beneficiary_id(), "ben", "beneficiary_id", v);
               if (!IsOrientationType(req->requested_type())) {
                 v.Add("requested_type", "must be PROFESSIONAL, SOCIO_PROFESSIONAL or SOCIAL");
               }
               CheckText(req->reason(), "reason", true, 2000, v);
               RETURN_IF_ERROR(v.ToStatus());
               ReorientationRequest q;
               q.beneficiary_id = req->beneficiary_id();
               q.requested_type = EnumCast<OrientationType>(req->requested_type());
               q.reason = req->reason();
               q.requested_by = caller.call.principal.subject;
               q.create_time = d_.clock->Now();
               ASSIGN_OR_RETURN(ReorientationRequest created,
                                d_.store->RequestReorientation(req->request_id(), q, caller.scope));
               ToProto(created, resp);
               return absl::OkStatus();
             });
}

grpc::Status OrientationService::DecideReorientation(grpc::ServerContext* ctx,
                                                     const v1::DecideReorientationRequest* req,
                                                     v1::DecideReorientationResponse* resp) {
  return Run(
      ctx, {"reorientation_request", req->reorientation_id()},
      [&](const Caller& caller) -> absl::Status {
        errors::FieldViolations v;
        CheckId(req->reorientation_id(), "reo", "reorientation_id", v);
        const int64_t version = ParseEtag(req->etag(), "etag", v);
        CheckText(req->decision_reason(), "decision_reason", true, 2000, v);
        if (req->accept()) {
          if (!IsOrientationType(req->type())) v.Add("type", "required when accepting");
          CheckId(req->referent_id(), "ref", "referent_id", v);
        }
        RETURN_IF_ERROR(v.ToStatus());
        const absl::Time now = d_.clock->Now();
        auto build = [&](const Beneficiary& b,
                         const Referent& r) -> absl::StatusOr<OrientationDecision> {
          RETURN_IF_ERROR(NeedsDiagnostic(b));
          return MakeDecision({b, r, EnumCast<OrientationType>(req->type()), req->decision_reason(),
                               d_.rules->Suggest(FactsOf(b, d_.clock->Today())),
                               caller.call.principal.subject, now, NewId("ori", now),
                               DecisionKind::kReorientation, req->reorientation_id()});
        };
        ASSIGN_OR_RETURN(auto result, d_.store->DecideReorientation(
                                          req->reorientation_id(), version, req->accept(),
                                          caller.call.principal.subject, req->decision_reason(),
                                          req->referent_id(), caller.scope, build, now));
        ToProto(result.first, resp->mutable_reorientation());
        if (result.second) ToProto(*result.second, resp->mutable_decision());
        return absl::OkStatus();
      });
}

grpc::Status OrientationService::GetOrientationHistory(grpc::ServerContext* ctx,
                                                       const v1::GetOrientationHistoryRequest* req,
                                                       v1::OrientationHistory* resp) {
  return Run(
      ctx, {"beneficiary", req->beneficiary_id()}, [&](const Caller& caller) -> absl::Status {
        errors::FieldViolations v;
        CheckId(req->beneficiary_id(), "ben", "beneficiary_id", v);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(auto history,
                         d_.store->GetOrientationHistory(req->beneficiary_id(), caller.scope));
        for (const OrientationDecision& d : history.first) ToProto(d, resp->add_decisions());
        for (const ReorientationRequest& q : history.second) ToProto(q, resp->add_reorientations());
        return absl::OkStatus();
      });
}

grpc::Status OrientationService::GetOrientationStatus(grpc::ServerContext* ctx,
                                                      const v1::GetOrientationStatusRequest* req,
                                                      v1::OrientationStatus* resp) {
  return Run(
      ctx, {"beneficiary", req->beneficiary_id()}, [&](const Caller& caller) -> absl::Status {
        errors::FieldViolations v;
        CheckId(req->beneficiary_id(), "ben", "beneficiary_id", v);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(Beneficiary b,
                         d_.store->GetBeneficiary(req->beneficiary_id(), caller.scope));
        // Mapped through the full message, then copied field by field: what is not
        // named here (identity, diagnostic) never leaves for a peer.
        v1::Beneficiary full;
        ToProto(b, &full);
        resp->set_beneficiary_id(full.id());
        resp->set_status(full.status());
        *resp->mutable_territory() = full.territory();
        resp->set_subject_to_rights_and_duties(full.subject_to_rights_and_duties());
        resp->set_orientation_type(full.orientation_type());
        resp->set_referent_id(full.referent_id());
        if (full.orientation_type() == v1::ORIENTATION_TYPE_UNSPECIFIED) return absl::OkStatus();
        ASSIGN_OR_RETURN(auto history,
                         d_.store->GetOrientationHistory(req->beneficiary_id(), caller.scope));
        if (!history.first.empty()) {  // oldest first: the last one is in force
          v1::OrientationDecision decision;
          ToProto(history.first.back(), &decision);
          resp->set_decision_id(decision.id());
          *resp->mutable_decided_at() = decision.decided_at();
        }
        return absl::OkStatus();
      });
}

}  // namespace parcours::orientation
