#include "services/orientation/domain/agenda.h"

#include "absl/strings/str_cat.h"

namespace parcours::orientation {

std::optional<std::string> CheckNewSlot(absl::Time starts_at, int duration_minutes,
                                        absl::Time now) {
  if (starts_at <= now) return "must start in the future";
  if (duration_minutes < kMinSlotMinutes || duration_minutes > kMaxSlotMinutes) {
    return absl::StrCat("duration must be ", kMinSlotMinutes, " to ", kMaxSlotMinutes, " minutes");
  }
  if (duration_minutes % 5 != 0) return "duration must be a multiple of 5 minutes";
  return std::nullopt;
}

std::optional<std::string> CheckSlotSearchRange(absl::CivilDay from, absl::CivilDay to) {
  if (to <= from) return "dates.to must be after dates.from";
  if (to - from > kMaxSlotSearchDays) {
    return absl::StrCat("at most ", kMaxSlotSearchDays, " days per search");
  }
  return std::nullopt;
}

absl::StatusOr<AppointmentStatus> AppointmentTransition(AppointmentStatus current,
                                                        AppointmentStatus next) {
  const bool terminal_next =
      next == AppointmentStatus::kCancelled || next == AppointmentStatus::kHeld ||
      next == AppointmentStatus::kMissed || next == AppointmentStatus::kExcusedAbsence;
  if (!terminal_next) {
    return absl::InvalidArgumentError(absl::StrCat("an appointment cannot be set to ", Name(next)));
  }
  if (current != AppointmentStatus::kBooked) {
    return absl::FailedPreconditionError(
        absl::StrCat("appointment is ", Name(current), "; cannot become ", Name(next)));
  }
  return next;
}

bool MayBookAppointment(BeneficiaryStatus status) {
  return status == BeneficiaryStatus::kOriented || status == BeneficiaryStatus::kAccompanied;
}

}  // namespace parcours::orientation
