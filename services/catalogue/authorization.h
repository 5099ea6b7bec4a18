// Who may call which catalogue RPC (ARCHITECTURE.md section 8): one entry per method of
// parcours.catalogue.v1.Catalogue and of the event feed this service serves.
//
//   Authorizer authorizer(verifier, CataloguePolicy());
#ifndef PARCOURS_SERVICES_CATALOGUE_AUTHORIZATION_H_
#define PARCOURS_SERVICES_CATALOGUE_AUTHORIZATION_H_

#include "libs/auth/policy.h"

namespace parcours::catalogue {

// Service identities that call the catalogue.
inline constexpr char kCatalogueService[] = "service:catalogue";  // its own replicas (feed)
inline constexpr char kOrientationService[] = "service:orientation";
inline constexpr char kContractsService[] = "service:contracts";
inline constexpr char kEvaluationService[] = "service:evaluation";

auth::AuthorizationPolicy CataloguePolicy();

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_AUTHORIZATION_H_
