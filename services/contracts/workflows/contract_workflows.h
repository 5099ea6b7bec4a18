// The contract's use cases, between the handlers and the store: create (checked against
// orientation and, for prescribed actions, the catalogue), edit a draft, submit, sign
// (activation at the second signature), suspend, resume, complete, terminate, renew and
// record a point étape. Calls to peers happen before the write transaction, so a peer that
// is down fails the call with UNAVAILABLE and nothing is written.
//
//   ContractWorkflows wf(store, orientation, catalogue, rules, clock);
//   ASSIGN_OR_RETURN(Contract c, wf.Create(draft, actor));
//   ASSIGN_OR_RETURN(c, wf.Sign(c.id, c.version, Party::kReferent, actor));
#ifndef PARCOURS_SERVICES_CONTRACTS_WORKFLOWS_CONTRACT_WORKFLOWS_H_
#define PARCOURS_SERVICES_CONTRACTS_WORKFLOWS_CONTRACT_WORKFLOWS_H_

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/common/clock.h"
#include "services/contracts/clients/catalogue.h"
#include "services/contracts/clients/orientation_directory.h"
#include "services/contracts/domain/contract_machine.h"
#include "services/contracts/domain/rules.h"
#include "services/contracts/store/contracts_store.h"
#include "services/contracts/workflows/actor.h"

namespace parcours::contracts {

struct ReviewInput {
  absl::CivilDay review_date;
  std::string summary;
  absl::CivilDay next_review_date;
  std::vector<std::pair<std::string, ActionStatus>> action_updates;
};

class ContractWorkflows {
 public:
  ContractWorkflows(ContractsStore& store, OrientationDirectory& orientation, Catalogue& catalogue,
                    const ContractRules& rules, const Clock& clock)
      : store_(store), orientation_(orientation), catalogue_(catalogue), rules_(rules), clock_(clock) {}

  // `draft` carries request_id and the input fields. A request_id seen before returns the
  // first contract without calling any peer.
  absl::StatusOr<Contract> Create(Contract draft, const Actor& actor);
  absl::StatusOr<Contract> Get(const std::string& id, const Actor& actor);
  // DRAFT only; `paths` are the update mask's (validated by the handler).
  absl::StatusOr<Contract> Update(const std::string& id, int64_t version, const Contract& patch,
                                  const std::set<std::string>& paths, const Actor& actor);
  // Submit, suspend, resume, complete, terminate.
  absl::StatusOr<Contract> Transition(const std::string& id, int64_t version, ContractAction action,
                                      const std::string& reason, const Actor& actor);
  absl::StatusOr<Contract> Sign(const std::string& id, int64_t version, Party party,
                                const Actor& actor);
  absl::StatusOr<Contract> Renew(const std::string& request_id, const std::string& id,
                                 std::optional<absl::CivilDay> start, absl::CivilDay end,
                                 const Actor& actor);
  absl::StatusOr<Contract> RecordReview(const std::string& id, int64_t version,
                                        const ReviewInput& review, const Actor& actor);
  // The expiry of one contract whose end date passed (deadline job).
  absl::Status Expire(const std::string& id, absl::CivilDay today);

 private:
  // Checks the prescriptions of `c`'s actions with the catalogue (same beneficiary).
  absl::Status CheckPrescriptions(Contract& c, const std::string& prefix);
  absl::StatusOr<Contract> CreateChecked(Contract draft, const Actor& actor);

  ContractsStore& store_;
  OrientationDirectory& orientation_;
  Catalogue& catalogue_;
  const ContractRules& rules_;
  const Clock& clock_;
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_WORKFLOWS_CONTRACT_WORKFLOWS_H_
