// Small helpers shared by the fraud stores: civil dates as "YYYY-MM-DD" text, instants as
// microseconds. (Placeholder lists for IN lists and multi-row statements are
// libs/storage/placeholders.h; dates as text are a candidate for libs/storage too.)
//
//   params.push_back(DayText(absl::CivilDay(2024, 2, 29)));   // "2024-02-29"
#ifndef PARCOURS_SERVICES_FRAUD_STORE_SQL_UTIL_H_
#define PARCOURS_SERVICES_FRAUD_STORE_SQL_UTIL_H_

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace parcours::fraud {

std::string DayText(absl::CivilDay day);
std::string DayText(const std::optional<absl::CivilDay>& day);  // "" when unset
// nullopt for "" or malformed text.
std::optional<absl::CivilDay> ParseDayText(const std::string& text);

int64_t ToMicros(absl::Time t);
absl::Time FromMicros(int64_t us);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_STORE_SQL_UTIL_H_
