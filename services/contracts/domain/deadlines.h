// The deadlines of contractualisation, computed from the rules (data) and civil dates:
// when a contract is due after an orientation, when a renewal must be drafted, when the
// first point étape falls, when a notice's response period ends, and until when a person
// under suspension-remobilisation can re-engage and be paid back.
//
//   ContractRules rules = ...;
//   ContractDueDate(rules, OrientationType::kSocial, absl::CivilDay(2024, 12, 31))
//       == absl::CivilDay(2025, 2, 28)   // two months, clamped to February's end
#ifndef PARCOURS_SERVICES_CONTRACTS_DOMAIN_DEADLINES_H_
#define PARCOURS_SERVICES_CONTRACTS_DOMAIN_DEADLINES_H_

#include "absl/time/civil_time.h"
#include "services/contracts/domain/model.h"
#include "services/contracts/domain/rules.h"

namespace parcours::contracts {

// The day by which a contract must be in force after an orientation of `type` decided on
// `oriented_on` (the delay's last day).
absl::CivilDay ContractDueDate(const ContractRules& rules, OrientationType type,
                               absl::CivilDay oriented_on);

// The day from which a contract ending on `end_date` (its last day in force) is due for
// renewal.
absl::CivilDay RenewalDueDate(const ContractRules& rules, absl::CivilDay end_date);

// The first point étape of a contract starting on `start_date`.
absl::CivilDay FirstReviewDate(const ContractRules& rules, absl::CivilDay start_date);

// The last day for observations after a notice sent on `notified_on`.
absl::CivilDay ResponseDueDate(const ContractRules& rules, absl::CivilDay notified_on);

// The last day a person can re-engage to recover what suspension-remobilisation withheld.
absl::CivilDay RemobilisationDeadline(const ContractRules& rules, absl::CivilDay decided_on);

// Duration bounds for a contract of `rule`'s kind starting on `start`: its last day must
// lie within [EarliestEnd, LatestEnd]. n months from 1 March end on 31 May... (the day
// before the same day n months later).
absl::CivilDay EarliestEnd(const KindRule& rule, absl::CivilDay start);
absl::CivilDay LatestEnd(const KindRule& rule, absl::CivilDay start);

// Days from `due` to `today` (positive when overdue).
int DaysOverdue(absl::CivilDay due, absl::CivilDay today);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_DOMAIN_DEADLINES_H_
