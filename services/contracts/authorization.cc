#include "services/contracts/authorization.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace parcours::contracts {
namespace {

constexpr char kEvaluation[] = "service:evaluation";
constexpr char kFraud[] = "service:fraud";

std::string M(const char* method) {
  return absl::StrCat("/parcours.contracts.v1.Contracts/", method);
}

}  // namespace

auth::AuthorizationPolicy ContractsPolicy() {
  using auth::kAdmin;
  using auth::kOrientationAgent;
  using auth::kReferent;
  using auth::kSteering;
  using auth::PersonalData;
  using auth::Scope;
  auth::AuthorizationPolicy p;
  // Contracts: the référent writes them for its caseload; agents of the territory read.
  for (const char* m : {"CreateContract", "UpdateContract", "SubmitContract", "SignContract",
                        "SuspendContract", "ResumeContract", "CompleteContract",
                        "TerminateContract", "RenewContract", "RecordReview"}) {
    p.Allow(M(m), {kReferent, kAdmin}, Scope::kOwnCaseload, PersonalData::kYes);
  }
  // Evaluation projects contracts from the feed (pseudonymous events): it never needs to
  // read a contract itself.
  for (const char* m : {"GetContract", "ListContracts"}) {
    p.Allow(M(m), {kReferent, kOrientationAgent, kAdmin}, Scope::kOwnCaseload, PersonalData::kYes);
  }
  // Queues name beneficiaries (pseudonymously): personal data, for those who act on them.
  p.Allow(M("ListOverdue"), {kReferent, kOrientationAgent, kAdmin}, Scope::kOwnCaseload,
          PersonalData::kYes);
  p.Allow(M("GetOverdueCounts"), {kReferent, kOrientationAgent, kSteering, kAdmin},
          Scope::kAggregatesOnly);
  p.Allow(M("GetContractualisationRate"), {kOrientationAgent, kSteering, kAdmin, kEvaluation},
          Scope::kAggregatesOnly);
  p.Allow(M("GetTimeWithoutContract"), {kFraud, kAdmin}, Scope::kAny, PersonalData::kYes);
  p.Allow(M("RunDeadlineJob"), {kAdmin}, Scope::kAny);
  // Procedures: opened and moved on by référents and agents; decided by agents (persons,
  // after the équipe pluridisciplinaire), never by a service.
  for (const char* m :
       {"OpenProcedure", "GetProcedure", "ListProcedures", "NotifyProcedure", "RecordObservations",
        "ReferProcedure", "ApplyProcedure", "CloseProcedure", "CancelProcedure"}) {
    p.Allow(M(m), {kReferent, kOrientationAgent, kAdmin}, Scope::kOwnCaseload, PersonalData::kYes);
  }
  p.Allow(M("DecideProcedure"), {kOrientationAgent, kAdmin}, Scope::kOwnTerritory,
          PersonalData::kYes);
  return p;
}

bool IsPerson(const auth::Principal& p) {
  for (const std::string& r : p.roles) {
    if (absl::StartsWith(r, auth::kServicePrefix)) return false;
  }
  return !p.roles.empty();
}

Visibility VisibilityOf(const auth::CallAuthorization& call) {
  const auth::Principal& p = call.principal;
  if (call.rule.scope == auth::Scope::kAny || p.HasRole(auth::kAdmin) || !IsPerson(p)) return {};
  Visibility v;
  if (p.HasRole(auth::kOrientationAgent) || p.HasRole(auth::kSteering) ||
      call.rule.scope == auth::Scope::kOwnTerritory) {
    if (!p.AllTerritories()) v.tads = p.territories;
    if (v.tads.empty() && !p.AllTerritories()) v.tads = {"(none)"};  // no territory: nothing
    return v;
  }
  v.referent_id = p.subject;
  if (!p.AllTerritories()) v.tads = p.territories;
  if (v.tads.empty() && !p.AllTerritories()) v.tads = {"(none)"};
  return v;
}

}  // namespace parcours::contracts
