// Format checks for identity fields, shared by the CAF flow import and UpdateBeneficiary.
// Pure functions; messages never repeat the value (it is personal data and may end up in
// a log line or a rejection report).
//
//   if (!IsValidCafNumber(r.caf_number)) v.Add("caf_number", "must be 7 digits");
#ifndef PARCOURS_SERVICES_ORIENTATION_DOMAIN_IDENTITY_VALIDATION_H_
#define PARCOURS_SERVICES_ORIENTATION_DOMAIN_IDENTITY_VALIDATION_H_

#include <optional>
#include <string>

#include "absl/time/civil_time.h"

namespace parcours::orientation {

// The RSA exists since 1 June 2009: no right opened, changed or closed before.
inline constexpr absl::CivilDay kRsaStart(2009, 6, 1);

// A CAF allocataire number as the flows carry it: exactly 7 ASCII digits.
bool IsValidCafNumber(const std::string& s);
// A French phone number: 10 digits starting with 0, or +33 then 9 digits; spaces, dots and
// dashes between digits allowed. Empty is valid (unknown).
bool IsValidPhone(const std::string& s);
// local@domain.tld with no spaces, at most 254 characters. Empty is valid (unknown).
bool IsValidEmail(const std::string& s);
// A name: 1..100 characters, no control characters.
bool IsValidName(const std::string& s);
// A birth date between 120 years ago and 16 years ago (no RSA file is opened younger).
bool IsPlausibleBirthDate(absl::CivilDay birth, absl::CivilDay today);

// Parses "YYYY-MM-DD" strictly (a day that does not exist, like 2023-02-30, is nullopt).
std::optional<absl::CivilDay> ParseDate(const std::string& s);
// A civil date from its parts, or nullopt when the parts name no real day.
std::optional<absl::CivilDay> MakeDate(int year, int month, int day);
std::string FormatDate(absl::CivilDay d);

// Whole years between `birth` and `on`.
int AgeOn(absl::CivilDay birth, absl::CivilDay on);
// "<25", "25-34", "35-49", "50+": coarse enough for events and aggregates.
std::string AgeBand(int age);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DOMAIN_IDENTITY_VALIDATION_H_
