// Orientation decisions and reorientations: a person decides, possibly against the rules
// engine's suggestion (then a comment is required), names a référent whose accompaniment
// matches the type, and the suggestion is kept beside the decision for the record.
//
//   ASSIGN_OR_RETURN(OrientationDecision d,
//                    MakeDecision({b, referent, type, comment, suggestion, who, now, id}));
#ifndef PARCOURS_SERVICES_ORIENTATION_DOMAIN_ORIENTATION_DECISION_H_
#define PARCOURS_SERVICES_ORIENTATION_DOMAIN_ORIENTATION_DECISION_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation {

struct DecisionInput {
  const Beneficiary& beneficiary;
  const Referent& referent;
  OrientationType type;
  std::string comment;
  Suggestion suggestion;
  std::string decided_by;
  absl::Time now;
  std::string id;
  DecisionKind kind = DecisionKind::kInitial;
  std::string reorientation_request_id;
};

// The decision, or: FAILED_PRECONDITION when the beneficiary's status does not allow it
// (an initial decision needs TO_CONVENE or CONVENED; a reorientation ORIENTED or
// ACCOMPANIED) or the référent offers another type of accompaniment; INVALID_ARGUMENT
// (field "comment") when overriding the suggestion without a comment.
absl::StatusOr<OrientationDecision> MakeDecision(const DecisionInput& in);

// Days from entry to the decision, in the legal time zone (the "oriented within 30 days"
// indicator and parcours_orientation_delay_days).
int DelayDays(absl::CivilDay entry_date, absl::Time decided_at);

// A reorientation may be asked for an ORIENTED or ACCOMPANIED beneficiary only.
absl::Status CheckReorientationRequest(const Beneficiary& b, OrientationType requested);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DOMAIN_ORIENTATION_DECISION_H_
