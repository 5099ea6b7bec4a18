// The contracts service's authorization table (one entry per RPC) and how a caller's roles
// narrow what it sees: a référent its own caseload, an orientation agent its territories,
// admin and service identities everything their entry allows.
#ifndef PARCOURS_SERVICES_CONTRACTS_AUTHORIZATION_H_
#define PARCOURS_SERVICES_CONTRACTS_AUTHORIZATION_H_

#include "libs/auth/authorizer.h"
#include "libs/auth/policy.h"
#include "services/contracts/store/contracts_store.h"

namespace parcours::contracts {

auth::AuthorizationPolicy ContractsPolicy();

// What `call`'s principal may see. The table's scope is the narrowest (a référent's
// caseload); wider roles held by the caller widen it: orientation_agent to its
// territories, admin and service identities to everything.
Visibility VisibilityOf(const auth::CallAuthorization& call);

// A person, not a service identity (only a person decides a sanction).
bool IsPerson(const auth::Principal& p);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_AUTHORIZATION_H_
