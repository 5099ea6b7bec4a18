// The events this service publishes on its feed, built from the domain: pseudonymous
// (beneficiary id and territory in the envelope, no free text in the payload — objectives,
// project, observations and opinions stay in the database).
//
//   outbox.Stage(tx, ContractEvent(contract, "contracts.contract.activated", previous));
#ifndef PARCOURS_SERVICES_CONTRACTS_STORE_CONTRACT_EVENTS_H_
#define PARCOURS_SERVICES_CONTRACTS_STORE_CONTRACT_EVENTS_H_

#include <string>

#include "parcours/events/v1/events.pb.h"
#include "services/contracts/domain/model.h"

namespace parcours::contracts {

inline constexpr char kEventSource[] = "contracts";

events::v1::Event ContractEvent(const Contract& c, const std::string& type,
                                ContractStatus previous);
events::v1::Event ProcedureEvent(const SanctionProcedure& p, const std::string& type,
                                 ProcedureStatus previous);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_STORE_CONTRACT_EVENTS_H_
