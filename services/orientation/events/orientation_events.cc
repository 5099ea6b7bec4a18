#include "services/orientation/events/orientation_events.h"

#include "google/protobuf/util/time_util.h"
#include "libs/common/ids.h"
#include "parcours/orientation/v1/orientation.pb.h"
#include "services/orientation/domain/identity_validation.h"
#include "services/orientation/domain/orientation_decision.h"

namespace parcours::orientation {
namespace {

namespace pb = ::parcours::orientation::v1;

google::protobuf::Timestamp Ts(absl::Time t) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

common::v1::Date DateOf(absl::CivilDay d) {
  common::v1::Date out;
  out.set_year(static_cast<int32_t>(d.year()));
  out.set_month(d.month());
  out.set_day(d.day());
  return out;
}

events::v1::Event Envelope(const std::string& type, const std::string& aggregate_type,
                           const std::string& aggregate_id, const Beneficiary& b, absl::Time at,
                           const google::protobuf::Message& payload) {
  events::v1::Event e;
  e.set_event_id(NewId("evt", at));
  e.set_source(kEventSource);
  e.set_type(type);
  e.set_aggregate_type(aggregate_type);
  e.set_aggregate_id(aggregate_id);
  e.set_beneficiary_id(b.id);
  e.set_tad(b.territory.tad);
  e.set_mds(b.territory.mds);
  *e.mutable_occurred_at() = Ts(at);
  e.mutable_payload()->PackFrom(payload);
  return e;
}

}  // namespace

events::v1::Event BeneficiaryEnteredEvent(const Beneficiary& b, absl::Time now) {
  pb::BeneficiaryEntered p;
  *p.mutable_entry_date() = DateOf(b.entry_date);
  p.set_subject_to_rights_and_duties(b.subject_to_rights_and_duties);
  p.set_status(static_cast<pb::BeneficiaryStatus>(b.status));
  if (b.identity.birth_date.has_value()) {
    p.set_age_band(AgeBand(AgeOn(*b.identity.birth_date, b.entry_date)));
  }
  return Envelope("orientation.beneficiary.entered", "beneficiary", b.id, b, now, p);
}

events::v1::Event BeneficiaryChangedEvent(const Beneficiary& b,
                                          const std::vector<std::string>& changed_fields,
                                          absl::Time now) {
  pb::BeneficiaryChanged p;
  for (const std::string& f : changed_fields) p.add_changed_fields(f);
  p.set_status(static_cast<pb::BeneficiaryStatus>(b.status));
  p.set_subject_to_rights_and_duties(b.subject_to_rights_and_duties);
  return Envelope("orientation.beneficiary.changed", "beneficiary", b.id, b, now, p);
}

events::v1::Event BeneficiaryExitedEvent(const Beneficiary& b, BeneficiaryStatus before,
                                         absl::Time now) {
  pb::BeneficiaryExited p;
  if (b.exit_date.has_value()) *p.mutable_exit_date() = DateOf(*b.exit_date);
  p.set_reason(static_cast<pb::ExitReason>(b.exit_reason));
  p.set_status_before(static_cast<pb::BeneficiaryStatus>(before));
  return Envelope("orientation.beneficiary.exited", "beneficiary", b.id, b, now, p);
}

events::v1::Event BeneficiaryConvenedEvent(const Beneficiary& b, const Convocation& c,
                                           int convocation_number, absl::Time now) {
  pb::BeneficiaryConvened p;
  p.set_convocation_id(c.id);
  p.set_session_id(c.session_id);
  *p.mutable_starts_at() = Ts(c.starts_at);
  p.set_convocation_number(convocation_number);
  return Envelope("orientation.beneficiary.convened", "convocation", c.id, b, now, p);
}

events::v1::Event AttendanceRecordedEvent(const Beneficiary& b, const Convocation& c,
                                          int no_show_count, absl::Time now) {
  pb::AttendanceRecorded p;
  p.set_convocation_id(c.id);
  p.set_attendance(static_cast<pb::Attendance>(c.attendance));
  p.set_no_show_count(no_show_count);
  return Envelope("orientation.convocation.attendance_recorded", "convocation", c.id, b, now, p);
}

events::v1::Event RepeatedNoShowEvent(const Beneficiary& b, const Convocation& c, int no_show_count,
                                      int threshold, absl::Time now) {
  pb::RepeatedNoShow p;
  p.set_no_show_count(no_show_count);
  p.set_threshold(threshold);
  p.set_last_convocation_id(c.id);
  return Envelope("orientation.beneficiary.repeated_no_show", "beneficiary", b.id, b, now, p);
}

events::v1::Event BeneficiaryOrientedEvent(const Beneficiary& b, const OrientationDecision& d) {
  pb::BeneficiaryOriented p;
  p.set_decision_id(d.id);
  p.set_type(static_cast<pb::OrientationType>(d.type));
  p.set_structure_id(d.structure_id);
  p.set_referent_id(d.referent_id);
  p.set_suggested_type(static_cast<pb::OrientationType>(d.suggestion.type));
  p.set_overrides_suggestion(d.overrides_suggestion);
  *p.mutable_entry_date() = DateOf(b.entry_date);
  p.set_delay_days(DelayDays(b.entry_date, d.decided_at));
  p.set_kind(static_cast<pb::DecisionKind>(d.kind));
  const char* type = d.kind == DecisionKind::kReorientation ? "orientation.beneficiary.reoriented"
                                                            : "orientation.beneficiary.oriented";
  return Envelope(type, "beneficiary", b.id, b, d.decided_at, p);
}

events::v1::Event AppointmentEvent(const Beneficiary& b, const Appointment& a, absl::Time now) {
  pb::AppointmentChanged p;
  p.set_appointment_id(a.id);
  p.set_slot_id(a.slot_id);
  p.set_referent_id(a.referent_id);
  *p.mutable_starts_at() = Ts(a.starts_at);
  p.set_status(static_cast<pb::AppointmentStatus>(a.status));
  const char* type = "orientation.appointment.booked";
  switch (a.status) {
    case AppointmentStatus::kCancelled:
      type = "orientation.appointment.cancelled";
      break;
    case AppointmentStatus::kHeld:
      type = "orientation.appointment.held";
      break;
    case AppointmentStatus::kMissed:
      type = "orientation.appointment.missed";
      break;
    case AppointmentStatus::kExcusedAbsence:
      type = "orientation.appointment.excused";
      break;
    default:
      break;
  }
  return Envelope(type, "appointment", a.id, b, now, p);
}

}  // namespace parcours::orientation
