// The fraud service's authorization table: one entry per RPC (the matrix test checks that
// every method of the proto is listed). Files, scores and cases are for controllers (and
// admins, except that qualifications and fines need a controller); steering and the
// evaluation service get aggregates only.
#ifndef PARCOURS_SERVICES_FRAUD_AUTHORIZATION_H_
#define PARCOURS_SERVICES_FRAUD_AUTHORIZATION_H_

#include <string>
#include <vector>

#include "libs/auth/authorizer.h"
#include "libs/auth/policy.h"

namespace parcours::fraud {

auth::AuthorizationPolicy AuthorizationTable();

// The territories a call may reach, for a WHERE clause: empty = every territory.
std::vector<std::string> ScopeTerritories(const auth::CallAuthorization& call);
// Whether a record of territory `tad` is within the call's scope.
bool InScope(const auth::CallAuthorization& call, const std::string& tad);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_AUTHORIZATION_H_
