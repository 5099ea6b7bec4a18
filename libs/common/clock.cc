#include "libs/common/clock.h"

#include "absl/time/clock.h"

namespace parcours {
namespace {

class RealClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

}  // namespace

absl::CivilDay Clock::Today() const {
  return absl::ToCivilDay(Now(), LegalTimeZone());
}

const Clock& Clock::Real() {
  static const RealClock* clock = new RealClock();
  return *clock;
}

const absl::TimeZone& LegalTimeZone() {
  static const absl::TimeZone* tz = [] {
    auto* zone = new absl::TimeZone();
    if (!absl::LoadTimeZone("Europe/Paris", zone)) *zone = absl::UTCTimeZone();
    return zone;
  }();
  return *tz;
}

}  // namespace parcours
