#include "services/contracts/domain/civil_dates.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace parcours::contracts {

absl::CivilDay LastDayOfMonth(absl::CivilDay day) {
  return absl::CivilDay(absl::CivilMonth(day) + 1) - 1;
}

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth target = absl::CivilMonth(day) + months;
  const absl::CivilDay last = LastDayOfMonth(absl::CivilDay(target));
  // Build from the month, never from (y, m, 31): CivilDay would roll over into the next month.
  return day.day() > last.day() ? last : absl::CivilDay(target) + (day.day() - 1);
}

bool IsValidDate(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const absl::CivilDay d(year, month, day);
  return d.year() == year && d.month() == month && d.day() == day;
}

std::string FormatCivilDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::optional<absl::CivilDay> ParseCivilDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(absl::string_view(text.data(), 4), &y) ||
      !absl::SimpleAtoi(absl::string_view(text.data() + 5, 2), &m) ||
      !absl::SimpleAtoi(absl::string_view(text.data() + 8, 2), &d) || !IsValidDate(y, m, d)) {
    return std::nullopt;
  }
  return absl::CivilDay(y, m, d);
}

}  // namespace parcours::contracts
