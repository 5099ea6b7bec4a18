#include "services/catalogue/domain/dates.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace parcours::catalogue {

bool IsValidDate(const parcours::common::v1::Date& d) {
  if (d.year() < 1900 || d.year() > 9999 || d.month() < 1 || d.month() > 12 || d.day() < 1 ||
      d.day() > 31) {
    return false;
  }
  const absl::CivilDay day(d.year(), d.month(), d.day());
  return day.year() == d.year() && day.month() == d.month() && day.day() == d.day();
}

absl::CivilDay ToCivilDay(const parcours::common::v1::Date& d) {
  return absl::CivilDay(d.year(), d.month(), d.day());
}

parcours::common::v1::Date FromCivilDay(absl::CivilDay day) {
  parcours::common::v1::Date d;
  d.set_year(static_cast<int32_t>(day.year()));
  d.set_month(day.month());
  d.set_day(day.day());
  return d;
}

std::string DateText(const parcours::common::v1::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

std::optional<parcours::common::v1::Date> ParseDateText(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = 0, m = 0, dd = 0;
  if (!absl::SimpleAtoi(absl::string_view(text.data(), 4), &y) ||
      !absl::SimpleAtoi(absl::string_view(text.data() + 5, 2), &m) ||
      !absl::SimpleAtoi(absl::string_view(text.data() + 8, 2), &dd)) {
    return std::nullopt;
  }
  parcours::common::v1::Date d;
  d.set_year(y);
  d.set_month(m);
  d.set_day(dd);
  if (!IsValidDate(d)) return std::nullopt;
  return d;
}

}  // namespace parcours::catalogue
