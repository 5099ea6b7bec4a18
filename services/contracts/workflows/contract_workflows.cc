#include "services/contracts/workflows/contract_workflows.h"

#include "absl/strings/str_cat.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "services/contracts/domain/contract_validation.h"
#include "services/contracts/domain/deadlines.h"

namespace parcours::contracts {
namespace {

std::string EventType(ContractStatus after, const char* fallback) {
  switch (after) {
    case ContractStatus::kPendingSignature:
      return "contracts.contract.submitted";
    case ContractStatus::kActive:
      return "contracts.contract.activated";
    case ContractStatus::kSuspended:
      return "contracts.contract.suspended";
    case ContractStatus::kCompleted:
      return "contracts.contract.completed";
    case ContractStatus::kTerminated:
      return "contracts.contract.terminated";
    case ContractStatus::kExpired:
      return "contracts.contract.expired";
    default:
      return fallback;
  }
}

}  // namespace

absl::Status ContractWorkflows::CheckPrescriptions(Contract& c, const std::string& prefix) {
  for (size_t i = 0; i < c.actions.size(); ++i) {
    Action& a = c.actions[i];
    if (a.prescription_id.empty()) continue;
    const std::string path = absl::StrCat(prefix, ".actions[", i, "]");
    absl::StatusOr<PrescriptionInfo> found = catalogue_.GetPrescription(a.prescription_id);
    if (found.status().code() == absl::StatusCode::kNotFound) {
      return errors::InvalidField(path + ".prescription_id",
                                  "the catalogue has no such prescription");
    }
    ASSIGN_OR_RETURN(PrescriptionInfo p, std::move(found));
    if (p.beneficiary_id != c.beneficiary_id) {
      return errors::InvalidField(path + ".prescription_id", "prescribed to another beneficiary");
    }
    if (!a.offer_id.empty() && a.offer_id != p.offer_id) {
      return errors::InvalidField(path + ".offer_id", "not the offer of the prescription");
    }
    a.offer_id = p.offer_id;
  }
  return absl::OkStatus();
}

absl::StatusOr<Contract> ContractWorkflows::Create(Contract draft, const Actor& actor) {
  ASSIGN_OR_RETURN(std::optional<Contract> first, store_.FindContractByRequest(draft.request_id));
  if (first.has_value()) {
    RETURN_IF_ERROR(CheckVisible(actor.visibility, first->referent_id, first->tad));
    return *std::move(first);
  }
  return CreateChecked(std::move(draft), actor);
}

absl::StatusOr<Contract> ContractWorkflows::CreateChecked(Contract c, const Actor& actor) {
  ApplyDefaults(rules_, c, clock_.Now());
  errors::FieldViolations v;
  ValidateContent(rules_, c, "contract", v);
  RETURN_IF_ERROR(v.ToStatus());
  // Peers last among the checks, first before the write: a bad request never waits on them.
  ASSIGN_OR_RETURN(OrientationInfo o, orientation_.GetOrientation(c.beneficiary_id));
  RETURN_IF_ERROR(CheckOrientationFits(rules_, c.kind, o));
  RETURN_IF_ERROR(CheckVisible(actor.visibility, o.referent_id, o.tad));
  RETURN_IF_ERROR(CheckPrescriptions(c, "contract"));
  c.id = NewId("ctr", clock_.Now());
  c.status = ContractStatus::kDraft;
  c.referent_id = o.referent_id;
  c.orientation_decision_id = o.decision_id;
  c.orientation_type = o.type;
  c.orientation_date = o.decided_on;
  c.tad = o.tad;
  c.mds = o.mds;
  c.renewal_due_date = RenewalDueDate(rules_, c.end_date);
  bool created = false;
  return store_.CreateContract(c, actor.audit, &created);
}

absl::StatusOr<Contract> ContractWorkflows::Get(const std::string& id, const Actor& actor) {
  ASSIGN_OR_RETURN(Contract c, store_.GetContract(id));
  RETURN_IF_ERROR(CheckVisible(actor.visibility, c.referent_id, c.tad));
  return c;
}

absl::StatusOr<Contract> ContractWorkflows::Update(const std::string& id, int64_t version,
                                                   const Contract& patch,
                                                   const std::set<std::string>& paths,
                                                   const Actor& actor) {
  ASSIGN_OR_RETURN(Contract current, Get(id, actor));
  RETURN_IF_ERROR(Next(current.status, ContractAction::kEdit).status());
  Contract next = current;
  auto has = [&](const char* p) { return paths.count(p) > 0; };
  if (has("insertion_project")) next.insertion_project = patch.insertion_project;
  if (has("start_date")) next.start_date = patch.start_date;
  if (has("end_date")) next.end_date = patch.end_date;
  if (has("weekly_hours")) next.weekly_hours = patch.weekly_hours;
  if (has("reduced_hours_reason")) next.reduced_hours_reason = patch.reduced_hours_reason;
  if (has("return_to_work_date")) next.return_to_work_date = patch.return_to_work_date;
  if (has("objectives")) next.objectives = patch.objectives;
  if (has("actions")) next.actions = patch.actions;
  ApplyDefaults(rules_, next, clock_.Now());
  errors::FieldViolations v;
  ValidateContent(rules_, next, "contract", v);
  RETURN_IF_ERROR(v.ToStatus());
  if (has("actions")) RETURN_IF_ERROR(CheckPrescriptions(next, "contract"));
  next.renewal_due_date = RenewalDueDate(rules_, next.end_date);
  return store_.MutateContract(
      id, version,
      [&](Contract& c, ContractTx&) -> absl::StatusOr<std::string> {
        RETURN_IF_ERROR(Next(c.status, ContractAction::kEdit).status());
        if (c.version != current.version) {
          return absl::AbortedError("the contract changed meanwhile, read it again");
        }
        const int64_t stored_version = c.version;
        c = next;
        c.version = stored_version;
        return std::string("contracts.contract.updated");
      },
      actor.audit);
}

absl::StatusOr<Contract> ContractWorkflows::Transition(const std::string& id, int64_t version,
                                                       ContractAction action,
                                                       const std::string& reason,
                                                       const Actor& actor) {
  ASSIGN_OR_RETURN(Contract current, Get(id, actor));
  const absl::CivilDay today = clock_.Today();
  return store_.MutateContract(
      id, version,
      [&](Contract& c, ContractTx&) -> absl::StatusOr<std::string> {
        if (action == ContractAction::kSubmit && c.objectives.empty() &&
            c.kind != ContractKind::kPpae) {
          return absl::FailedPreconditionError(
              "a contract needs at least one objective before it is submitted for signature");
        }
        RETURN_IF_ERROR(Apply(c, action, today));
        if (!reason.empty()) c.status_reason = reason;
        return EventType(c.status, "contracts.contract.changed");
      },
      actor.audit);
}

absl::StatusOr<Contract> ContractWorkflows::Sign(const std::string& id, int64_t version,
                                                 Party party, const Actor& actor) {
  ASSIGN_OR_RETURN(Contract current, Get(id, actor));
  const absl::CivilDay today = clock_.Today();
  const absl::Time now = clock_.Now();
  return store_.MutateContract(
      id, version,
      [&](Contract& c, ContractTx& tx) -> absl::StatusOr<std::string> {
        RETURN_IF_ERROR(Next(c.status, ContractAction::kSign).status());
        if (c.SignedBy(party)) {
          return absl::FailedPreconditionError(
              absl::StrCat("the ", Name(party), " has already signed"));
        }
        c.signatures.push_back({party, actor.subject, now});
        if (!c.SignedBy(Party::kBeneficiary) || !c.SignedBy(Party::kReferent)) {
          return std::string("contracts.contract.signed");
        }
        // The second signature brings it into force: a renewal replaces the contract it
        // renews; any other contract in force is a conflict (the unique index also says so
        // when two activations race).
        ASSIGN_OR_RETURN(std::optional<std::string> other, tx.OtherInForce(c.beneficiary_id, c.id));
        if (other.has_value() && *other == c.renewal_of) {
          RETURN_IF_ERROR(tx.MutateOther(*other, [&](Contract& old) -> absl::StatusOr<std::string> {
            RETURN_IF_ERROR(Apply(old, ContractAction::kComplete, today));
            old.status_reason = absl::StrCat("renewed by ", c.id);
            return std::string("contracts.contract.completed");
          }));
        } else if (other.has_value()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "beneficiary ", c.beneficiary_id, " already has a contract in force: ", *other));
        }
        RETURN_IF_ERROR(Apply(c, ContractAction::kActivate, today));
        c.next_review_date = FirstReviewDate(rules_, c.start_date);
        return std::string("contracts.contract.activated");
      },
      actor.audit);
}

absl::StatusOr<Contract> ContractWorkflows::Renew(const std::string& request_id,
                                                  const std::string& id,
                                                  std::optional<absl::CivilDay> start,
                                                  absl::CivilDay end, const Actor& actor) {
  ASSIGN_OR_RETURN(std::optional<Contract> first, store_.FindContractByRequest(request_id));
  if (first.has_value()) {
    RETURN_IF_ERROR(CheckVisible(actor.visibility, first->referent_id, first->tad));
    return *std::move(first);
  }
  ASSIGN_OR_RETURN(Contract source, Get(id, actor));
  RETURN_IF_ERROR(Next(source.status, ContractAction::kRenew).status());
  Contract draft;
  draft.request_id = request_id;
  draft.beneficiary_id = source.beneficiary_id;
  draft.kind = source.kind;
  draft.start_date = start.value_or(source.end_date + 1);
  draft.end_date = end;
  draft.weekly_hours = source.weekly_hours;
  draft.reduced_hours_reason = source.reduced_hours_reason;
  draft.return_to_work_date = source.return_to_work_date;
  draft.insertion_project = source.insertion_project;
  for (const Objective& o : source.objectives) {
    if (o.status == ObjectiveStatus::kInProgress) draft.objectives.push_back(o);
  }
  for (const Action& a : source.actions) {
    const bool open = a.status == ActionStatus::kPlanned || a.status == ActionStatus::kInProgress ||
                      a.status == ActionStatus::kStandby;
    bool objective_kept = false;
    for (const Objective& o : draft.objectives) objective_kept |= o.id == a.objective_id;
    if (open && objective_kept) draft.actions.push_back(a);
  }
  draft.renewal_of = source.id;
  return CreateChecked(std::move(draft), actor);
}

absl::StatusOr<Contract> ContractWorkflows::RecordReview(const std::string& id, int64_t version,
                                                         const ReviewInput& review,
                                                         const Actor& actor) {
  ASSIGN_OR_RETURN(Contract current, Get(id, actor));
  const absl::Time now = clock_.Now();
  return store_.MutateContract(
      id, version,
      [&](Contract& c, ContractTx&) -> absl::StatusOr<std::string> {
        RETURN_IF_ERROR(Next(c.status, ContractAction::kReview).status());
        for (size_t i = 0; i < review.action_updates.size(); ++i) {
          const auto& [action_id, status] = review.action_updates[i];
          bool found = false;
          for (Action& a : c.actions) {
            if (a.id != action_id) continue;
            a.status = status;
            found = true;
          }
          if (!found) {
            return errors::InvalidField(absl::StrCat("action_updates[", i, "].action_id"),
                                        "no such action in this contract");
          }
        }
        c.reviews.push_back({NewId("rev", now), review.review_date, review.summary,
                             review.next_review_date, actor.subject, now});
        c.next_review_date = review.next_review_date;
        return std::string("contracts.contract.reviewed");
      },
      actor.audit);
}

absl::Status ContractWorkflows::Expire(const std::string& id, absl::CivilDay today) {
  return store_
      .MutateContract(
          id, 0,
          [&](Contract& c, ContractTx&) -> absl::StatusOr<std::string> {
            if (c.end_date >= today) return absl::FailedPreconditionError("not ended yet");
            RETURN_IF_ERROR(Apply(c, ContractAction::kExpire, today));
            c.status_reason = "end date passed";
            return std::string("contracts.contract.expired");
          },
          nullptr)
      .status();
}

}  // namespace parcours::contracts
