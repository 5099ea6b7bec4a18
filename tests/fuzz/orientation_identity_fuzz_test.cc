// orientation's identity checks (what every request carrying a name, a CAF number, a
// phone, an e-mail or a date goes through) on arbitrary strings and dates, including
// year 0 and 9999 and days that do not exist.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "services/orientation/domain/identity_validation.h"

using namespace parcours::orientation;  // NOLINT: a fuzz target's one file

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  const std::string text = in.ConsumeRandomLengthString(1 << 16);
  (void)IsValidCafNumber(text);
  (void)IsValidPhone(text);
  (void)IsValidEmail(text);
  (void)IsValidName(text);
  std::optional<absl::CivilDay> parsed = ParseDate(text);
  if (parsed && ParseDate(FormatDate(*parsed)) != parsed) std::abort();  // round trip
  const int year = in.ConsumeIntegral<int>();
  const int month = in.ConsumeIntegral<int>();
  const int day = in.ConsumeIntegral<int>();
  std::optional<absl::CivilDay> made = MakeDate(year, month, day);
  const absl::CivilDay today(2026, 1, 15);
  if (made) {
    if (made->year() != year || made->month() != month || made->day() != day) std::abort();
    (void)IsPlausibleBirthDate(*made, today);
    if (made->year() > 1800 && made->year() < 2200) {
      const int age = AgeOn(*made, today);
      (void)AgeBand(age);
    }
  }
  return 0;
}
