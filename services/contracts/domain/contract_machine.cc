#include "services/contracts/domain/contract_machine.h"

#include "absl/strings/str_cat.h"

namespace parcours::contracts {
namespace {

struct Transition {
  ContractStatus from;
  ContractAction action;
  ContractStatus to;
};

using S = ContractStatus;
using A = ContractAction;

// Every allowed (status, action) pair; anything absent is forbidden.
constexpr Transition kTransitions[] = {
    {S::kDraft, A::kEdit, S::kDraft},
    {S::kDraft, A::kSubmit, S::kPendingSignature},
    {S::kDraft, A::kTerminate, S::kTerminated},
    {S::kPendingSignature, A::kSign, S::kPendingSignature},
    {S::kPendingSignature, A::kActivate, S::kActive},
    {S::kPendingSignature, A::kTerminate, S::kTerminated},
    {S::kActive, A::kSuspend, S::kSuspended},
    {S::kActive, A::kComplete, S::kCompleted},
    {S::kActive, A::kTerminate, S::kTerminated},
    {S::kActive, A::kExpire, S::kExpired},
    {S::kActive, A::kReview, S::kActive},
    {S::kActive, A::kRenew, S::kActive},
    {S::kSuspended, A::kResume, S::kActive},
    {S::kSuspended, A::kTerminate, S::kTerminated},
    {S::kSuspended, A::kExpire, S::kExpired},
    {S::kSuspended, A::kReview, S::kSuspended},
    {S::kSuspended, A::kRenew, S::kSuspended},
};

}  // namespace

const char* Name(ContractAction a) {
  switch (a) {
    case A::kEdit: return "edit";
    case A::kSubmit: return "submit";
    case A::kSign: return "sign";
    case A::kActivate: return "activate";
    case A::kSuspend: return "suspend";
    case A::kResume: return "resume";
    case A::kComplete: return "complete";
    case A::kTerminate: return "terminate";
    case A::kExpire: return "expire";
    case A::kReview: return "review";
    case A::kRenew: return "renew";
  }
  return "unknown";
}

absl::StatusOr<ContractStatus> Next(ContractStatus from, ContractAction action) {
  for (const Transition& t : kTransitions) {
    if (t.from == from && t.action == action) return t.to;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", Name(action), " a contract in ", Name(from)));
}

absl::Status Apply(Contract& c, ContractAction action, absl::CivilDay today) {
  absl::StatusOr<ContractStatus> to = Next(c.status, action);
  if (!to.ok()) return to.status();
  const bool was_in_force = InForce(c.status);
  c.status = *to;
  if (!was_in_force && InForce(c.status)) c.activated_on = today;
  if (was_in_force && IsFinal(c.status)) {
    c.ended_on = action == ContractAction::kExpire ? c.end_date + 1 : today;
  }
  return absl::OkStatus();
}

bool InForce(ContractStatus s) { return s == S::kActive || s == S::kSuspended; }

bool IsFinal(ContractStatus s) {
  return s == S::kCompleted || s == S::kTerminated || s == S::kExpired;
}

}  // namespace parcours::contracts
