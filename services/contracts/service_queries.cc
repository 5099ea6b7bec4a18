// ContractsService: queues, counts, the contractualisation rate, fraud's lookup, the job.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "libs/common/status_macros.h"
#include "libs/errors/field_violations.h"
#include "libs/paging/page_token.h"
#include "services/contracts/authorization.h"
#include "services/contracts/domain/civil_dates.h"
#include "services/contracts/domain/deadlines.h"
#include "services/contracts/domain/rate.h"
#include "services/contracts/proto_dates.h"
#include "services/contracts/proto_mapping.h"
#include "services/contracts/service.h"

namespace parcours::contracts {
namespace {

std::string LegalReference(const ContractRules& rules, const OverdueEntry& e,
                           OrientationType type) {
  switch (e.kind) {
    case DeadlineKind::kSignature: {
      const DelayRule* d = rules.DueAfterOrientation(type);
      return d == nullptr ? "" : d->reference;
    }
    case DeadlineKind::kReview:
      return rules.review_reference;
    case DeadlineKind::kRenewal:
      return rules.renewal_reference;
    case DeadlineKind::kProcedureResponse:
      return rules.response_reference;
    case DeadlineKind::kUnspecified:
      break;
  }
  return "";
}

// The overdue queue's page key: "<due date>|<key>".
absl::StatusOr<std::optional<std::pair<absl::CivilDay, std::string>>> ParseOverdueKey(
    const std::string& key) {
  if (key.empty()) return std::optional<std::pair<absl::CivilDay, std::string>>();
  std::pair<std::string, std::string> parts = absl::StrSplit(key, absl::MaxSplits('|', 1));
  std::optional<absl::CivilDay> day = ParseCivilDay(parts.first);
  if (!day.has_value() || parts.second.empty()) {
    return errors::InvalidField("page_token", "not a token this service issued");
  }
  return std::optional<std::pair<absl::CivilDay, std::string>>(std::make_pair(*day, parts.second));
}

}  // namespace

grpc::Status ContractsService::ListOverdue(Ctx* ctx, const v1::ListOverdueRequest* req,
                                           v1::ListOverdueResponse* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    absl::Status bad;
    const absl::CivilDay today = DayOr(req->today(), "today", &bad);
    RETURN_IF_ERROR(bad);
    if (req->kind() < 0 || req->kind() > 4) return errors::InvalidField("kind", "unknown kind");
    errors::FieldViolations bad_page;
    const paging::Page requested = paging::Page::Read(*req, bad_page);
    RETURN_IF_ERROR(bad_page.ToStatus());
    const int size = requested.size();
    ASSIGN_OR_RETURN(auto after, ParseOverdueKey(requested.after_key()));
    Visibility v = VisibilityOf(call);
    if (!req->referent_id().empty()) {
      if (!v.referent_id.empty() && v.referent_id != req->referent_id()) {
        return absl::PermissionDeniedError("another référent's queue");
      }
      v.referent_id = req->referent_id();
    }
    if (!req->tad().empty()) {
      if (!v.tads.empty() && std::find(v.tads.begin(), v.tads.end(), req->tad()) == v.tads.end()) {
        return absl::PermissionDeniedError("not one of the caller's territories");
      }
      v.tads = {req->tad()};
    }
    ASSIGN_OR_RETURN(
        std::vector<OverdueEntry> rows,
        d_.store.ListOverdue(today, static_cast<DeadlineKind>(req->kind()), v, after, size + 1));
    for (size_t i = 0; i < rows.size() && i < static_cast<size_t>(size); ++i) {
      const OverdueEntry& e = rows[i];
      v1::OverdueItem* item = out->add_items();
      item->set_kind(static_cast<v1::DeadlineKind>(e.kind));
      item->set_beneficiary_id(e.beneficiary_id);
      item->set_referent_id(e.referent_id);
      item->set_tad(e.tad);
      item->set_contract_id(e.contract_id);
      item->set_procedure_id(e.procedure_id);
      *item->mutable_due_date() = ToProtoDate(e.due_date);
      item->set_days_overdue(DaysOverdue(e.due_date, today));
      OrientationType type = OrientationType::kUnspecified;
      if (e.kind == DeadlineKind::kSignature) {
        ASSIGN_OR_RETURN(std::optional<ProjectedOrientation> o,
                         d_.store.GetProjectedOrientation(e.beneficiary_id));
        if (o.has_value()) type = o->info.type;
      }
      item->set_legal_reference(LegalReference(d_.rules, e, type));
      RETURN_IF_ERROR(AuditRead(call, "beneficiary", e.beneficiary_id));
    }
    if (rows.size() > static_cast<size_t>(size)) {
      const OverdueEntry& last = rows[size - 1];
      out->set_next_page_token(
          requested.NextToken(absl::StrCat(FormatCivilDay(last.due_date), "|", last.key)));
    }
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::GetOverdueCounts(Ctx* ctx, const v1::GetOverdueCountsRequest* req,
                                                v1::GetOverdueCountsResponse* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    absl::Status bad;
    const absl::CivilDay today = DayOr(req->today(), "today", &bad);
    RETURN_IF_ERROR(bad);
    const bool steering_only = call.principal.HasRole(auth::kSteering) &&
                               !call.principal.HasRole(auth::kAdmin) &&
                               !call.principal.HasRole(auth::kReferent) &&
                               !call.principal.HasRole(auth::kOrientationAgent);
    if (req->by_referent() && steering_only) {
      return absl::PermissionDeniedError("steering sees counts per territory only");
    }
    Visibility v = VisibilityOf(call);
    v.referent_id.clear();  // counts per territory: the référent sees its territory's too
    ASSIGN_OR_RETURN(std::vector<OverdueCountRow> rows,
                     d_.store.CountOverdue(today, req->by_referent(), v));
    for (const OverdueCountRow& r : rows) {
      v1::OverdueCount* c = out->add_counts();
      c->set_kind(static_cast<v1::DeadlineKind>(r.kind));
      c->set_tad(r.tad);
      c->set_referent_id(r.referent_id);
      c->set_count(static_cast<int32_t>(r.count));
    }
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::GetContractualisationRate(
    Ctx* ctx, const v1::GetContractualisationRateRequest* req,
    v1::GetContractualisationRateResponse* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    errors::FieldViolations violations;
    const absl::CivilDay at = RequiredDate(req->at(), "at", violations);
    RETURN_IF_ERROR(violations.ToStatus());
    const Visibility v = VisibilityOf(call);
    if (!req->tad().empty() && !v.tads.empty() &&
        std::find(v.tads.begin(), v.tads.end(), req->tad()) == v.tads.end()) {
      return absl::PermissionDeniedError("not one of the caller's territories");
    }
    ASSIGN_OR_RETURN(std::vector<RateRow> rows, d_.store.ContractualisationRate(at, req->tad()));
    int64_t subject = 0, with_contract = 0;
    for (const RateRow& r : rows) {
      if (!v.tads.empty() && std::find(v.tads.begin(), v.tads.end(), r.tad) == v.tads.end())
        continue;
      subject += r.subject;
      with_contract += r.with_contract;
      const RateFigure f = MakeRateFigure(r.subject, r.with_contract, d_.k_anonymity);
      v1::RateCell* cell = out->add_cells();
      cell->set_tad(r.tad);
      cell->set_orientation_type(static_cast<v1::OrientationType>(r.orientation_type));
      cell->set_subject(static_cast<int32_t>(f.subject));
      cell->set_with_contract(static_cast<int32_t>(f.with_contract));
      cell->set_rate(f.rate);
      cell->set_suppressed(f.suppressed);
    }
    const RateFigure total = MakeRateFigure(subject, with_contract, d_.k_anonymity);
    out->mutable_total()->set_tad(req->tad());
    out->mutable_total()->set_subject(static_cast<int32_t>(total.subject));
    out->mutable_total()->set_with_contract(static_cast<int32_t>(total.with_contract));
    out->mutable_total()->set_rate(total.rate);
    out->mutable_total()->set_suppressed(total.suppressed);
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::GetTimeWithoutContract(Ctx* ctx,
                                                      const v1::GetTimeWithoutContractRequest* req,
                                                      v1::GetTimeWithoutContractResponse* out) {
  return Run(ctx, [&](const auth::CallAuthorization& call) -> absl::Status {
    if (req->beneficiary_id().empty()) return errors::InvalidField("beneficiary_id", "required");
    absl::Status bad;
    const absl::CivilDay at = DayOr(req->at(), "at", &bad);
    RETURN_IF_ERROR(bad);
    RETURN_IF_ERROR(AuditRead(call, "beneficiary", req->beneficiary_id()));
    out->set_beneficiary_id(req->beneficiary_id());
    ASSIGN_OR_RETURN(std::optional<ProjectedOrientation> o,
                     d_.store.GetProjectedOrientation(req->beneficiary_id()));
    ASSIGN_OR_RETURN(auto history, d_.store.ContractHistoryAt(req->beneficiary_id(), at));
    const auto& [last_day, in_force] = history;
    out->set_contract_in_force(in_force);
    if (last_day.has_value()) *out->mutable_last_day_in_contract() = ToProtoDate(*last_day);
    if (!o.has_value() || !o->entry_date.has_value()) {
      out->set_known(false);
      return absl::OkStatus();
    }
    out->set_known(true);
    *out->mutable_entry_date() = ToProtoDate(*o->entry_date);
    if (in_force) return absl::OkStatus();
    absl::CivilDay since = *o->entry_date;
    if (last_day.has_value() && *last_day + 1 > since) since = *last_day + 1;
    *out->mutable_without_contract_since() = ToProtoDate(since);
    out->set_days_without_contract(since <= at ? static_cast<int32_t>(at - since) : 0);
    return absl::OkStatus();
  });
}

grpc::Status ContractsService::RunDeadlineJob(Ctx* ctx, const v1::RunDeadlineJobRequest* req,
                                              v1::RunDeadlineJobResponse* out) {
  return Run(ctx, [&](const auth::CallAuthorization&) -> absl::Status {
    absl::Status bad;
    const absl::CivilDay today = DayOr(req->today(), "today", &bad);
    RETURN_IF_ERROR(bad);
    ASSIGN_OR_RETURN(DeadlineJobResult r, d_.job.RunOnce(today));
    if (d_.after_job) d_.after_job();
    out->set_contracts_expired(r.contracts_expired);
    out->set_procedures_opened(r.procedures_opened);
    out->set_procedures_advanced(r.procedures_advanced);
    return absl::OkStatus();
  });
}

}  // namespace parcours::contracts
