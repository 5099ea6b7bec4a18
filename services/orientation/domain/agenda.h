// Référents' agendas: what a publishable slot is, what a searchable date range is, and
// which appointment outcomes may follow which status. The "never two bookings for one
// slot" invariant is the store's (a conditional UPDATE on the slot plus a partial unique
// index on active appointments); this file holds the rules that need no database.
//
//   if (auto why = CheckNewSlot(starts_at, 45, clock.Now())) v.Add("slots[0]", *why);
//   ASSIGN_OR_RETURN(AppointmentStatus next, AppointmentTransition(a.status, kHeld));
#ifndef PARCOURS_SERVICES_ORIENTATION_DOMAIN_AGENDA_H_
#define PARCOURS_SERVICES_ORIENTATION_DOMAIN_AGENDA_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation {

inline constexpr int kMinSlotMinutes = 15;
inline constexpr int kMaxSlotMinutes = 240;
inline constexpr int kMaxSlotSearchDays = 92;
inline constexpr int kMaxSlotsPerPublish = 200;

// nullopt when a slot starting at `starts_at` for `duration_minutes` may be published at
// `now`; otherwise why not (in the future, 15 to 240 minutes, a multiple of 5).
std::optional<std::string> CheckNewSlot(absl::Time starts_at, int duration_minutes, absl::Time now);

// nullopt when [from, to) is a valid search range of at most kMaxSlotSearchDays days.
std::optional<std::string> CheckSlotSearchRange(absl::CivilDay from, absl::CivilDay to);

// The status after recording `next` on an appointment in status `current`:
// BOOKED → CANCELLED | HELD | MISSED | EXCUSED_ABSENCE; anything else FAILED_PRECONDITION.
absl::StatusOr<AppointmentStatus> AppointmentTransition(AppointmentStatus current,
                                                        AppointmentStatus next);

// Whether a beneficiary in `status` may book an appointment with a référent (only once
// oriented, and until exited).
bool MayBookAppointment(BeneficiaryStatus status);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DOMAIN_AGENDA_H_
