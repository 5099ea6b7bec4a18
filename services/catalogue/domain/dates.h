// Civil dates (parcours.common.v1.Date) as the catalogue checks, compares and stores them
// ("YYYY-MM-DD" text in SQL, which sorts like the dates).
//
//   if (!IsValidDate(session.start_date())) v.Add("…start_date", "not a valid date");
//   std::string text = DateText(d);                // "2025-03-01"
//   absl::CivilDay day = ToCivilDay(d);
#ifndef PARCOURS_SERVICES_CATALOGUE_DOMAIN_DATES_H_
#define PARCOURS_SERVICES_CATALOGUE_DOMAIN_DATES_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"
#include "parcours/common/v1/common.pb.h"

namespace parcours::catalogue {

// A real day of years 1900..9999 (no 30 February).
bool IsValidDate(const parcours::common::v1::Date& d);
absl::CivilDay ToCivilDay(const parcours::common::v1::Date& d);
parcours::common::v1::Date FromCivilDay(absl::CivilDay day);
std::string DateText(const parcours::common::v1::Date& d);
// "YYYY-MM-DD" → Date, nullopt when malformed or not a real day.
std::optional<parcours::common::v1::Date> ParseDateText(std::string_view text);

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_DOMAIN_DATES_H_
