// CatalogueService: prescriptions and their state machine.
#include "libs/common/status_macros.h"
#include "libs/paging/page_token.h"
#include "services/catalogue/domain/dates.h"
#include "services/catalogue/domain/validation.h"
#include "services/catalogue/service.h"

namespace parcours::catalogue {

grpc::Status CatalogueService::CreatePrescription(grpc::ServerContext* ctx,
                                                  const v1::CreatePrescriptionRequest* req,
                                                  v1::Prescription* resp) {
  return Handle(
      ctx,
      [&](const auth::CallAuthorization& call) -> absl::Status {
        errors::FieldViolations v;
        ValidateRequestId(req->request_id(), v);
        ValidateNewPrescription(req->prescription(), d_.ref, "prescription", v);
        RETURN_IF_ERROR(v.ToStatus());
        const auth::Principal& who = call.principal;
        const parcours::common::v1::Territory& t = req->prescription().territory();
        if (!IsUnscoped(who) && !who.CoversTerritory(t.tad()) && !who.CoversTerritory(t.mds())) {
          return absl::PermissionDeniedError("the beneficiary's territory is not yours");
        }
        ASSIGN_OR_RETURN(*resp, d_.store.CreatePrescription(req->request_id(), req->prescription(),
                                                            who.subject));
        return absl::OkStatus();
      },
      [resp] { return resp->id(); });
}

grpc::Status CatalogueService::GetPrescription(grpc::ServerContext* ctx,
                                               const v1::GetPrescriptionRequest* req,
                                               v1::Prescription* resp) {
  return Handle(
      ctx,
      [&](const auth::CallAuthorization& call) -> absl::Status {
        errors::FieldViolations v;
        ValidateId(req->id(), "id", /*required=*/true, v);
        RETURN_IF_ERROR(v.ToStatus());
        ASSIGN_OR_RETURN(v1::Prescription p, d_.store.GetPrescription(req->id()));
        RETURN_IF_ERROR(CheckPrescriptionScope(call, p));
        *resp = std::move(p);
        return absl::OkStatus();
      },
      [req] { return req->id(); });
}

grpc::Status CatalogueService::ListPrescriptions(grpc::ServerContext* ctx,
                                                 const v1::ListPrescriptionsRequest* req,
                                                 v1::ListPrescriptionsResponse* resp) {
  return Handle(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    errors::FieldViolations v;
    const paging::Page requested = paging::Page::Read(*req, v);
    ValidateId(req->beneficiary_id(), "beneficiary_id", false, v);
    ValidateId(req->offer_id(), "offer_id", false, v);
    ValidateId(req->structure_id(), "structure_id", false, v);
    if (!req->tad().empty() && !d_.ref.IsTad(req->tad())) v.Add("tad", "unknown TAD");
    if (!req->mds().empty() && !d_.ref.IsMds(req->mds())) v.Add("mds", "unknown MDS");
    if (!v1::PrescriptionStatus_IsValid(req->status())) v.Add("status", "unknown value");
    ValidateDateRange(req->created(), "created", /*bounds_required=*/false, v);
    RETURN_IF_ERROR(v.ToStatus());

    PrescriptionFilter f{.beneficiary_id = req->beneficiary_id(),
                         .offer_id = req->offer_id(),
                         .referent_id = req->referent_id(),
                         .structure_id = req->structure_id(),
                         .tad = req->tad(),
                         .mds = req->mds(),
                         .status = req->status()};
    if (req->created().has_from()) f.created_from = DateText(req->created().from());
    if (req->created().has_to()) f.created_to = DateText(req->created().to());
    // The caller's scope goes into the query, never filtered afterwards.
    const auth::Principal& who = call.principal;
    if (!IsUnscoped(who)) {
      if (who.HasRole(auth::kOperator)) {
        f.scope_structure_id = who.structure_id;
      } else if (!who.AllTerritories()) {
        f.scope_territories = who.territories;
      }
    }
    const PageRequest page{.after_id = requested.after_key(), .limit = requested.size()};
    ASSIGN_OR_RETURN(Page<v1::Prescription> result, d_.store.ListPrescriptions(f, page));
    for (v1::Prescription& p : result.items) *resp->add_prescriptions() = std::move(p);
    if (result.more) {
      resp->set_next_page_token(
          requested.NextToken(resp->prescriptions(resp->prescriptions_size() - 1).id()));
    }
    return absl::OkStatus();
  });
}

absl::Status CatalogueService::ChangePrescription(const auth::CallAuthorization& call,
                                                  PrescriptionChange change,
                                                  v1::Prescription* resp) {
  ASSIGN_OR_RETURN(v1::Prescription current, d_.store.GetPrescription(change.id));
  RETURN_IF_ERROR(CheckPrescriptionScope(call, current));
  ASSIGN_OR_RETURN(*resp, d_.store.ChangePrescription(change));
  return absl::OkStatus();
}

namespace {

void ValidateChange(const std::string& id, const std::string& etag, errors::FieldViolations& v) {
  ValidateId(id, "id", /*required=*/true, v);
  ValidateEtag(etag, "etag", v);
}

}  // namespace

grpc::Status CatalogueService::AcceptPrescription(grpc::ServerContext* ctx,
                                                  const v1::AcceptPrescriptionRequest* req,
                                                  v1::Prescription* resp) {
  return Handle(
      ctx,
      [&](const auth::CallAuthorization& call) -> absl::Status {
        errors::FieldViolations v;
        ValidateChange(req->id(), req->etag(), v);
        RETURN_IF_ERROR(v.ToStatus());
        return ChangePrescription(call,
                                  {.id = req->id(),
                                   .expected_version = EtagVersion(req->etag()),
                                   .action = PrescriptionAction::kAccept},
                                  resp);
      },
      [req] { return req->id(); });
}

grpc::Status CatalogueService::RefusePrescription(grpc::ServerContext* ctx,
                                                  const v1::RefusePrescriptionRequest* req,
                                                  v1::Prescription* resp) {
  return Handle(
      ctx,
      [&](const auth::CallAuthorization& call) -> absl::Status {
        errors::FieldViolations v;
        ValidateChange(req->id(), req->etag(), v);
        if (req->reason() == v1::REFUSAL_REASON_UNSPECIFIED ||
            !v1::RefusalReason_IsValid(req->reason())) {
          v.Add("reason", "required");
        }
        if (req->comment().size() > 2000) v.Add("comment", "at most 2000 characters");
        RETURN_IF_ERROR(v.ToStatus());
        return ChangePrescription(call,
                                  {.id = req->id(),
                                   .expected_version = EtagVersion(req->etag()),
                                   .action = PrescriptionAction::kRefuse,
                                   .reason = req->reason(),
                                   .comment = req->comment()},
                                  resp);
      },
      [req] { return req->id(); });
}

grpc::Status CatalogueService::StartPrescription(grpc::ServerContext* ctx,
                                                 const v1::StartPrescriptionRequest* req,
                                                 v1::Prescription* resp) {
  return Handle(
      ctx,
      [&](const auth::CallAuthorization& call) -> absl::Status {
        errors::FieldViolations v;
        ValidateChange(req->id(), req->etag(), v);
        RETURN_IF_ERROR(v.ToStatus());
        return ChangePrescription(call,
                                  {.id = req->id(),
                                   .expected_version = EtagVersion(req->etag()),
                                   .action = PrescriptionAction::kStart},
                                  resp);
      },
      [req] { return req->id(); });
}

namespace {

absl::Status ValidateEnd(const v1::EndPrescriptionRequest& req) {
  errors::FieldViolations v;
  ValidateChange(req.id(), req.etag(), v);
  if (req.outcome() == v1::EXIT_OUTCOME_UNSPECIFIED || !v1::ExitOutcome_IsValid(req.outcome())) {
    v.Add("outcome", "required: what the person did on leaving (EXIT_OUTCOME_NONE if nothing)");
  }
  if (req.comment().size() > 2000) v.Add("comment", "at most 2000 characters");
  return v.ToStatus();
}

}  // namespace

// Completing and abandoning differ only in the action: one path for both.
grpc::Status CatalogueService::EndPrescription(grpc::ServerContext* ctx,
                                               const v1::EndPrescriptionRequest* req,
                                               PrescriptionAction action, v1::Prescription* resp) {
  return Handle(
      ctx,
      [&](const auth::CallAuthorization& call) -> absl::Status {
        RETURN_IF_ERROR(ValidateEnd(*req));
        return ChangePrescription(call,
                                  {.id = req->id(),
                                   .expected_version = EtagVersion(req->etag()),
                                   .action = action,
                                   .outcome = req->outcome(),
                                   .comment = req->comment()},
                                  resp);
      },
      [req] { return req->id(); });
}

grpc::Status CatalogueService::CompletePrescription(grpc::ServerContext* ctx,
                                                    const v1::EndPrescriptionRequest* req,
                                                    v1::Prescription* resp) {
  return EndPrescription(ctx, req, PrescriptionAction::kComplete, resp);
}

grpc::Status CatalogueService::AbandonPrescription(grpc::ServerContext* ctx,
                                                   const v1::EndPrescriptionRequest* req,
                                                   v1::Prescription* resp) {
  return EndPrescription(ctx, req, PrescriptionAction::kAbandon, resp);
}

grpc::Status CatalogueService::CancelPrescription(grpc::ServerContext* ctx,
                                                  const v1::CancelPrescriptionRequest* req,
                                                  v1::Prescription* resp) {
  return Handle(
      ctx,
      [&](const auth::CallAuthorization& call) -> absl::Status {
        errors::FieldViolations v;
        ValidateChange(req->id(), req->etag(), v);
        if (req->comment().size() > 2000) v.Add("comment", "at most 2000 characters");
        RETURN_IF_ERROR(v.ToStatus());
        return ChangePrescription(call,
                                  {.id = req->id(),
                                   .expected_version = EtagVersion(req->etag()),
                                   .action = PrescriptionAction::kCancel,
                                   .comment = req->comment()},
                                  resp);
      },
      [req] { return req->id(); });
}

}  // namespace parcours::catalogue
