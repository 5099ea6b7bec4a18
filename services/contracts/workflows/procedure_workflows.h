// The sanction procedure's use cases (fiche 2-4): open on a breach reported by a person or
// detected (repeated no-shows, contract not signed in time), send the notice (the response
// deadline starts), record the person's observations, refer to the équipe
// pluridisciplinaire, decide — a person only, within the legal bounds —, apply, close
// (paying back what suspension-remobilisation withheld when the person re-engaged in
// time), or cancel. Every step is appended with who and when.
//
//   ProcedureWorkflows wf(store, orientation, rules, clock);
//   ASSIGN_OR_RETURN(SanctionProcedure p, wf.Open("req-1", "ben_1", breach, actor));
//   ASSIGN_OR_RETURN(p, wf.Step(p.id, p.version, ProcedureAction::kNotify, "", actor));
#ifndef PARCOURS_SERVICES_CONTRACTS_WORKFLOWS_PROCEDURE_WORKFLOWS_H_
#define PARCOURS_SERVICES_CONTRACTS_WORKFLOWS_PROCEDURE_WORKFLOWS_H_

#include <string>

#include "absl/status/statusor.h"
#include "libs/common/clock.h"
#include "services/contracts/clients/orientation_directory.h"
#include "services/contracts/domain/procedure_machine.h"
#include "services/contracts/domain/rules.h"
#include "services/contracts/store/contracts_store.h"
#include "services/contracts/workflows/actor.h"

namespace parcours::contracts {

class ProcedureWorkflows {
 public:
  ProcedureWorkflows(ContractsStore& store, OrientationDirectory& orientation,
                     const ContractRules& rules, const Clock& clock)
      : store_(store), orientation_(orientation), rules_(rules), clock_(clock) {}

  // A request_id seen before returns the first procedure. The beneficiary's territory and
  // référent come from the local projection of orientation's feed, or from orientation
  // when the projection does not know the beneficiary yet.
  absl::StatusOr<SanctionProcedure> Open(const std::string& request_id,
                                         const std::string& beneficiary_id, Breach breach,
                                         const Actor& actor, bool* created = nullptr);
  absl::StatusOr<SanctionProcedure> Get(const std::string& id, const Actor& actor);
  // Notify, record observations (note = the observations), refer, apply, cancel (note =
  // why). Automation calls Refer when the response deadline passed.
  absl::StatusOr<SanctionProcedure> Step(const std::string& id, int64_t version,
                                         ProcedureAction action, const std::string& note,
                                         const Actor& actor);
  // PERMISSION_DENIED unless the actor is a person; INVALID_ARGUMENT outside the bounds.
  absl::StatusOr<SanctionProcedure> Decide(const std::string& id, int64_t version,
                                           Decision decision, const Actor& actor);
  absl::StatusOr<SanctionProcedure> Close(const std::string& id, int64_t version, bool re_engaged,
                                          const std::string& note, const Actor& actor);

 private:
  ContractsStore& store_;
  OrientationDirectory& orientation_;
  const ContractRules& rules_;
  const Clock& clock_;
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_WORKFLOWS_PROCEDURE_WORKFLOWS_H_
