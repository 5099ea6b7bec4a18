#include "services/contracts/domain/deadlines.h"

#include "services/contracts/domain/civil_dates.h"

namespace parcours::contracts {

absl::CivilDay ContractDueDate(const ContractRules& rules, OrientationType type,
                               absl::CivilDay oriented_on) {
  const DelayRule* delay = rules.DueAfterOrientation(type);
  // ParseContractRules guarantees a delay for every type; an unspecified type is due at once.
  return delay == nullptr ? oriented_on : AddMonths(oriented_on, delay->months);
}

absl::CivilDay RenewalDueDate(const ContractRules& rules, absl::CivilDay end_date) {
  return end_date - rules.renewal_days_before_end;
}

absl::CivilDay FirstReviewDate(const ContractRules& rules, absl::CivilDay start_date) {
  return AddMonths(start_date, rules.review_interval_months);
}

absl::CivilDay ResponseDueDate(const ContractRules& rules, absl::CivilDay notified_on) {
  return AddMonths(notified_on, rules.response_months);
}

absl::CivilDay RemobilisationDeadline(const ContractRules& rules, absl::CivilDay decided_on) {
  return AddMonths(decided_on, rules.remobilisation_window_months);
}

absl::CivilDay EarliestEnd(const KindRule& rule, absl::CivilDay start) {
  return AddMonths(start, rule.min_months) - 1;
}

absl::CivilDay LatestEnd(const KindRule& rule, absl::CivilDay start) {
  return AddMonths(start, rule.max_months) - 1;
}

int DaysOverdue(absl::CivilDay due, absl::CivilDay today) {
  return static_cast<int>(today - due);
}

}  // namespace parcours::contracts
