// The orientation service's authorization table: every RPC, the roles allowed, the scope
// handlers apply in their queries, and whether it touches personal data (then every call
// is written to the audit log). Nothing else lives here.
//
//   auth::Authorizer authorizer(verifier, OrientationPolicy());
#ifndef PARCOURS_SERVICES_ORIENTATION_AUTHORIZATION_H_
#define PARCOURS_SERVICES_ORIENTATION_AUTHORIZATION_H_

#include "libs/auth/policy.h"

namespace parcours::orientation {

inline constexpr char kContractsService[] = "service:contracts";
inline constexpr char kFraudService[] = "service:fraud";
inline constexpr char kEvaluationService[] = "service:evaluation";

auth::AuthorizationPolicy OrientationPolicy();

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_AUTHORIZATION_H_
