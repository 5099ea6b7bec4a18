// Who acts on a contract or procedure, as the workflows need it: a subject for the steps'
// "who", whether it is a person (only a person decides a sanction), what the caller may
// see, and the audit record written in the same transaction as the change.
#ifndef PARCOURS_SERVICES_CONTRACTS_WORKFLOWS_ACTOR_H_
#define PARCOURS_SERVICES_CONTRACTS_WORKFLOWS_ACTOR_H_

#include <string>

#include "services/contracts/store/contracts_store.h"

namespace parcours::contracts {

struct Actor {
  std::string subject;
  bool is_person = false;
  Visibility visibility;  // empty: everything
  InTx audit;             // may be empty (automation writes no personal-data audit record)
};

// The subject automation acts as in procedure steps.
inline constexpr char kAutomationSubject[] = "service:contracts";

// PERMISSION_DENIED unless a record of `referent_id` in `tad` is visible to `v`.
absl::Status CheckVisible(const Visibility& v, const std::string& referent_id,
                          const std::string& tad);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_WORKFLOWS_ACTOR_H_
