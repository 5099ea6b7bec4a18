// The contract's state machine, as one table: DRAFT → PENDING_SIGNATURE → ACTIVE →
// COMPLETED | TERMINATED | EXPIRED, with ACTIVE ⇄ SUSPENDED. Everything that changes a
// contract asks Next() first, so a forbidden transition is refused the same way everywhere
// (FAILED_PRECONDITION naming the action and the status) and before anything is written.
//
//   ASSIGN_OR_RETURN(ContractStatus to, Next(ContractStatus::kActive, ContractAction::kSuspend));
//   // to == ContractStatus::kSuspended
#ifndef PARCOURS_SERVICES_CONTRACTS_DOMAIN_CONTRACT_MACHINE_H_
#define PARCOURS_SERVICES_CONTRACTS_DOMAIN_CONTRACT_MACHINE_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "services/contracts/domain/model.h"

namespace parcours::contracts {

enum class ContractAction {
  kEdit,       // change a draft's content
  kSubmit,     // send for signature
  kSign,       // one party signs (the contract stays PENDING_SIGNATURE)
  kActivate,   // the second signature: the contract comes into force
  kSuspend,
  kResume,
  kComplete,   // objectives reached before the end
  kTerminate,  // abandoned or broken, before or after signature
  kExpire,     // the end date passed (deadline job)
  kReview,     // point étape: the status does not change
  kRenew,      // a renewal is drafted from this contract: the status does not change
};
inline constexpr ContractAction kAllContractActions[] = {
    ContractAction::kEdit,    ContractAction::kSubmit,    ContractAction::kSign,
    ContractAction::kActivate, ContractAction::kSuspend,  ContractAction::kResume,
    ContractAction::kComplete, ContractAction::kTerminate, ContractAction::kExpire,
    ContractAction::kReview,  ContractAction::kRenew};

const char* Name(ContractAction a);

// The status after `action`, or FAILED_PRECONDITION when the action is not allowed from
// `from` ("cannot suspend a contract in DRAFT").
absl::StatusOr<ContractStatus> Next(ContractStatus from, ContractAction action);

// Next(), then the dates a transition sets on `c`: activated_on when it comes into force
// on `today`, ended_on when it leaves force (the day after end_date for an expiry).
absl::Status Apply(Contract& c, ContractAction action, absl::CivilDay today);

// Whether a contract in `s` binds the beneficiary (ACTIVE or SUSPENDED).
bool InForce(ContractStatus s);
// Whether `s` is final (COMPLETED, TERMINATED, EXPIRED).
bool IsFinal(ContractStatus s);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_DOMAIN_CONTRACT_MACHINE_H_
