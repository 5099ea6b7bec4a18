// The authorization table of one service: for every RPC, the roles allowed and the scope
// the handler must apply to its queries. A method with no entry is denied, and the
// authorization-matrix test fails when a service has an RPC without an entry.
//
//   AuthorizationPolicy policy;
//   policy.Allow("/parcours.catalogue.v1.Catalogue/GetOffer",
//                {kReferent, kOperator, kSteering, kAdmin}, Scope::kAny);
//   policy.Allow("/parcours.orientation.v1.Orientation/GetBeneficiary",
//                {kReferent, kOrientationAgent}, Scope::kOwnTerritory, PersonalData::kYes);
//   policy.AllowPublic("/grpc.health.v1.Health/Check");
#ifndef PARCOURS_LIBS_AUTH_POLICY_H_
#define PARCOURS_LIBS_AUTH_POLICY_H_

#include <map>
#include <string>
#include <vector>

#include "libs/auth/principal.h"

namespace parcours::auth {

// What part of the data a caller allowed on a method may reach. Handlers apply it in their
// queries (a WHERE clause), never by filtering results afterwards.
enum class Scope {
  kAny,             // everything the method returns
  kOwnTerritory,    // records of the caller's territories
  kOwnCaseload,     // the caller's own beneficiaries (référents)
  kOwnStructure,    // the caller's structure's offers and prescriptions (operators)
  kAggregatesOnly,  // aggregates with statistical secrecy, no personal data
};

enum class PersonalData { kNo, kYes };  // kYes: every call is written to the audit log

struct Rule {
  std::vector<std::string> roles;  // any one of them suffices
  Scope scope = Scope::kAny;
  PersonalData personal_data = PersonalData::kNo;
  bool is_public = false;          // no token needed (health, reflection)
};

class AuthorizationPolicy {
 public:
  // Standard entries every server has: health and reflection are public.
  AuthorizationPolicy();

  void Allow(const std::string& full_method, std::vector<std::string> roles,
             Scope scope = Scope::kAny, PersonalData personal_data = PersonalData::kNo);
  // The same roles for every method of a service prefix "/pkg.Service/" not listed yet is
  // deliberately NOT offered: each method is listed on its own.
  void AllowPublic(const std::string& full_method);

  // The rule for a method, or nullptr (deny).
  const Rule* Find(const std::string& full_method) const;
  const std::map<std::string, Rule>& rules() const { return rules_; }

 private:
  std::map<std::string, Rule> rules_;
};

// The roles a principal has that the rule allows (empty: denied).
bool Permits(const Rule& rule, const Principal& principal);

}  // namespace parcours::auth

#endif  // PARCOURS_LIBS_AUTH_POLICY_H_
