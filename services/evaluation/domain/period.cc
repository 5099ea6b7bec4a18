#include "services/evaluation/domain/period.h"

#include <cstdio>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace parcours::evaluation {

int64_t EpochDay(absl::CivilDay day) { return day - absl::CivilDay(1970, 1, 1); }

absl::CivilDay FromEpochDay(int64_t day) { return absl::CivilDay(1970, 1, 1) + day; }

std::string MonthLabel(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

std::optional<absl::CivilMonth> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int year = 0;
  int month = 0;
  if (!absl::SimpleAtoi(absl::string_view(text.data(), 4), &year) ||
      !absl::SimpleAtoi(absl::string_view(text.data() + 5, 2), &month)) {
    return std::nullopt;
  }
  if (year < 1900 || year > 2200 || month < 1 || month > 12) return std::nullopt;
  return absl::CivilMonth(year, month);
}

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth target = absl::CivilMonth(day) + months;
  const absl::CivilDay last = absl::CivilDay(target + 1) - 1;
  const absl::CivilDay same(target.year(), target.month(), day.day());
  // CivilDay normalises 30 Feb to 2 Mar: clamp to the month's last day instead.
  return absl::CivilMonth(same) == target ? same : last;
}

Period Period::Year(int year) {
  return Period{absl::CivilDay(year, 1, 1), absl::CivilDay(year + 1, 1, 1), true};
}

Period Period::Month(int year, int month) {
  const absl::CivilMonth m(year, month);
  return Period{absl::CivilDay(m), absl::CivilDay(m + 1), false};
}

}  // namespace parcours::evaluation
