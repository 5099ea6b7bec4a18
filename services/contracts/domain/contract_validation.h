// The rules a contract's content must follow before anything is written: required fields,
// duration bounds per kind, weekly hours of the contrat d'engagement, the pack sortie's
// six months, objectives and actions that hold together; and whether the beneficiary's
// orientation allows the kind at all. Violations are named by their request path
// ("contract.actions[2].objective_id") so that a client can show them.
//
//   ApplyDefaults(rules, contract);                 // weekly hours, statuses, ids
//   FieldViolations v;
//   ValidateContent(rules, contract, "contract", v);
//   RETURN_IF_ERROR(v.ToStatus());
//   RETURN_IF_ERROR(CheckOrientationFits(rules, contract.kind, orientation));
#ifndef PARCOURS_SERVICES_CONTRACTS_DOMAIN_CONTRACT_VALIDATION_H_
#define PARCOURS_SERVICES_CONTRACTS_DOMAIN_CONTRACT_VALIDATION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "libs/errors/field_violations.h"
#include "services/contracts/domain/model.h"
#include "services/contracts/domain/rules.h"

namespace parcours::contracts {

inline constexpr size_t kMaxObjectives = 50;
inline constexpr size_t kMaxActions = 200;
inline constexpr size_t kMaxTextLength = 4000;
inline constexpr size_t kMaxIdLength = 64;

// Fills what the caller may leave out: the kind's default weekly hours, IN_PROGRESS and
// PLANNED statuses, ids of new objectives and actions (`now` orders them).
void ApplyDefaults(const ContractRules& rules, Contract& contract, absl::Time now);

// Adds a violation for each rule `contract` breaks; field paths start with `prefix`.
void ValidateContent(const ContractRules& rules, const Contract& contract,
                     const std::string& prefix, errors::FieldViolations& violations);

// FAILED_PRECONDITION unless the beneficiary is oriented, still in the RSA, and oriented
// with a type that the kind fits (a CER_SOCIAL for a SOCIAL orientation...).
absl::Status CheckOrientationFits(const ContractRules& rules, ContractKind kind,
                                  const OrientationInfo& orientation);

// The violations of a sanction decision against the legal bounds; `repeat` when the
// beneficiary was already sanctioned (longer durations allowed).
void ValidateDecision(const ContractRules& rules, const Decision& decision, bool repeat,
                      const std::string& prefix, errors::FieldViolations& violations);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_DOMAIN_CONTRACT_VALIDATION_H_
