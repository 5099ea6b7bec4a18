// Who is calling: a person (référent, agent, operator, controller, steering, admin, DPO)
// identified by an OIDC token, or a service identified by a service token.
#ifndef PARCOURS_LIBS_AUTH_PRINCIPAL_H_
#define PARCOURS_LIBS_AUTH_PRINCIPAL_H_

#include <algorithm>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace parcours::auth {

// Role names, as they appear in tokens and in the authorization tables.
inline constexpr char kReferent[] = "referent";
inline constexpr char kOrientationAgent[] = "orientation_agent";
inline constexpr char kOperator[] = "operator";
inline constexpr char kController[] = "controller";
inline constexpr char kSteering[] = "steering";
inline constexpr char kAdmin[] = "admin";
inline constexpr char kDpo[] = "dpo";
// Service identities: "service:catalogue", "service:orientation", ...
inline constexpr char kServicePrefix[] = "service:";

struct Principal {
  std::string subject;                   // stable user id or service name
  std::vector<std::string> roles;
  std::vector<std::string> territories;  // TAD or MDS codes; "*" means every territory
  std::string structure_id;              // the operator's or référent's structure, if any
  // The last instant the token is accepted (a JWT's exp plus the clock skew); static
  // service tokens do not expire.
  absl::Time expires = absl::InfiniteFuture();

  bool HasRole(const std::string& role) const {
    return std::find(roles.begin(), roles.end(), role) != roles.end();
  }
  bool CoversTerritory(const std::string& code) const {
    return std::find(territories.begin(), territories.end(), "*") != territories.end() ||
           std::find(territories.begin(), territories.end(), code) != territories.end();
  }
  bool AllTerritories() const {
    return std::find(territories.begin(), territories.end(), "*") != territories.end();
  }
};

}  // namespace parcours::auth

#endif  // PARCOURS_LIBS_AUTH_PRINCIPAL_H_
