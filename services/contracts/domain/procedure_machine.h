// The sanction procedure's state machine (fiche 2-4's automation): OPENED → NOTIFIED →
// HEARING → DECIDED → SANCTIONED → CLOSED, DECIDED → CLOSED when the decision maintains
// the allowance, and OPENED | NOTIFIED | HEARING → CANCELLED. Some steps depend on the
// decision taken, so Next() looks at the whole procedure, not only its status.
//
//   ASSIGN_OR_RETURN(ProcedureStatus to, Next(procedure, ProcedureAction::kApply));
//
// Who may take a step is the service's business (only a person decides); this table says
// only which steps exist.
#ifndef PARCOURS_SERVICES_CONTRACTS_DOMAIN_PROCEDURE_MACHINE_H_
#define PARCOURS_SERVICES_CONTRACTS_DOMAIN_PROCEDURE_MACHINE_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "services/contracts/domain/model.h"

namespace parcours::contracts {

enum class ProcedureAction {
  kNotify,              // the notice is sent: the response deadline starts
  kRecordObservations,  // the person's observations
  kRefer,               // to the équipe pluridisciplinaire (by a person, or when the
                        // response deadline passed)
  kDecide,
  kApply,   // the sanction decided is applied
  kClose,
  kCancel,  // the breach is withdrawn before a decision
};
inline constexpr ProcedureAction kAllProcedureActions[] = {
    ProcedureAction::kNotify, ProcedureAction::kRecordObservations, ProcedureAction::kRefer,
    ProcedureAction::kDecide, ProcedureAction::kApply,              ProcedureAction::kClose,
    ProcedureAction::kCancel};

const char* Name(ProcedureAction a);

// The status after `action`, or FAILED_PRECONDITION naming the action and the status.
absl::StatusOr<ProcedureStatus> Next(const SanctionProcedure& p, ProcedureAction action);

bool IsFinal(ProcedureStatus s);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_DOMAIN_PROCEDURE_MACHINE_H_
