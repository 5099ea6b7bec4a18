#include "services/contracts/feed/orientation_feed.h"

#include "absl/strings/str_cat.h"
#include "libs/common/clock.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "services/contracts/domain/deadlines.h"
#include "services/contracts/workflows/actor.h"

namespace parcours::contracts {
namespace {

absl::CivilDay DayOfEvent(const events::v1::Event& e) {
  const absl::Time t = absl::FromUnixSeconds(e.occurred_at().seconds()) +
                       absl::Nanoseconds(e.occurred_at().nanos());
  return absl::ToCivilDay(t, LegalTimeZone());
}

}  // namespace

std::vector<std::string> FollowedOrientationEvents() {
  return {"orientation.beneficiary.entered", "orientation.beneficiary.changed",
          "orientation.beneficiary.oriented", "orientation.beneficiary.reoriented",
          "orientation.beneficiary.exited", "orientation.beneficiary.repeated_no_show"};
}

absl::StatusOr<std::optional<OrientationFact>> EnvelopeDecoder::Decode(
    const events::v1::Event& e) const {
  OrientationFact f;
  if (e.type() == "orientation.beneficiary.repeated_no_show") {
    f.what = OrientationFact::What::kRepeatedNoShow;
  } else if (e.type() == "orientation.beneficiary.exited") {
    f.what = OrientationFact::What::kExited;
  } else {
    return std::optional<OrientationFact>();
  }
  f.event_id = e.event_id();
  f.beneficiary_id = e.beneficiary_id();
  f.tad = e.tad();
  f.mds = e.mds();
  f.on = DayOfEvent(e);
  return std::optional<OrientationFact>(std::move(f));
}

absl::Status OrientationProjection::Apply(storage::Transaction& tx, const events::v1::Event& e) {
  ASSIGN_OR_RETURN(std::optional<OrientationFact> fact, decoder_.Decode(e));
  if (!fact.has_value()) return absl::OkStatus();
  if (fact->beneficiary_id.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("event ", e.event_id(), " names no beneficiary"));
  }
  std::optional<absl::CivilDay> due;
  if (fact->what == OrientationFact::What::kOriented) {
    due = ContractDueDate(rules_, fact->type, fact->on);
  }
  RETURN_IF_ERROR(store_.ApplyOrientationFact(tx, *fact, due));
  if (fact->what != OrientationFact::What::kRepeatedNoShow) return absl::OkStatus();

  // A breach detected: the procedure opens; a person takes it from there.
  SanctionProcedure p;
  const absl::Time at = absl::FromUnixSeconds(e.occurred_at().seconds());
  p.id = NewId("prc", at);
  p.request_id = absl::StrCat("auto:no_show:", e.event_id());
  p.beneficiary_id = fact->beneficiary_id;
  p.tad = fact->tad;
  p.breach.kind = BreachKind::kMissedAppointments;
  p.breach.description = absl::StrCat("repeated no-shows reported by orientation (",
                                      fact->no_show_count > 0 ? absl::StrCat(fact->no_show_count, " ") : "",
                                      "event ", e.event_id(), ")");
  p.breach.detected = true;
  p.breach.source_event_id = e.event_id();
  p.status = ProcedureStatus::kOpened;
  p.steps.push_back({ProcedureStatus::kOpened, kAutomationSubject, at, p.breach.description});
  return store_.OpenDetectedProcedure(tx, p);
}

}  // namespace parcours::contracts
