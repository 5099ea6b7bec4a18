#include "services/contracts/feed/orientation_feed.h"

#include "absl/strings/str_cat.h"
#include "libs/common/clock.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "parcours/orientation/v1/orientation.pb.h"
#include "services/contracts/domain/deadlines.h"
#include "services/contracts/proto_dates.h"
#include "services/contracts/workflows/actor.h"

namespace parcours::contracts {
namespace {

absl::CivilDay DayOfEvent(const events::v1::Event& e) {
  const absl::Time t =
      absl::FromUnixSeconds(e.occurred_at().seconds()) + absl::Nanoseconds(e.occurred_at().nanos());
  return absl::ToCivilDay(t, LegalTimeZone());
}

absl::Status Unpack(const events::v1::Event& e, google::protobuf::Message& payload) {
  if (!e.payload().UnpackTo(&payload)) {
    return absl::InvalidArgumentError(absl::StrCat("event ", e.event_id(), " (", e.type(),
                                                   "): payload '", e.payload().type_url(),
                                                   "' is not a ", payload.GetTypeName()));
  }
  return absl::OkStatus();
}

absl::StatusOr<absl::CivilDay> RequiredDay(const events::v1::Event& e, const common::v1::Date& d,
                                           const char* field) {
  bool valid = true;
  std::optional<absl::CivilDay> day = FromProtoDate(d, &valid);
  if (!valid || !day.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event ", e.event_id(), " (", e.type(), "): ", field, " is not a day"));
  }
  return *day;
}

OrientationType OrientationTypeOf(orientation::v1::OrientationType t) {
  switch (t) {
    case orientation::v1::PROFESSIONAL:
      return OrientationType::kProfessional;
    case orientation::v1::SOCIO_PROFESSIONAL:
      return OrientationType::kSocioProfessional;
    case orientation::v1::SOCIAL:
      return OrientationType::kSocial;
    default:
      return OrientationType::kUnspecified;
  }
}

}  // namespace

std::vector<std::string> FollowedOrientationEvents() {
  return {"orientation.beneficiary.entered",  "orientation.beneficiary.changed",
          "orientation.beneficiary.oriented", "orientation.beneficiary.reoriented",
          "orientation.beneficiary.exited",   "orientation.beneficiary.repeated_no_show"};
}

absl::StatusOr<std::optional<OrientationFact>> OrientationPayloadDecoder::Decode(
    const events::v1::Event& e) const {
  namespace pb = ::parcours::orientation::v1;
  OrientationFact f;
  f.event_id = e.event_id();
  f.beneficiary_id = e.beneficiary_id();
  f.tad = e.tad();
  f.mds = e.mds();
  f.on = DayOfEvent(e);
  const std::string& type = e.type();
  if (type == "orientation.beneficiary.entered") {
    pb::BeneficiaryEntered p;
    RETURN_IF_ERROR(Unpack(e, p));
    ASSIGN_OR_RETURN(f.on, RequiredDay(e, p.entry_date(), "entry_date"));
    f.what = OrientationFact::What::kEntered;
    f.subject_to_rights_and_duties = p.subject_to_rights_and_duties();
  } else if (type == "orientation.beneficiary.changed") {
    pb::BeneficiaryChanged p;
    RETURN_IF_ERROR(Unpack(e, p));
    f.what = OrientationFact::What::kChanged;
    f.subject_to_rights_and_duties = p.subject_to_rights_and_duties();
  } else if (type == "orientation.beneficiary.oriented" ||
             type == "orientation.beneficiary.reoriented") {
    pb::BeneficiaryOriented p;
    RETURN_IF_ERROR(Unpack(e, p));
    f.what = OrientationFact::What::kOriented;
    f.decision_id = p.decision_id();
    f.referent_id = p.referent_id();
    f.type = OrientationTypeOf(p.type());
    if (f.type == OrientationType::kUnspecified) {
      return absl::InvalidArgumentError(
          absl::StrCat("event ", e.event_id(), ": orientation type ", p.type(), " unknown"));
    }
    // The decision's day is the event's (orientation publishes it at decided_at).
  } else if (type == "orientation.beneficiary.exited") {
    pb::BeneficiaryExited p;
    RETURN_IF_ERROR(Unpack(e, p));
    f.what = OrientationFact::What::kExited;
    if (p.has_exit_date()) {
      ASSIGN_OR_RETURN(f.on, RequiredDay(e, p.exit_date(), "exit_date"));
    }
  } else if (type == "orientation.beneficiary.repeated_no_show") {
    pb::RepeatedNoShow p;
    RETURN_IF_ERROR(Unpack(e, p));
    f.what = OrientationFact::What::kRepeatedNoShow;
    f.no_show_count = p.no_show_count();
  } else {
    return std::optional<OrientationFact>();
  }
  return std::optional<OrientationFact>(std::move(f));
}

absl::Status OrientationProjection::Apply(storage::Transaction& tx, const events::v1::Event& e) {
  ASSIGN_OR_RETURN(std::optional<OrientationFact> fact, decoder_.Decode(e));
  if (!fact.has_value()) return absl::OkStatus();
  if (fact->beneficiary_id.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event ", e.event_id(), " names no beneficiary"));
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
  p.breach.description =
      absl::StrCat("repeated no-shows reported by orientation (",
                   fact->no_show_count > 0 ? absl::StrCat(fact->no_show_count, " ") : "", "event ",
                   e.event_id(), ")");
  p.breach.detected = true;
  p.breach.source_event_id = e.event_id();
  p.status = ProcedureStatus::kOpened;
  p.steps.push_back({ProcedureStatus::kOpened, kAutomationSubject, at, p.breach.description});
  return store_.OpenDetectedProcedure(tx, p);
}

}  // namespace parcours::contracts
