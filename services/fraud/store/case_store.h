// Control cases in SQL. Changes are optimistic: the handler reads a case, the domain
// checks and applies the step in memory, and Update writes it only if the version is
// still the one read (else ABORTED, or NOT_FOUND when the case does not exist). Recovery
// payments are idempotent on their request_id and can never exceed what is owed: the
// conditional UPDATE (and a CHECK constraint behind it) refuses it.
//
//   CaseStore cases;
//   ASSIGN_OR_RETURN(ControlCase c, cases.Get(*tx, id));
//   RETURN_IF_ERROR(CheckTransition(c.status, CaseStatus::kUnderControl));
//   c.status = CaseStatus::kUnderControl;
//   RETURN_IF_ERROR(cases.Update(*tx, c, expected_version, now));
#ifndef PARCOURS_SERVICES_FRAUD_STORE_CASE_STORE_H_
#define PARCOURS_SERVICES_FRAUD_STORE_CASE_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/storage/database.h"
#include "services/fraud/domain/control_case.h"

namespace parcours::fraud {

struct CaseFilter {
  std::optional<CaseStatus> status;
  std::string tad;                       // "" = any
  std::vector<std::string> territories;  // the caller's scope; empty = all
  std::string after_id;                  // cursor
  int limit = 50;
};

class CaseStore {
 public:
  // NOT_FOUND when there is no such case.
  absl::StatusOr<ControlCase> Get(storage::Transaction& tx, const std::string& id);
  absl::StatusOr<std::vector<ControlCase>> List(storage::Transaction& tx, const CaseFilter& filter);
  // Writes every mutable field of `c` if its stored version is `expected_version`; bumps the
  // version (c.version is set to the new one). ABORTED on a version mismatch.
  absl::Status Update(storage::Transaction& tx, ControlCase& c, int64_t expected_version,
                      absl::Time now);
  // Records a payment once (by request_id) and adds it to the recovered amount; returns
  // false when the request_id was already recorded (nothing changes).
  // FAILED_PRECONDITION when it would recover more than is owed.
  absl::StatusOr<bool> AddRecovery(storage::Transaction& tx, const std::string& case_id,
                                   const RecoveryPayment& payment, absl::Time now);
  absl::StatusOr<std::vector<RecoveryPayment>> ListRecoveries(storage::Transaction& tx,
                                                              const std::string& case_id);
  // The payments of each of `case_ids`, in one statement (a page of cases); a case without
  // payments has no entry.
  absl::StatusOr<std::map<std::string, std::vector<RecoveryPayment>>> ListRecoveriesOf(
      storage::Transaction& tx, const std::vector<std::string>& case_ids);
  // The open case of a household, if any ("" otherwise).
  absl::StatusOr<std::string> OpenCaseOf(storage::Transaction& tx, const std::string& household_id);
  // Cases per status (the monitoring gauge).
  absl::StatusOr<std::vector<std::pair<CaseStatus, int64_t>>> CountByStatus(
      storage::Transaction& tx);
};

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_STORE_CASE_STORE_H_
