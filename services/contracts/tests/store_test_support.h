// Shared by the store and service tests: a contract and a procedure ready to store, the
// default rules, and a fixed clock.
#ifndef PARCOURS_SERVICES_CONTRACTS_TESTS_STORE_TEST_SUPPORT_H_
#define PARCOURS_SERVICES_CONTRACTS_TESTS_STORE_TEST_SUPPORT_H_

#include <string>

#include "libs/common/ids.h"
#include "services/contracts/domain/model.h"

namespace parcours::contracts::testing {

inline Contract SampleContract(const std::string& beneficiary, const std::string& request_id) {
  Contract c;
  c.id = NewId("ctr");
  c.request_id = request_id;
  c.beneficiary_id = beneficiary;
  c.referent_id = "ref_1";
  c.kind = ContractKind::kCerSocial;
  c.status = ContractStatus::kDraft;
  c.orientation_decision_id = "dec_1";
  c.orientation_type = OrientationType::kSocial;
  c.orientation_date = absl::CivilDay(2024, 1, 10);
  c.tad = "TAD-EST";
  c.mds = "MDS-EVRY";
  c.start_date = absl::CivilDay(2024, 2, 1);
  c.end_date = absl::CivilDay(2024, 7, 31);
  c.renewal_due_date = absl::CivilDay(2024, 7, 1);
  c.insertion_project = "projet";
  c.objectives = {{"o1", "Logement", "logement", ObjectiveStatus::kInProgress}};
  c.actions = {{"a1", "o1", "Dossier", "off_1", "", ActionStatus::kPlanned, absl::CivilDay(2024, 3, 1)}};
  return c;
}

}  // namespace parcours::contracts::testing

#endif  // PARCOURS_SERVICES_CONTRACTS_TESTS_STORE_TEST_SUPPORT_H_
