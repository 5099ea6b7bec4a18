// Periods and day arithmetic for the projections. Days are stored as epoch days (days
// since 1970-01-01) so that delays are plain subtractions in portable SQL; months as
// "YYYY-MM".
//
//   Period p = Period::Year(2019);           // [2019-01-01, 2020-01-01)
//   int64_t d = EpochDay(absl::CivilDay(2019, 1, 31));
#ifndef PARCOURS_SERVICES_EVALUATION_DOMAIN_PERIOD_H_
#define PARCOURS_SERVICES_EVALUATION_DOMAIN_PERIOD_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/time/civil_time.h"

namespace parcours::evaluation {

int64_t EpochDay(absl::CivilDay day);
absl::CivilDay FromEpochDay(int64_t day);
std::string MonthLabel(absl::CivilMonth month);                     // "2019-03"
std::optional<absl::CivilMonth> ParseMonth(std::string_view text);  // "2019-03"
// The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb).
absl::CivilDay AddMonths(absl::CivilDay day, int months);

struct Period {
  absl::CivilDay from;  // first day
  absl::CivilDay to;    // first day after
  bool whole_year = true;

  static Period Year(int year);
  static Period Month(int year, int month);
  int64_t from_day() const { return EpochDay(from); }
  int64_t to_day() const { return EpochDay(to); }
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_DOMAIN_PERIOD_H_
