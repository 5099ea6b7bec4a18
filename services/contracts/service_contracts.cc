// ContractsService: the contract RPCs.
#include <set>

#include "libs/common/status_macros.h"
#include "libs/errors/field_violations.h"
#include "libs/paging/page_token.h"
#include "services/contracts/domain/contract_validation.h"
#include "services/contracts/proto_mapping.h"
#include "services/contracts/service.h"

namespace parcours::contracts {
namespace {

constexpr char kContract[] = "contract";

absl::Status CheckRequestId(const std::string& request_id) {
  if (request_id.empty()) return errors::InvalidField("request_id", "required");
  if (request_id.size() > kMaxIdLength) return errors::InvalidField("request_id", "at most 64 characters");
  return absl::OkStatus();
}

absl::Status CheckId(const std::string& id, const char* field = "id") {
  if (id.empty()) return errors::InvalidField(field, "required");
  if (id.size() > kMaxIdLength) return errors::InvalidField(field, "at most 64 characters");
  return absl::OkStatus();
}

const std::set<std::string>& UpdatablePaths() {
  static const std::set<std::string> paths = {
      "insertion_project", "start_date", "end_date",   "weekly_hours", "reduced_hours_reason",
      "return_to_work_date", "objectives", "actions"};
  return paths;
}

}  // namespace

grpc::Status ContractsService::CreateContract(Ctx* ctx, const v1::CreateContractRequest* req,
                                              v1::Contract* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    RETURN_IF_ERROR(CheckRequestId(req->request_id()));
    errors::FieldViolations v;
    Contract draft = ContractFromProto(req->contract(), kContract, v);
    RETURN_IF_ERROR(v.ToStatus());
    draft.request_id = req->request_id();
    ASSIGN_OR_RETURN(Contract c, d_.contracts.Create(std::move(draft), ActorFor(call, kContract)));
    *out = ToProto(c);
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::GetContract(Ctx* ctx, const v1::GetContractRequest* req,
                                           v1::Contract* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    RETURN_IF_ERROR(CheckId(req->id()));
    ASSIGN_OR_RETURN(Contract c, d_.contracts.Get(req->id(), ActorFor(call, kContract)));
    RETURN_IF_ERROR(AuditRead(call, kContract, c.id));
    *out = ToProto(c);
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::ListContracts(Ctx* ctx, const v1::ListContractsRequest* req,
                                             v1::ListContractsResponse* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    errors::FieldViolations bad_page;
    const paging::Page requested = paging::Page::Read(*req, bad_page);
    RETURN_IF_ERROR(bad_page.ToStatus());
    const int size = requested.size();
    const std::string after = requested.after_key();
    if (req->status() < 0 || req->status() > 7) return errors::InvalidField("status", "unknown status");
    ContractFilter f{req->beneficiary_id(), req->referent_id(), req->tad(),
                     static_cast<ContractStatus>(req->status())};
    ASSIGN_OR_RETURN(Listing<Contract> page,
                     d_.store.ListContracts(f, ActorFor(call, kContract).visibility, {size, after}));
    for (const Contract& c : page.items) {
      RETURN_IF_ERROR(AuditRead(call, kContract, c.id));
      *out->add_contracts() = ToProto(c);
    }
    if (!page.next_after.empty()) out->set_next_page_token(requested.NextToken(page.next_after));
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::UpdateContract(Ctx* ctx, const v1::UpdateContractRequest* req,
                                              v1::Contract* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    RETURN_IF_ERROR(CheckId(req->contract().id(), "contract.id"));
    ASSIGN_OR_RETURN(int64_t version, ParseEtag(req->contract().etag(), "contract.etag"));
    errors::FieldViolations v;
    std::set<std::string> paths;
    if (req->update_mask().paths_size() == 0) v.Add("update_mask", "required: the fields to change");
    for (const std::string& p : req->update_mask().paths()) {
      if (UpdatablePaths().count(p) == 0) v.Add("update_mask", "not updatable: " + p);
      paths.insert(p);
    }
    // Dates are read only when masked: an unmasked unset date is not an error.
    errors::FieldViolations date_violations;
    Contract patch = ContractFromProto(req->contract(), kContract, date_violations);
    for (const errors::FieldViolation& fv : date_violations.list()) {
      const bool masked = (fv.field == "contract.start_date" && paths.count("start_date")) ||
                          (fv.field == "contract.end_date" && paths.count("end_date")) ||
                          (fv.field == "contract.return_to_work_date" &&
                           paths.count("return_to_work_date")) ||
                          (fv.field.rfind("contract.actions", 0) == 0 && paths.count("actions"));
      if (masked) v.Add(fv.field, fv.description);
    }
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(Contract c, d_.contracts.Update(req->contract().id(), version, patch, paths,
                                                     ActorFor(call, kContract)));
    *out = ToProto(c);
    return absl::OkStatus();
  });
}

absl::Status ContractsService::ContractTransition(const auth::CallAuthorization& call,
                                                  const v1::ContractTransitionRequest& req,
                                                  ContractAction action, v1::Contract* out) {
  RETURN_IF_ERROR(CheckId(req.id()));
  ASSIGN_OR_RETURN(int64_t version, ParseEtag(req.etag(), "etag"));
  if ((action == ContractAction::kSuspend || action == ContractAction::kTerminate) &&
      req.reason().empty()) {
    return errors::InvalidField("reason", "required to suspend or terminate");
  }
  if (req.reason().size() > kMaxTextLength) return errors::InvalidField("reason", "too long");
  ASSIGN_OR_RETURN(Contract c, d_.contracts.Transition(req.id(), version, action, req.reason(),
                                                       ActorFor(call, kContract)));
  *out = ToProto(c);
  return absl::OkStatus();
}

grpc::Status ContractsService::SubmitContract(Ctx* ctx, const v1::ContractTransitionRequest* req,
                                              v1::Contract* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) {
    return ContractTransition(call, *req, ContractAction::kSubmit, out);
  });
}
grpc::Status ContractsService::SuspendContract(Ctx* ctx, const v1::ContractTransitionRequest* req,
                                               v1::Contract* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) {
    return ContractTransition(call, *req, ContractAction::kSuspend, out);
  });
}
grpc::Status ContractsService::ResumeContract(Ctx* ctx, const v1::ContractTransitionRequest* req,
                                              v1::Contract* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) {
    return ContractTransition(call, *req, ContractAction::kResume, out);
  });
}
grpc::Status ContractsService::CompleteContract(Ctx* ctx, const v1::ContractTransitionRequest* req,
                                                v1::Contract* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) {
    return ContractTransition(call, *req, ContractAction::kComplete, out);
  });
}
grpc::Status ContractsService::TerminateContract(Ctx* ctx, const v1::ContractTransitionRequest* req,
                                                 v1::Contract* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) {
    return ContractTransition(call, *req, ContractAction::kTerminate, out);
  });
}

grpc::Status ContractsService::SignContract(Ctx* ctx, const v1::SignContractRequest* req,
                                            v1::Contract* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    RETURN_IF_ERROR(CheckId(req->id()));
    ASSIGN_OR_RETURN(int64_t version, ParseEtag(req->etag(), "etag"));
    if (req->party() != v1::BENEFICIARY && req->party() != v1::REFERENT) {
      return errors::InvalidField("party", "BENEFICIARY or REFERENT");
    }
    ASSIGN_OR_RETURN(Contract c, d_.contracts.Sign(req->id(), version,
                                                   static_cast<Party>(req->party()),
                                                   ActorFor(call, kContract)));
    *out = ToProto(c);
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::RenewContract(Ctx* ctx, const v1::RenewContractRequest* req,
                                             v1::Contract* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    RETURN_IF_ERROR(CheckRequestId(req->request_id()));
    RETURN_IF_ERROR(CheckId(req->id()));
    errors::FieldViolations v;
    std::optional<absl::CivilDay> start = OptionalDate(req->start_date(), "start_date", v);
    absl::CivilDay end = RequiredDate(req->end_date(), "end_date", v);
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(Contract c, d_.contracts.Renew(req->request_id(), req->id(), start, end,
                                                    ActorFor(call, kContract)));
    *out = ToProto(c);
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::RecordReview(Ctx* ctx, const v1::RecordReviewRequest* req,
                                            v1::Contract* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    RETURN_IF_ERROR(CheckId(req->id()));
    ASSIGN_OR_RETURN(int64_t version, ParseEtag(req->etag(), "etag"));
    errors::FieldViolations v;
    ReviewInput review;
    review.review_date = RequiredDate(req->review_date(), "review_date", v);
    review.next_review_date = RequiredDate(req->next_review_date(), "next_review_date", v);
    review.summary = req->summary();
    if (review.summary.empty()) v.Add("summary", "required");
    if (review.summary.size() > kMaxTextLength) v.Add("summary", "too long");
    if (v.empty() && review.next_review_date <= review.review_date) {
      v.Add("next_review_date", "must be after review_date");
    }
    for (int i = 0; i < req->action_updates_size(); ++i) {
      const auto& u = req->action_updates(i);
      if (u.status() <= 0 || u.status() > 6) {
        v.Add("action_updates[" + std::to_string(i) + "].status", "required");
      }
      review.action_updates.emplace_back(u.action_id(), static_cast<ActionStatus>(u.status()));
    }
    RETURN_IF_ERROR(v.ToStatus());
    ASSIGN_OR_RETURN(Contract c, d_.contracts.RecordReview(req->id(), version, review,
                                                           ActorFor(call, kContract)));
    *out = ToProto(c);
    return absl::OkStatus();
  });
}

}  // namespace parcours::contracts
