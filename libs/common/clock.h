// Time as a dependency: domain code asks a Clock, so tests can fix "now" (deadlines,
// month ends, leap years) without sleeping.
//
//   FakeClock clock(absl::FromCivil(absl::CivilSecond(2024, 2, 29, 12, 0, 0), absl::UTCTimeZone()));
//   clock.Advance(absl::Hours(24));
#ifndef PARCOURS_LIBS_COMMON_CLOCK_H_
#define PARCOURS_LIBS_COMMON_CLOCK_H_

#include <atomic>
#include <cstdint>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace parcours {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;

  // The civil day of Now() in the Département's time zone (Europe/Paris when available).
  absl::CivilDay Today() const;

  // The process-wide real clock.
  static const Clock& Real();
};

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start) : nanos_(absl::ToUnixNanos(start)) {}
  absl::Time Now() const override { return absl::FromUnixNanos(nanos_.load()); }
  void Advance(absl::Duration d) { nanos_ += absl::ToInt64Nanoseconds(d); }
  void Set(absl::Time t) { nanos_ = absl::ToUnixNanos(t); }

 private:
  std::atomic<int64_t> nanos_;
};

// The time zone legal dates are taken in: Europe/Paris, or UTC if tzdata is missing.
const absl::TimeZone& LegalTimeZone();

}  // namespace parcours

#endif  // PARCOURS_LIBS_COMMON_CLOCK_H_
