// Civil-date arithmetic for legal delays. A delay of n months runs to the same day of the
// month n months later, or to that month's last day when it has no such day (31 January
// + 1 month = 28 or 29 February; 31 August + 1 month = 30 September): the way French law
// counts "un délai d'un mois". General enough for libs/common (see the report).
//
//   AddMonths(absl::CivilDay(2024, 1, 31), 1) == absl::CivilDay(2024, 2, 29)
//   ParseCivilDay("2024-02-29") -> CivilDay; FormatCivilDay(day) -> "2024-02-29"
#ifndef PARCOURS_SERVICES_CONTRACTS_DOMAIN_CIVIL_DATES_H_
#define PARCOURS_SERVICES_CONTRACTS_DOMAIN_CIVIL_DATES_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"

namespace parcours::contracts {

// `day` moved by `months` (negative goes back), clamped to the target month's last day.
absl::CivilDay AddMonths(absl::CivilDay day, int months);

// The last day of `day`'s month.
absl::CivilDay LastDayOfMonth(absl::CivilDay day);

// Whether (y, m, d) names a real day (absl::CivilDay would silently normalise 2023-02-29).
bool IsValidDate(int year, int month, int day);

// "YYYY-MM-DD" (SQL columns) and back; nullopt for anything else or an invalid date.
std::string FormatCivilDay(absl::CivilDay day);
std::optional<absl::CivilDay> ParseCivilDay(std::string_view text);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_DOMAIN_CIVIL_DATES_H_
