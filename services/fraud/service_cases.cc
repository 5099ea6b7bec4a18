// Case handlers: reads, and the steps of a case. Every step is a person's call; the
// qualification and the fine record which controller took them.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/errors/field_violations.h"
#include "libs/errors/grpc_status.h"
#include "libs/log/log.h"
#include "libs/paging/page_token.h"
#include "services/fraud/authorization.h"
#include "services/fraud/ingest/records.h"
#include "services/fraud/proto_mapping.h"
#include "services/fraud/service.h"

namespace parcours::fraud {
namespace {

absl::StatusOr<int64_t> ParseEtag(const std::string& etag) {
  int64_t version = 0;
  if (etag.empty() || !absl::SimpleAtoi(etag, &version) || version < 1) {
    return errors::InvalidField("etag", "the etag of the case as last read is required");
  }
  return version;
}

void CheckCaseId(const std::string& id, errors::FieldViolations& v) {
  if (id.empty() || id.size() > 64) v.Add("case_id", "a case id is required");
}

void StageCaseEvent(events::Outbox& outbox, storage::Transaction& tx, const std::string& type,
                    const ControlCase& c) {
  v1::CaseEvent payload;
  payload.set_case_id(c.id);
  payload.set_household_id(c.household_id);
  payload.set_status(ToProtoStatus(c.status));
  payload.set_score(c.score_at_opening);
  for (const std::string& r : c.fired_rule_ids) payload.add_fired_rule_ids(r);
  payload.set_overpayment_cents(c.overpayment_cents);
  payload.set_fine_cents(c.fine_cents);
  payload.set_recovered_cents(c.recovered_overpayment_cents + c.recovered_fine_cents);
  payload.set_year_opened(c.year_opened);
  events::v1::Event event;
  event.set_type(type);
  event.set_aggregate_type("case");
  event.set_aggregate_id(c.id);
  event.set_beneficiary_id(c.beneficiary_id);
  event.set_tad(c.tad);
  event.mutable_payload()->PackFrom(payload);
  outbox.Stage(tx, std::move(event));
}

}  // namespace

void FraudService::RefreshMetrics() {
  if (absl::Status s = d_.metrics.Refresh(d_.db); !s.ok()) {
    log::Warn("fraud metrics refresh failed", {{"error", s.ToString()}});
  }
}

absl::StatusOr<v1::Case> FraudService::LoadCase(storage::Transaction& tx, const std::string& id) {
  ASSIGN_OR_RETURN(ControlCase c, cases_.Get(tx, id));
  ASSIGN_OR_RETURN(std::vector<RecoveryPayment> payments, cases_.ListRecoveries(tx, id));
  return ToProtoCase(c, payments);
}

absl::StatusOr<v1::Case> FraudService::ChangeCase(const auth::CallAuthorization& call,
                                                  const std::string& case_id,
                                                  const std::string& etag,
                                                  const std::string& event_type,
                                                  const CaseChange& change) {
  ASSIGN_OR_RETURN(int64_t expected, ParseEtag(etag));
  v1::Case out;
  RETURN_IF_ERROR(d_.db.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(ControlCase c, cases_.Get(tx, case_id));
    if (!InScope(call, c.tad))
      return absl::PermissionDeniedError("this case is outside your territories");
    if (c.version != expected) {
      return absl::AbortedError("etag mismatch: the case changed, read it again");
    }
    RETURN_IF_ERROR(change(c, call));
    RETURN_IF_ERROR(cases_.Update(tx, c, expected, d_.clock.Now()));
    RETURN_IF_ERROR(d_.audit.Record(tx, call, audit::AuditAction::kWrite, "fraud_case", c.id));
    StageCaseEvent(d_.outbox, tx, event_type, c);
    ASSIGN_OR_RETURN(out, LoadCase(tx, case_id));
    return absl::OkStatus();
  }));
  RefreshMetrics();
  return out;
}

grpc::Status FraudService::GetCase(grpc::ServerContext* ctx, const v1::GetCaseRequest* req,
                                   v1::Case* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  errors::FieldViolations v;
  CheckCaseId(req->case_id(), v);
  if (!v.empty()) return errors::ToGrpcStatus(v.ToStatus());
  absl::Status s = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(auto tx, d_.db.Begin(storage::TxMode::kRead));
    ASSIGN_OR_RETURN(*resp, LoadCase(*tx, req->case_id()));
    tx.reset();
    if (!InScope(*call, resp->tad())) {
      return absl::PermissionDeniedError("this case is outside your territories");
    }
    return d_.audit.Record(*call, audit::AuditAction::kRead, "fraud_case", resp->id());
  }();
  if (!s.ok()) {
    resp->Clear();
    return errors::ToGrpcStatus(s);
  }
  return grpc::Status::OK;
}

grpc::Status FraudService::ListCases(grpc::ServerContext* ctx, const v1::ListCasesRequest* req,
                                     v1::ListCasesResponse* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  errors::FieldViolations v;
  CaseFilter filter;
  if (req->status() != v1::CASE_STATUS_UNSPECIFIED) {
    filter.status = FromProtoStatus(req->status());
    if (!filter.status.has_value()) v.Add("status", "unknown status");
  }
  if (req->tad().size() > 32) v.Add("tad", "a TAD code");
  const paging::Page page = paging::Page::Read(*req, v);
  if (!v.empty()) return errors::ToGrpcStatus(v.ToStatus());
  filter.tad = req->tad();
  filter.territories = ScopeTerritories(*call);
  filter.after_id = page.after_key();
  filter.limit = page.size();
  absl::Status s = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(auto tx, d_.db.Begin(storage::TxMode::kWrite));
    ASSIGN_OR_RETURN(std::vector<ControlCase> cases, cases_.List(*tx, filter));
    for (const ControlCase& c : cases) {
      ASSIGN_OR_RETURN(auto payments, cases_.ListRecoveries(*tx, c.id));
      *resp->add_cases() = ToProtoCase(c, payments);
      RETURN_IF_ERROR(d_.audit.Record(*tx, *call, audit::AuditAction::kRead, "fraud_case", c.id));
    }
    RETURN_IF_ERROR(tx->Commit());
    if (static_cast<int>(cases.size()) == filter.limit) {
      resp->set_next_page_token(page.NextToken(cases.back().id));
    }
    return absl::OkStatus();
  }();
  if (!s.ok()) {
    resp->Clear();
    return errors::ToGrpcStatus(s);
  }
  return grpc::Status::OK;
}

grpc::Status FraudService::AssignCase(grpc::ServerContext* ctx, const v1::AssignCaseRequest* req,
                                      v1::Case* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  errors::FieldViolations v;
  CheckCaseId(req->case_id(), v);
  if (req->controller().empty() || req->controller().size() > 128) {
    v.Add("controller", "the controller in charge is required");
  }
  if (!v.empty()) return errors::ToGrpcStatus(v.ToStatus());
  auto result = ChangeCase(*call, req->case_id(), req->etag(), "fraud.case.status_changed",
                           [&](ControlCase& c, const auth::CallAuthorization&) -> absl::Status {
                             ASSIGN_OR_RETURN(c.status, StatusAfterAssignment(c.status));
                             c.assigned_to = req->controller();
                             return absl::OkStatus();
                           });
  if (!result.ok()) return errors::ToGrpcStatus(result.status());
  *resp = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status FraudService::StartControl(grpc::ServerContext* ctx,
                                        const v1::StartControlRequest* req, v1::Case* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  errors::FieldViolations v;
  CheckCaseId(req->case_id(), v);
  if (!v.empty()) return errors::ToGrpcStatus(v.ToStatus());
  auto result = ChangeCase(*call, req->case_id(), req->etag(), "fraud.case.status_changed",
                           [](ControlCase& c, const auth::CallAuthorization&) -> absl::Status {
                             RETURN_IF_ERROR(CheckTransition(c.status, CaseStatus::kUnderControl));
                             c.status = CaseStatus::kUnderControl;
                             return absl::OkStatus();
                           });
  if (!result.ok()) return errors::ToGrpcStatus(result.status());
  *resp = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status FraudService::RecordAnswer(grpc::ServerContext* ctx,
                                        const v1::RecordAnswerRequest* req, v1::Case* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  errors::FieldViolations v;
  CheckCaseId(req->case_id(), v);
  if (req->answer().text().empty() || req->answer().text().size() > 10000) {
    v.Add("answer.text", "the answer (1 to 10000 characters) is required");
  }
  std::optional<absl::CivilDay> received = FromProtoDate(req->answer().received_on());
  if (!received.has_value()) v.Add("answer.received_on", "a valid date is required");
  if (!v.empty()) return errors::ToGrpcStatus(v.ToStatus());
  auto result = ChangeCase(*call, req->case_id(), req->etag(), "fraud.case.answer_recorded",
                           [&](ControlCase& c, const auth::CallAuthorization&) -> absl::Status {
                             RETURN_IF_ERROR(CheckAnswerAllowed(c.status));
                             c.answer_text = req->answer().text();
                             c.answer_received_on = received;
                             return absl::OkStatus();
                           });
  if (!result.ok()) return errors::ToGrpcStatus(result.status());
  *resp = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status FraudService::QualifyCase(grpc::ServerContext* ctx, const v1::QualifyCaseRequest* req,
                                       v1::Case* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  errors::FieldViolations v;
  CheckCaseId(req->case_id(), v);
  const Qualification q = req->qualification() == v1::QUALIFICATION_FRAUD   ? Qualification::kFraud
                          : req->qualification() == v1::QUALIFICATION_ERROR ? Qualification::kError
                          : req->qualification() == v1::QUALIFICATION_UNFOUNDED
                              ? Qualification::kUnfounded
                              : Qualification::kNone;
  if (q == Qualification::kNone) v.Add("qualification", "FRAUD, ERROR or UNFOUNDED is required");
  std::optional<absl::CivilDay> from, to;
  if (q == Qualification::kFraud || q == Qualification::kError) {
    // Something was paid that was not due: how much, and over which months.
    if (req->overpayment().amount_cents() <= 0 || req->overpayment().amount_cents() > 100'000'000) {
      v.Add("overpayment.amount_cents", "must be in 1..100000000");
    }
    from = FromProtoDate(req->overpayment().period().from());
    to = FromProtoDate(req->overpayment().period().to());
    if (!from.has_value()) v.Add("overpayment.period.from", "a valid date is required");
    if (!to.has_value()) v.Add("overpayment.period.to", "a valid date is required");
    if (from && to && *to <= *from) v.Add("overpayment.period.to", "must be after from");
  } else if (q == Qualification::kUnfounded && req->has_overpayment()) {
    v.Add("overpayment", "an unfounded case owes nothing");
  }
  if (!v.empty()) return errors::ToGrpcStatus(v.ToStatus());
  const int year = static_cast<int>(d_.clock.Today().year());
  auto result = ChangeCase(*call, req->case_id(), req->etag(), "fraud.case.status_changed",
                           [&](ControlCase& c, const auth::CallAuthorization& who) -> absl::Status {
                             const CaseStatus next = StatusForQualification(q);
                             RETURN_IF_ERROR(CheckTransition(c.status, next));
                             c.status = next;
                             c.qualification = q;
                             c.qualified_by = who.principal.subject;
                             c.year_qualified = year;
                             c.overpayment_cents = q == Qualification::kUnfounded
                                                       ? 0
                                                       : req->overpayment().amount_cents();
                             c.overpayment_from = from;
                             c.overpayment_to = to;
                             return absl::OkStatus();
                           });
  if (!result.ok()) return errors::ToGrpcStatus(result.status());
  *resp = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status FraudService::ImposeFine(grpc::ServerContext* ctx, const v1::ImposeFineRequest* req,
                                      v1::Case* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  errors::FieldViolations v;
  CheckCaseId(req->case_id(), v);
  std::optional<absl::CivilDay> facts = FromProtoDate(req->fine().facts_date());
  if (!facts.has_value()) v.Add("fine.facts_date", "a valid date is required");
  if (req->fine().amount_cents() <= 0) v.Add("fine.amount_cents", "must be > 0");
  if (!v.empty()) return errors::ToGrpcStatus(v.ToStatus());
  const absl::CivilDay today = d_.clock.Today();
  // The legal frame first: over the cap is a bad request, prescribed facts a refusal.
  if (absl::Status s =
          d_.fines.Check(req->fine().amount_cents(), *facts, today, req->fine().repeat_offence());
      !s.ok()) {
    return errors::ToGrpcStatus(s);
  }
  const int64_t cap = *d_.fines.Cap(*facts, today, req->fine().repeat_offence());
  auto result =
      ChangeCase(*call, req->case_id(), req->etag(), "fraud.case.fine_imposed",
                 [&](ControlCase& c, const auth::CallAuthorization& who) -> absl::Status {
                   if (c.status != CaseStatus::kQualifiedFraud) {
                     return absl::FailedPreconditionError(absl::StrCat(
                         "a fine needs a case qualified as fraud, not ", CaseStatusName(c.status)));
                   }
                   if (c.fine_cents > 0)
                     return absl::FailedPreconditionError("this case already has a fine");
                   c.fine_cents = req->fine().amount_cents();
                   c.fine_facts_date = facts;
                   c.fine_repeat = req->fine().repeat_offence();
                   c.fine_cap_cents = cap;
                   c.fine_reference = d_.fines.reference;
                   c.fine_decided_by = who.principal.subject;
                   return absl::OkStatus();
                 });
  if (!result.ok()) return errors::ToGrpcStatus(result.status());
  *resp = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status FraudService::RecordRecovery(grpc::ServerContext* ctx,
                                          const v1::RecordRecoveryRequest* req, v1::Case* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  errors::FieldViolations v;
  CheckCaseId(req->case_id(), v);
  const v1::RecoveryPayment& p = req->payment();
  if (p.request_id().empty() || p.request_id().size() > 64) {
    v.Add("payment.request_id", "1 to 64 characters");
  }
  if (p.kind() != v1::RECOVERY_KIND_OVERPAYMENT && p.kind() != v1::RECOVERY_KIND_FINE) {
    v.Add("payment.kind", "OVERPAYMENT or FINE is required");
  }
  if (p.amount_cents() <= 0 || p.amount_cents() > 100'000'000) {
    v.Add("payment.amount_cents", "must be in 1..100000000");
  }
  std::optional<absl::CivilDay> paid_on = FromProtoDate(p.paid_on());
  if (!paid_on.has_value()) v.Add("payment.paid_on", "a valid date is required");
  if (!v.empty()) return errors::ToGrpcStatus(v.ToStatus());
  RecoveryPayment payment{p.request_id(), p.kind() == v1::RECOVERY_KIND_FINE, p.amount_cents(),
                          *paid_on};
  absl::Status s = d_.db.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(ControlCase c, cases_.Get(tx, req->case_id()));
    if (!InScope(*call, c.tad))
      return absl::PermissionDeniedError("this case is outside your territories");
    RETURN_IF_ERROR(CheckRecoveryAllowed(c.status, c.qualification));
    ASSIGN_OR_RETURN(bool recorded, cases_.AddRecovery(tx, c.id, payment, d_.clock.Now()));
    if (recorded) {
      RETURN_IF_ERROR(d_.audit.Record(tx, *call, audit::AuditAction::kWrite, "fraud_case", c.id));
      ASSIGN_OR_RETURN(c, cases_.Get(tx, c.id));
      StageCaseEvent(d_.outbox, tx, "fraud.case.recovery_recorded", c);
    }
    ASSIGN_OR_RETURN(*resp, LoadCase(tx, c.id));
    return absl::OkStatus();
  });
  if (!s.ok()) {
    resp->Clear();
    return errors::ToGrpcStatus(s);
  }
  RefreshMetrics();
  return grpc::Status::OK;
}

grpc::Status FraudService::CloseCase(grpc::ServerContext* ctx, const v1::CloseCaseRequest* req,
                                     v1::Case* resp) {
  absl::StatusOr<auth::CallAuthorization> call = d_.authorizer.Authorize(ctx);
  if (!call.ok()) return errors::ToGrpcStatus(call.status());
  errors::FieldViolations v;
  CheckCaseId(req->case_id(), v);
  if (!v.empty()) return errors::ToGrpcStatus(v.ToStatus());
  auto result = ChangeCase(*call, req->case_id(), req->etag(), "fraud.case.status_changed",
                           [](ControlCase& c, const auth::CallAuthorization&) -> absl::Status {
                             RETURN_IF_ERROR(CheckTransition(c.status, CaseStatus::kClosed));
                             c.status = CaseStatus::kClosed;
                             return absl::OkStatus();
                           });
  if (!result.ok()) return errors::ToGrpcStatus(result.status());
  *resp = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace parcours::fraud
