#include "services/fraud/authorization.h"

namespace parcours::fraud {
namespace {

constexpr char kPrefix[] = "/parcours.fraud.v1.Fraud/";
// Matches no territory code: a controller with no territory sees nothing (fail closed).
constexpr char kNoTerritory[] = "\x01none";

}  // namespace

auth::AuthorizationPolicy AuthorizationTable() {
  using auth::PersonalData;
  using auth::Scope;
  auth::AuthorizationPolicy p;
  auto allow = [&](const char* method, std::vector<std::string> roles, Scope scope,
                   PersonalData personal) {
    p.Allow(std::string(kPrefix) + method, std::move(roles), scope, personal);
  };
  const std::vector<std::string> controllers = {auth::kController, auth::kAdmin};
  const std::vector<std::string> aggregates = {auth::kController, auth::kAdmin, auth::kSteering,
                                               "service:evaluation"};
  for (const char* m :
       {"ImportHouseholds", "ImportDeclarations", "ImportCrossChecks", "ImportReports"}) {
    allow(m, controllers, Scope::kAny, PersonalData::kYes);
  }
  for (const char* m :
       {"GetHousehold", "ScoreHousehold", "ListScores", "GetCase", "ListCases", "AssignCase",
        "StartControl", "RecordAnswer", "RecordRecovery", "CloseCase"}) {
    allow(m, controllers, Scope::kOwnTerritory, PersonalData::kYes);
  }
  // No automatic sanction, and no sanction by anyone but a controller.
  for (const char* m : {"QualifyCase", "ImposeFine"}) {
    allow(m, {auth::kController}, Scope::kOwnTerritory, PersonalData::kYes);
  }
  for (const char* m : {"RunBatchScoring", "RescoreDirty"}) {
    allow(m, controllers, Scope::kAny, PersonalData::kNo);
  }
  allow("GetRuleSet", aggregates, Scope::kAny, PersonalData::kNo);
  allow("GetStatistics", aggregates, Scope::kAggregatesOnly, PersonalData::kNo);
  return p;
}

std::vector<std::string> ScopeTerritories(const auth::CallAuthorization& call) {
  if (call.rule.scope != auth::Scope::kOwnTerritory || call.principal.AllTerritories()) return {};
  if (call.principal.territories.empty()) return {kNoTerritory};
  return call.principal.territories;
}

bool InScope(const auth::CallAuthorization& call, const std::string& tad) {
  return call.rule.scope != auth::Scope::kOwnTerritory || call.principal.CoversTerritory(tad);
}

}  // namespace parcours::fraud
