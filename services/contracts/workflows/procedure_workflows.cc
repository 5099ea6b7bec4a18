#include "services/contracts/workflows/procedure_workflows.h"

#include "absl/strings/str_cat.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "libs/errors/field_violations.h"
#include "services/contracts/domain/contract_validation.h"
#include "services/contracts/domain/deadlines.h"

namespace parcours::contracts {
namespace {

const char* EventType(ProcedureAction a) {
  switch (a) {
    case ProcedureAction::kNotify: return "contracts.procedure.notified";
    case ProcedureAction::kRecordObservations: return "contracts.procedure.observations_recorded";
    case ProcedureAction::kRefer: return "contracts.procedure.referred";
    case ProcedureAction::kDecide: return "contracts.procedure.decided";
    case ProcedureAction::kApply: return "contracts.procedure.applied";
    case ProcedureAction::kClose: return "contracts.procedure.closed";
    case ProcedureAction::kCancel: return "contracts.procedure.cancelled";
  }
  return "contracts.procedure.changed";
}

}  // namespace

absl::StatusOr<SanctionProcedure> ProcedureWorkflows::Open(const std::string& request_id,
                                                           const std::string& beneficiary_id,
                                                           Breach breach, const Actor& actor,
                                                           bool* created) {
  errors::FieldViolations v;
  if (beneficiary_id.empty()) v.Add("beneficiary_id", "required");
  if (breach.kind == BreachKind::kUnspecified) v.Add("breach.kind", "required");
  if (breach.description.empty()) v.Add("breach.description", "required");
  if (breach.description.size() > kMaxTextLength) v.Add("breach.description", "too long");
  RETURN_IF_ERROR(v.ToStatus());

  std::string tad, mds, referent_id;
  ASSIGN_OR_RETURN(std::optional<ProjectedOrientation> projected,
                   store_.GetProjectedOrientation(beneficiary_id));
  if (projected.has_value() && projected->info.oriented) {
    tad = projected->info.tad;
    referent_id = projected->info.referent_id;
  } else {
    ASSIGN_OR_RETURN(OrientationInfo o, orientation_.GetOrientation(beneficiary_id));
    tad = o.tad;
    referent_id = o.referent_id;
  }
  RETURN_IF_ERROR(CheckVisible(actor.visibility, referent_id, tad));
  if (!breach.contract_id.empty()) {
    absl::StatusOr<Contract> c = store_.GetContract(breach.contract_id);
    if (!c.ok() || c->beneficiary_id != beneficiary_id) {
      return errors::InvalidField("breach.contract_id", "not a contract of this beneficiary");
    }
  }
  SanctionProcedure p;
  p.id = NewId("prc", clock_.Now());
  p.request_id = request_id;
  p.beneficiary_id = beneficiary_id;
  p.tad = tad;
  p.referent_id = referent_id;
  p.breach = std::move(breach);
  p.breach.detected = !actor.is_person;
  p.status = ProcedureStatus::kOpened;
  p.steps.push_back({ProcedureStatus::kOpened, actor.subject, clock_.Now(), p.breach.description});
  ASSIGN_OR_RETURN(SanctionProcedure stored, store_.CreateProcedure(p, actor.audit, created));
  RETURN_IF_ERROR(CheckVisible(actor.visibility, stored.referent_id, stored.tad));
  return stored;
}

absl::StatusOr<SanctionProcedure> ProcedureWorkflows::Get(const std::string& id,
                                                          const Actor& actor) {
  ASSIGN_OR_RETURN(SanctionProcedure p, store_.GetProcedure(id));
  RETURN_IF_ERROR(CheckVisible(actor.visibility, p.referent_id, p.tad));
  return p;
}

absl::StatusOr<SanctionProcedure> ProcedureWorkflows::Step(const std::string& id, int64_t version,
                                                           ProcedureAction action,
                                                           const std::string& note,
                                                           const Actor& actor) {
  if ((action == ProcedureAction::kRecordObservations || action == ProcedureAction::kCancel) &&
      note.empty()) {
    return errors::InvalidField("note", action == ProcedureAction::kCancel
                                            ? "required: why the procedure is cancelled"
                                            : "required: the observations");
  }
  if (note.size() > kMaxTextLength) return errors::InvalidField("note", "too long");
  if (action == ProcedureAction::kDecide || action == ProcedureAction::kClose) {
    return absl::InvalidArgumentError("use Decide or Close");
  }
  RETURN_IF_ERROR(Get(id, actor).status());
  const absl::CivilDay today = clock_.Today();
  const absl::Time now = clock_.Now();
  return store_.MutateProcedure(
      id, version,
      [&](SanctionProcedure& p) -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(p.status, Next(p, action));
        if (action == ProcedureAction::kNotify) {
          p.notified_on = today;
          p.response_due_date = ResponseDueDate(rules_, today);
        }
        if (action == ProcedureAction::kRecordObservations) p.observations = note;
        p.steps.push_back({p.status, actor.subject, now, note});
        return std::string(EventType(action));
      },
      actor.audit);
}

absl::StatusOr<SanctionProcedure> ProcedureWorkflows::Decide(const std::string& id,
                                                             int64_t version, Decision decision,
                                                             const Actor& actor) {
  if (!actor.is_person) {
    return absl::PermissionDeniedError("only a person decides a sanction");
  }
  ASSIGN_OR_RETURN(SanctionProcedure current, Get(id, actor));
  ASSIGN_OR_RETURN(bool repeat, store_.WasSanctionedBefore(current.beneficiary_id, id));
  if (decision.kind == DecisionKind::kSuspension && decision.percent == 0) decision.percent = 100;
  errors::FieldViolations v;
  ValidateDecision(rules_, decision, repeat, "decision", v);
  RETURN_IF_ERROR(v.ToStatus());
  const absl::CivilDay today = clock_.Today();
  if (decision.kind == DecisionKind::kSuspensionRemobilisation) {
    decision.remobilisation_deadline = RemobilisationDeadline(rules_, today);
  }
  const absl::Time now = clock_.Now();
  return store_.MutateProcedure(
      id, version,
      [&](SanctionProcedure& p) -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(p.status, Next(p, ProcedureAction::kDecide));
        p.decision = decision;
        p.steps.push_back({p.status, actor.subject, now,
                           absl::StrCat(Name(decision.kind), " ", decision.percent, "% ",
                                        decision.months, " month(s)")});
        return std::string(EventType(ProcedureAction::kDecide));
      },
      actor.audit);
}

absl::StatusOr<SanctionProcedure> ProcedureWorkflows::Close(const std::string& id, int64_t version,
                                                            bool re_engaged,
                                                            const std::string& note,
                                                            const Actor& actor) {
  if (note.size() > kMaxTextLength) return errors::InvalidField("note", "too long");
  RETURN_IF_ERROR(Get(id, actor).status());
  const absl::CivilDay today = clock_.Today();
  const absl::Time now = clock_.Now();
  return store_.MutateProcedure(
      id, version,
      [&](SanctionProcedure& p) -> absl::StatusOr<std::string> {
        ASSIGN_OR_RETURN(p.status, Next(p, ProcedureAction::kClose));
        p.re_engaged = re_engaged;
        // Suspension-remobilisation: what was withheld is paid back when the person
        // re-engaged by the deadline.
        p.withheld_repaid = re_engaged && p.decision.has_value() &&
                            p.decision->kind == DecisionKind::kSuspensionRemobilisation &&
                            p.decision->remobilisation_deadline.has_value() &&
                            today <= *p.decision->remobilisation_deadline;
        p.steps.push_back({p.status, actor.subject, now, note});
        return std::string(EventType(ProcedureAction::kClose));
      },
      actor.audit);
}

}  // namespace parcours::contracts
