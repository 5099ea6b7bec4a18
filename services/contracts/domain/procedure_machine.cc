#include "services/contracts/domain/procedure_machine.h"

#include "absl/strings/str_cat.h"

namespace parcours::contracts {
namespace {

using S = ProcedureStatus;
using A = ProcedureAction;

// What the decision must be for a step to exist: applying needs a sanction, closing a
// DECIDED procedure needs a decision that maintains the allowance.
enum class Needs { kNothing, kSanction, kMaintain };

struct Transition {
  S from;
  A action;
  S to;
  Needs needs;
};

constexpr Transition kTransitions[] = {
    {S::kOpened, A::kNotify, S::kNotified, Needs::kNothing},
    {S::kOpened, A::kCancel, S::kCancelled, Needs::kNothing},
    {S::kNotified, A::kRecordObservations, S::kNotified, Needs::kNothing},
    {S::kNotified, A::kRefer, S::kHearing, Needs::kNothing},
    {S::kNotified, A::kCancel, S::kCancelled, Needs::kNothing},
    {S::kHearing, A::kRecordObservations, S::kHearing, Needs::kNothing},
    {S::kHearing, A::kDecide, S::kDecided, Needs::kNothing},
    {S::kHearing, A::kCancel, S::kCancelled, Needs::kNothing},
    {S::kDecided, A::kApply, S::kSanctioned, Needs::kSanction},
    {S::kDecided, A::kClose, S::kClosed, Needs::kMaintain},
    {S::kSanctioned, A::kClose, S::kClosed, Needs::kNothing},
};

bool Satisfied(Needs needs, const SanctionProcedure& p) {
  const bool maintain = p.decision.has_value() && p.decision->kind == DecisionKind::kMaintain;
  switch (needs) {
    case Needs::kNothing: return true;
    case Needs::kSanction: return p.decision.has_value() && !maintain;
    case Needs::kMaintain: return maintain;
  }
  return false;
}

}  // namespace

const char* Name(ProcedureAction a) {
  switch (a) {
    case A::kNotify: return "notify";
    case A::kRecordObservations: return "record observations on";
    case A::kRefer: return "refer";
    case A::kDecide: return "decide";
    case A::kApply: return "apply";
    case A::kClose: return "close";
    case A::kCancel: return "cancel";
  }
  return "unknown";
}

absl::StatusOr<ProcedureStatus> Next(const SanctionProcedure& p, ProcedureAction action) {
  for (const Transition& t : kTransitions) {
    if (t.from != p.status || t.action != action) continue;
    if (Satisfied(t.needs, p)) return t.to;
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot ", Name(action), " a procedure in ", Name(p.status), " whose decision is ",
        p.decision.has_value() ? Name(p.decision->kind) : "missing"));
  }
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", Name(action), " a procedure in ", Name(p.status)));
}

bool IsFinal(ProcedureStatus s) { return s == S::kClosed || s == S::kCancelled; }

}  // namespace parcours::contracts
