// Who goes to which information session: the oldest waiting beneficiaries first, each into
// the earliest upcoming session of their TAD that still has room (among sessions starting
// at the same time, one at their own MDS first). Pure planning: the store then applies
// each assignment with conditional updates (the session's seat count, the beneficiary's
// status), so a concurrent run can only make an assignment fail, never overfill a session.
//
//   std::vector<ConvocationPlan> plan = PlanConvocations(waiting, sessions, 50);
//
// Attendance: what ATTENDED, NO_SHOW or EXCUSED does to the beneficiary, and when repeated
// no-shows must be reported (once, when the count reaches the threshold).
#ifndef PARCOURS_SERVICES_ORIENTATION_DOMAIN_CONVENING_H_
#define PARCOURS_SERVICES_ORIENTATION_DOMAIN_CONVENING_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation {

struct WaitingBeneficiary {
  std::string beneficiary_id;
  absl::CivilDay entry_date;  // oldest first; ties by id
  std::string tad;
  std::string mds;
};

struct SessionRoom {
  std::string session_id;
  std::string tad;
  std::string mds;
  absl::Time starts_at;
  int free_seats = 0;
};

struct ConvocationPlan {
  std::string beneficiary_id;
  std::string session_id;
  absl::Time starts_at;
};

// At most `max_count` assignments. `waiting` and `sessions` may be in any order.
std::vector<ConvocationPlan> PlanConvocations(std::vector<WaitingBeneficiary> waiting,
                                              std::vector<SessionRoom> sessions, int max_count);

struct AttendanceOutcome {
  BeneficiaryStatus status;  // the beneficiary's next status
  int no_show_count = 0;
  bool report_repeated_no_show = false;  // emit orientation.beneficiary.repeated_no_show
};

// `current` is the convocation's recorded attendance: only PENDING may change
// (FAILED_PRECONDITION otherwise); `attendance` must be ATTENDED, NO_SHOW or EXCUSED
// (INVALID_ARGUMENT otherwise). A beneficiary no longer CONVENED (oriented on file,
// exited) keeps their status. Absences send the beneficiary back to TO_CONVENE, so the
// next convening run invites them again.
absl::StatusOr<AttendanceOutcome> ApplyAttendance(Attendance current, Attendance attendance,
                                                  BeneficiaryStatus status, int no_show_count,
                                                  int no_show_threshold);

// The follow-up status shown to professionals, derived from what happened (RDV-Insertion
// style): the beneficiary's status, the last convocation's attendance and the last
// appointment's status (kUnspecified when there is none).
FollowUpStatus DeriveFollowUp(BeneficiaryStatus status, Attendance last_convocation,
                              AppointmentStatus last_appointment);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DOMAIN_CONVENING_H_
