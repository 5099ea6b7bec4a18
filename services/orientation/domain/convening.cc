#include "services/orientation/domain/convening.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/orientation/domain/beneficiary_status.h"

namespace parcours::orientation {

std::vector<ConvocationPlan> PlanConvocations(std::vector<WaitingBeneficiary> waiting,
                                              std::vector<SessionRoom> sessions, int max_count) {
  std::sort(waiting.begin(), waiting.end(), [](const auto& a, const auto& b) {
    return std::tie(a.entry_date, a.beneficiary_id) < std::tie(b.entry_date, b.beneficiary_id);
  });
  std::sort(sessions.begin(), sessions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.starts_at, a.session_id) < std::tie(b.starts_at, b.session_id);
  });
  std::vector<ConvocationPlan> plan;
  for (const WaitingBeneficiary& w : waiting) {
    if (static_cast<int>(plan.size()) >= max_count) break;
    SessionRoom* best = nullptr;
    for (SessionRoom& s : sessions) {
      if (s.tad != w.tad || s.free_seats <= 0) continue;
      if (best == nullptr) {
        best = &s;
      } else if (s.starts_at == best->starts_at && s.mds == w.mds && best->mds != w.mds) {
        best = &s;  // same time, nearer
      } else if (s.starts_at > best->starts_at) {
        break;  // sorted: nothing earlier remains
      }
    }
    if (best == nullptr) continue;  // no room in this TAD; younger entrants elsewhere may fit
    --best->free_seats;
    plan.push_back({w.beneficiary_id, best->session_id, best->starts_at});
  }
  return plan;
}

absl::StatusOr<AttendanceOutcome> ApplyAttendance(Attendance current, Attendance attendance,
                                                  BeneficiaryStatus status, int no_show_count,
                                                  int no_show_threshold) {
  if (attendance != Attendance::kAttended && attendance != Attendance::kNoShow &&
      attendance != Attendance::kExcused) {
    return absl::InvalidArgumentError("attendance must be ATTENDED, NO_SHOW or EXCUSED");
  }
  if (current != Attendance::kPending) {
    return absl::FailedPreconditionError(absl::StrCat(
        "attendance already recorded as ", Name(current), "; cannot become ", Name(attendance)));
  }
  AttendanceOutcome out{status, no_show_count, false};
  const StatusEvent event = attendance == Attendance::kAttended ? StatusEvent::kAttendedSession
                                                                : StatusEvent::kAbsentFromSession;
  absl::StatusOr<BeneficiaryStatus> next = Transition(status, event);
  if (next.ok()) out.status = *next;
  if (attendance == Attendance::kNoShow) {
    ++out.no_show_count;
    out.report_repeated_no_show = out.no_show_count == no_show_threshold;
  }
  return out;
}

FollowUpStatus DeriveFollowUp(BeneficiaryStatus status, Attendance last_convocation,
                              AppointmentStatus last_appointment) {
  switch (status) {
    case BeneficiaryStatus::kExited:
      return FollowUpStatus::kExited;
    case BeneficiaryStatus::kAccompanied:
      return FollowUpStatus::kAccompanied;
    case BeneficiaryStatus::kOriented:
      if (last_appointment == AppointmentStatus::kBooked) return FollowUpStatus::kAppointmentBooked;
      if (last_appointment == AppointmentStatus::kMissed) return FollowUpStatus::kAppointmentMissed;
      return FollowUpStatus::kOrientedNoAppointment;
    case BeneficiaryStatus::kConvened:
      if (last_convocation == Attendance::kAttended) return FollowUpStatus::kSessionAttended;
      return FollowUpStatus::kConvocationPending;
    case BeneficiaryStatus::kEntrant:
    case BeneficiaryStatus::kToConvene:
      if (last_convocation == Attendance::kNoShow) return FollowUpStatus::kConvocationNoShow;
      if (last_convocation == Attendance::kExcused) return FollowUpStatus::kConvocationExcused;
      return FollowUpStatus::kNotConvened;
    case BeneficiaryStatus::kUnspecified:
      break;
  }
  return FollowUpStatus::kUnspecified;
}

}  // namespace parcours::orientation
