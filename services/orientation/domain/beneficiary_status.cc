#include "services/orientation/domain/beneficiary_status.h"

#include "absl/strings/str_cat.h"

namespace parcours::orientation {
namespace {

using S = BeneficiaryStatus;

// The whole machine in one table: (from, event) → to. Anything absent is forbidden.
struct Edge {
  S from;
  StatusEvent event;
  S to;
};

constexpr Edge kEdges[] = {
    {S::kEntrant, StatusEvent::kBecameSubjectToRightsAndDuties, S::kToConvene},
    {S::kToConvene, StatusEvent::kNoLongerSubject, S::kEntrant},
    {S::kToConvene, StatusEvent::kConvened, S::kConvened},
    {S::kConvened, StatusEvent::kAbsentFromSession, S::kToConvene},
    {S::kConvened, StatusEvent::kAttendedSession, S::kConvened},
    {S::kToConvene, StatusEvent::kOriented, S::kOriented},
    {S::kConvened, StatusEvent::kOriented, S::kOriented},
    {S::kOriented, StatusEvent::kReoriented, S::kOriented},
    {S::kAccompanied, StatusEvent::kReoriented, S::kOriented},
    {S::kOriented, StatusEvent::kFirstAppointmentHeld, S::kAccompanied},
    {S::kEntrant, StatusEvent::kExited, S::kExited},
    {S::kToConvene, StatusEvent::kExited, S::kExited},
    {S::kConvened, StatusEvent::kExited, S::kExited},
    {S::kOriented, StatusEvent::kExited, S::kExited},
    {S::kAccompanied, StatusEvent::kExited, S::kExited},
    {S::kExited, StatusEvent::kReentered, S::kEntrant},
};

}  // namespace

const char* Name(StatusEvent e) {
  switch (e) {
    case StatusEvent::kBecameSubjectToRightsAndDuties:
      return "became subject to rights and duties";
    case StatusEvent::kNoLongerSubject:
      return "no longer subject to rights and duties";
    case StatusEvent::kConvened:
      return "convened";
    case StatusEvent::kAbsentFromSession:
      return "absent from the session";
    case StatusEvent::kAttendedSession:
      return "attended the session";
    case StatusEvent::kOriented:
      return "oriented";
    case StatusEvent::kReoriented:
      return "reoriented";
    case StatusEvent::kFirstAppointmentHeld:
      return "first appointment held";
    case StatusEvent::kExited:
      return "exited";
    case StatusEvent::kReentered:
      return "re-entered";
  }
  return "unknown";
}

absl::StatusOr<BeneficiaryStatus> Transition(BeneficiaryStatus from, StatusEvent event) {
  for (const Edge& e : kEdges) {
    if (e.from == from && e.event == event) return e.to;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("a beneficiary in status ", Name(from), " cannot be ", Name(event)));
}

}  // namespace parcours::orientation
