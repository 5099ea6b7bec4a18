// Calendar quarters, the period of DTR declarations and of most cross-checks.
//
//   Quarter q = Quarter::Containing(absl::CivilDay(2024, 5, 10));  // 2024-Q2
//   Quarter before = q.Previous();                                  // 2024-Q1
#ifndef PARCOURS_SERVICES_FRAUD_DOMAIN_QUARTER_H_
#define PARCOURS_SERVICES_FRAUD_DOMAIN_QUARTER_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace parcours::fraud {

struct Quarter {
  int year = 0;
  int quarter = 0;  // 1..4

  static Quarter Containing(absl::CivilDay day) {
    return {static_cast<int>(day.year()), (day.month() - 1) / 3 + 1};
  }
  // A single increasing number, so that quarters compare and subtract as integers.
  int Ordinal() const { return year * 4 + (quarter - 1); }
  static Quarter FromOrdinal(int ordinal) { return {ordinal / 4, ordinal % 4 + 1}; }
  Quarter Previous() const { return FromOrdinal(Ordinal() - 1); }
  absl::CivilDay FirstDay() const { return absl::CivilDay(year, (quarter - 1) * 3 + 1, 1); }
  std::string ToString() const { return absl::StrCat(year, "-Q", quarter); }

  friend bool operator==(const Quarter& a, const Quarter& b) {
    return a.year == b.year && a.quarter == b.quarter;
  }
  friend bool operator<(const Quarter& a, const Quarter& b) { return a.Ordinal() < b.Ordinal(); }
};

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_DOMAIN_QUARTER_H_
