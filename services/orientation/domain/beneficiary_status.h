// The beneficiary's status machine: which action may move a beneficiary from which status
// to which. Every status change in the store goes through Transition(), and the store's
// conditional UPDATE (… WHERE status = <from>) makes the check hold under concurrency.
//
//   ASSIGN_OR_RETURN(BeneficiaryStatus next,
//                    Transition(b.status, StatusEvent::kConvened));   // TO_CONVENE → CONVENED
//
// ENTRANT → TO_CONVENE → CONVENED → ORIENTED → ACCOMPANIED, EXITED from anywhere; a CAF
// entrant record re-opens an EXITED file as ENTRANT (or TO_CONVENE).
#ifndef PARCOURS_SERVICES_ORIENTATION_DOMAIN_BENEFICIARY_STATUS_H_
#define PARCOURS_SERVICES_ORIENTATION_DOMAIN_BENEFICIARY_STATUS_H_

#include "absl/status/statusor.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation {

// What happened to the beneficiary.
enum class StatusEvent {
  kBecameSubjectToRightsAndDuties,  // ENTRANT → TO_CONVENE
  kNoLongerSubject,                 // TO_CONVENE → ENTRANT (a change record)
  kConvened,                        // TO_CONVENE → CONVENED
  kAbsentFromSession,               // CONVENED → TO_CONVENE (excused or no-show: re-convene)
  kAttendedSession,                 // CONVENED stays CONVENED (the interview orients)
  kOriented,              // TO_CONVENE | CONVENED → ORIENTED ("sur dossier" or after the session)
  kReoriented,            // ORIENTED | ACCOMPANIED → ORIENTED (new référent)
  kFirstAppointmentHeld,  // ORIENTED → ACCOMPANIED
  kExited,                // any but EXITED → EXITED
  kReentered,             // EXITED → ENTRANT
};

const char* Name(StatusEvent e);

// The status after `event`, or FAILED_PRECONDITION naming the status and the event.
absl::StatusOr<BeneficiaryStatus> Transition(BeneficiaryStatus from, StatusEvent event);

// The status a newly registered (or re-entered) beneficiary starts in.
inline BeneficiaryStatus InitialStatus(bool subject_to_rights_and_duties) {
  return subject_to_rights_and_duties ? BeneficiaryStatus::kToConvene : BeneficiaryStatus::kEntrant;
}

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DOMAIN_BENEFICIARY_STATUS_H_
