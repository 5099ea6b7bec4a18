#include "services/orientation/domain/orientation_decision.h"

#include "absl/strings/str_cat.h"
#include "libs/common/clock.h"
#include "libs/errors/field_violations.h"
#include "services/orientation/domain/beneficiary_status.h"

namespace parcours::orientation {

absl::StatusOr<OrientationDecision> MakeDecision(const DecisionInput& in) {
  const StatusEvent event =
      in.kind == DecisionKind::kReorientation ? StatusEvent::kReoriented : StatusEvent::kOriented;
  absl::StatusOr<BeneficiaryStatus> next = Transition(in.beneficiary.status, event);
  if (!next.ok()) return next.status();
  if (in.referent.orientation_type != in.type) {
    return absl::FailedPreconditionError(absl::StrCat("référent ", in.referent.id, " offers ",
                                                      Name(in.referent.orientation_type),
                                                      " accompaniment, not ", Name(in.type)));
  }
  OrientationDecision d;
  d.id = in.id;
  d.beneficiary_id = in.beneficiary.id;
  d.kind = in.kind;
  d.type = in.type;
  d.structure_id = in.referent.structure_id;
  d.referent_id = in.referent.id;
  d.suggestion = in.suggestion;
  d.overrides_suggestion = in.suggestion.type != in.type;
  if (d.overrides_suggestion && in.comment.empty()) {
    return errors::InvalidField("comment",
                                "required when the decision differs from the suggestion");
  }
  d.comment = in.comment;
  d.decided_by = in.decided_by;
  d.decided_at = in.now;
  d.reorientation_request_id = in.reorientation_request_id;
  return d;
}

int DelayDays(absl::CivilDay entry_date, absl::Time decided_at) {
  const absl::CivilDay day = absl::ToCivilDay(decided_at, LegalTimeZone());
  return static_cast<int>(day - entry_date);
}

absl::Status CheckReorientationRequest(const Beneficiary& b, OrientationType requested) {
  if (b.status != BeneficiaryStatus::kOriented && b.status != BeneficiaryStatus::kAccompanied) {
    return absl::FailedPreconditionError(
        absl::StrCat("a beneficiary in status ", Name(b.status), " cannot be reoriented"));
  }
  if (requested == b.orientation_type) {
    return absl::FailedPreconditionError(
        absl::StrCat("the beneficiary is already oriented ", Name(requested)));
  }
  return absl::OkStatus();
}

}  // namespace parcours::orientation
