// ContractsService: the sanction procedure RPCs.
#include "libs/common/status_macros.h"
#include "libs/errors/field_violations.h"
#include "libs/paging/page_token.h"
#include "services/contracts/proto_mapping.h"
#include "services/contracts/service.h"

namespace parcours::contracts {
namespace {

constexpr char kProcedure[] = "procedure";

}  // namespace

grpc::Status ContractsService::OpenProcedure(Ctx* ctx, const v1::OpenProcedureRequest* req,
                                             v1::SanctionProcedure* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    if (req->request_id().empty() || req->request_id().size() > 64) {
      return errors::InvalidField("request_id", "required, at most 64 characters");
    }
    ASSIGN_OR_RETURN(SanctionProcedure p,
                     d_.procedures.Open(req->request_id(), req->beneficiary_id(),
                                        BreachFromProto(req->breach()), ActorFor(call, kProcedure)));
    *out = ToProto(p);
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::GetProcedure(Ctx* ctx, const v1::GetProcedureRequest* req,
                                            v1::SanctionProcedure* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    if (req->id().empty()) return errors::InvalidField("id", "required");
    ASSIGN_OR_RETURN(SanctionProcedure p, d_.procedures.Get(req->id(), ActorFor(call, kProcedure)));
    RETURN_IF_ERROR(AuditRead(call, kProcedure, p.id));
    *out = ToProto(p);
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::ListProcedures(Ctx* ctx, const v1::ListProceduresRequest* req,
                                              v1::ListProceduresResponse* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    errors::FieldViolations bad_page;
    const paging::Page requested = paging::Page::Read(*req, bad_page);
    RETURN_IF_ERROR(bad_page.ToStatus());
    const int size = requested.size();
    const std::string after = requested.after_key();
    if (req->status() < 0 || req->status() > 7) return errors::InvalidField("status", "unknown status");
    ProcedureFilter f{req->beneficiary_id(), req->tad(), static_cast<ProcedureStatus>(req->status())};
    ASSIGN_OR_RETURN(Listing<SanctionProcedure> page,
                     d_.store.ListProcedures(f, ActorFor(call, kProcedure).visibility, {size, after}));
    for (const SanctionProcedure& p : page.items) {
      RETURN_IF_ERROR(AuditRead(call, kProcedure, p.id));
      *out->add_procedures() = ToProto(p);
    }
    if (!page.next_after.empty()) out->set_next_page_token(requested.NextToken(page.next_after));
    return absl::OkStatus();
  });
}

absl::Status ContractsService::ProcedureStep(const auth::CallAuthorization& call,
                                             const v1::ProcedureStepRequest& req,
                                             ProcedureAction action, v1::SanctionProcedure* out) {
  if (req.id().empty()) return errors::InvalidField("id", "required");
  ASSIGN_OR_RETURN(int64_t version, ParseEtag(req.etag(), "etag"));
  ASSIGN_OR_RETURN(SanctionProcedure p, d_.procedures.Step(req.id(), version, action, req.note(),
                                                           ActorFor(call, kProcedure)));
  *out = ToProto(p);
  return absl::OkStatus();
}

grpc::Status ContractsService::NotifyProcedure(Ctx* ctx, const v1::ProcedureStepRequest* req,
                                               v1::SanctionProcedure* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) {
    return ProcedureStep(call, *req, ProcedureAction::kNotify, out);
  });
}
grpc::Status ContractsService::RecordObservations(Ctx* ctx, const v1::ProcedureStepRequest* req,
                                                  v1::SanctionProcedure* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) {
    return ProcedureStep(call, *req, ProcedureAction::kRecordObservations, out);
  });
}
grpc::Status ContractsService::ReferProcedure(Ctx* ctx, const v1::ProcedureStepRequest* req,
                                              v1::SanctionProcedure* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) {
    return ProcedureStep(call, *req, ProcedureAction::kRefer, out);
  });
}
grpc::Status ContractsService::ApplyProcedure(Ctx* ctx, const v1::ProcedureStepRequest* req,
                                              v1::SanctionProcedure* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) {
    return ProcedureStep(call, *req, ProcedureAction::kApply, out);
  });
}
grpc::Status ContractsService::CancelProcedure(Ctx* ctx, const v1::ProcedureStepRequest* req,
                                               v1::SanctionProcedure* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) {
    return ProcedureStep(call, *req, ProcedureAction::kCancel, out);
  });
}

grpc::Status ContractsService::DecideProcedure(Ctx* ctx, const v1::DecideProcedureRequest* req,
                                               v1::SanctionProcedure* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    if (req->id().empty()) return errors::InvalidField("id", "required");
    ASSIGN_OR_RETURN(int64_t version, ParseEtag(req->etag(), "etag"));
    ASSIGN_OR_RETURN(SanctionProcedure p,
                     d_.procedures.Decide(req->id(), version, DecisionFromProto(req->decision()),
                                          ActorFor(call, kProcedure)));
    *out = ToProto(p);
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::CloseProcedure(Ctx* ctx, const v1::CloseProcedureRequest* req,
                                              v1::SanctionProcedure* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    if (req->id().empty()) return errors::InvalidField("id", "required");
    ASSIGN_OR_RETURN(int64_t version, ParseEtag(req->etag(), "etag"));
    ASSIGN_OR_RETURN(SanctionProcedure p,
                     d_.procedures.Close(req->id(), version, req->re_engaged(), req->note(),
                                         ActorFor(call, kProcedure)));
    *out = ToProto(p);
    return absl::OkStatus();
  });
}

}  // namespace parcours::contracts
