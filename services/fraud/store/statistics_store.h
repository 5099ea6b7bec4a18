// Control statistics per year and territory, computed in SQL from the cases and the
// scoring tally: what the review could not get (files detected, fines, amounts, recovery
// rate) and the feedback per rule (cases opened, qualified, precision). Decisions and
// amounts count in the year of the qualification (when they were notified); openings and
// per-rule figures in the year the case opened.
//
//   StatisticsStore stats;
//   ASSIGN_OR_RETURN(FraudStatistics s, stats.Compute(*tx, 2025, "TAD-EST"));
#ifndef PARCOURS_SERVICES_FRAUD_STORE_STATISTICS_STORE_H_
#define PARCOURS_SERVICES_FRAUD_STORE_STATISTICS_STORE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/storage/database.h"

namespace parcours::fraud {

struct RuleTally {
  std::string rule_id;
  int64_t cases_opened = 0;
  int64_t cases_qualified = 0;  // fraud or error
  int64_t cases_unfounded = 0;
  // qualified / (qualified + unfounded); 0 while none is decided.
  double precision() const {
    const int64_t decided = cases_qualified + cases_unfounded;
    return decided == 0 ? 0.0 : static_cast<double>(cases_qualified) / decided;
  }
};

struct FraudStatistics {
  int year = 0;
  std::string tad;
  int64_t files_scored = 0;
  int64_t cases_opened = 0;
  int64_t qualified_fraud = 0;
  int64_t qualified_error = 0;
  int64_t unfounded = 0;
  int64_t fines_count = 0;
  int64_t fines_cents = 0;
  int64_t overpayments_cents = 0;
  int64_t recovered_cents = 0;
  std::vector<RuleTally> rules;  // every rule that opened a case, by rule id

  // recovered / (overpayments + fines); 0 when nothing is owed.
  double recovery_rate() const {
    const int64_t owed = overpayments_cents + fines_cents;
    return owed == 0 ? 0.0 : static_cast<double>(recovered_cents) / owed;
  }
};

class StatisticsStore {
 public:
  // `tad` "" = every territory.
  absl::StatusOr<FraudStatistics> Compute(storage::Transaction& tx, int year,
                                          const std::string& tad);
  // (year of qualification, recovery rate) for every year with something owed.
  absl::StatusOr<std::vector<std::pair<int, double>>> RecoveryRates(storage::Transaction& tx);
};

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_STORE_STATISTICS_STORE_H_
