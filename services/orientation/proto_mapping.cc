#include "services/orientation/proto_mapping.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "services/orientation/domain/identity_validation.h"

namespace parcours::orientation {

// The domain enums mirror the proto's numbering; a proto change that breaks it fails here.
static_assert(static_cast<int>(BeneficiaryStatus::kExited) == pb::EXITED);
static_assert(static_cast<int>(BeneficiaryStatus::kToConvene) == pb::TO_CONVENE);
static_assert(static_cast<int>(OrientationType::kSocial) == pb::SOCIAL);
static_assert(static_cast<int>(OrientationType::kSocioProfessional) == pb::SOCIO_PROFESSIONAL);
static_assert(static_cast<int>(Barrier::kDigital) == pb::DIGITAL);
static_assert(static_cast<int>(QualificationLevel::kLevel6Plus) == pb::QUALIFICATION_LEVEL_6_PLUS);
static_assert(static_cast<int>(ExitReason::kOther) == pb::OTHER_EXIT);
static_assert(static_cast<int>(ExitReason::kReturnToEmployment) == pb::RETURN_TO_EMPLOYMENT);
static_assert(static_cast<int>(Attendance::kExcused) == pb::EXCUSED);
static_assert(static_cast<int>(AppointmentStatus::kExcusedAbsence) == pb::EXCUSED_ABSENCE);
static_assert(static_cast<int>(FollowUpStatus::kExited) == pb::NO_FOLLOW_UP_EXITED);
static_assert(static_cast<int>(DecisionKind::kReorientation) == pb::REORIENTATION);
static_assert(static_cast<int>(ReorientationStatus::kDenied) == pb::REORIENTATION_DENIED);
static_assert(static_cast<int>(QueueKind::kOrientedWithoutAppointment) ==
              pb::ORIENTED_WITHOUT_APPOINTMENT);
static_assert(static_cast<int>(CafRecordKind::kExit) == pb::CAF_EXIT);

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixMicros(google::protobuf::util::TimeUtil::TimestampToMicroseconds(ts));
}

common::v1::Date ToDate(absl::CivilDay d) {
  common::v1::Date out;
  out.set_year(static_cast<int32_t>(d.year()));
  out.set_month(d.month());
  out.set_day(d.day());
  return out;
}

std::optional<absl::CivilDay> FromDate(const common::v1::Date& d) {
  if (IsUnset(d)) return std::nullopt;
  return MakeDate(d.year(), d.month(), d.day());
}

void ToProto(const Diagnostic& d, pb::Diagnostic* out) {
  for (Barrier b : d.barriers) out->add_barriers(EnumCast<pb::Barrier>(b));
  out->set_qualification_level(EnumCast<pb::QualificationLevel>(d.qualification_level));
  if (d.last_employment_end) *out->mutable_last_employment_end() = ToDate(*d.last_employment_end);
  out->set_france_travail_registered(d.france_travail_registered);
  if (d.assessed_at) *out->mutable_assessed_at() = ToTimestamp(*d.assessed_at);
}

void ToProto(const Beneficiary& b, pb::Beneficiary* out) {
  out->set_id(b.id);
  pb::Identity* id = out->mutable_identity();
  id->set_last_name(b.identity.last_name);
  id->set_first_name(b.identity.first_name);
  if (b.identity.birth_date) *id->mutable_birth_date() = ToDate(*b.identity.birth_date);
  id->set_caf_number(b.identity.caf_number);
  id->set_phone(b.identity.phone);
  id->set_email(b.identity.email);
  id->set_address_line(b.identity.address_line);
  id->set_commune_insee(b.identity.commune_insee);
  out->set_status(EnumCast<pb::BeneficiaryStatus>(b.status));
  out->mutable_territory()->set_tad(b.territory.tad);
  out->mutable_territory()->set_mds(b.territory.mds);
  out->mutable_territory()->set_commune_insee(b.identity.commune_insee);
  out->set_subject_to_rights_and_duties(b.subject_to_rights_and_duties);
  if (b.diagnostic.assessed_at) ToProto(b.diagnostic, out->mutable_diagnostic());
  *out->mutable_entry_date() = ToDate(b.entry_date);
  if (b.exit_date) *out->mutable_exit_date() = ToDate(*b.exit_date);
  out->set_exit_reason(EnumCast<pb::ExitReason>(b.exit_reason));
  out->set_orientation_type(EnumCast<pb::OrientationType>(b.orientation_type));
  out->set_referent_id(b.referent_id);
  out->set_no_show_count(b.no_show_count);
  out->set_follow_up(EnumCast<pb::FollowUpStatus>(b.follow_up));
  out->set_etag(absl::StrCat(b.version));
  *out->mutable_create_time() = ToTimestamp(b.create_time);
  *out->mutable_update_time() = ToTimestamp(b.update_time);
}

void ToProto(const InformationSession& s, pb::InformationSession* out) {
  out->set_id(s.id);
  out->set_mds(s.mds);
  out->set_tad(s.tad);
  *out->mutable_starts_at() = ToTimestamp(s.starts_at);
  out->set_capacity(s.capacity);
  out->set_convened(s.convened);
  out->set_location(s.location);
  out->set_etag(absl::StrCat(s.version));
}

void ToProto(const Convocation& c, pb::Convocation* out) {
  out->set_id(c.id);
  out->set_beneficiary_id(c.beneficiary_id);
  out->set_session_id(c.session_id);
  *out->mutable_starts_at() = ToTimestamp(c.starts_at);
  out->set_attendance(EnumCast<pb::Attendance>(c.attendance));
  out->set_etag(absl::StrCat(c.version));
  *out->mutable_create_time() = ToTimestamp(c.create_time);
}

void ToProto(const Suggestion& s, pb::OrientationSuggestion* out) {
  out->set_type(EnumCast<pb::OrientationType>(s.type));
  for (const FiredRule& f : s.fired) {
    pb::FiredRule* r = out->add_fired();
    r->set_rule_id(f.rule_id);
    r->set_reason(f.reason);
    r->set_suggested_type(EnumCast<pb::OrientationType>(f.suggested_type));
  }
  out->set_rules_version(s.rules_version);
}

void ToProto(const OrientationDecision& d, pb::OrientationDecision* out) {
  out->set_id(d.id);
  out->set_beneficiary_id(d.beneficiary_id);
  out->set_kind(EnumCast<pb::DecisionKind>(d.kind));
  out->set_type(EnumCast<pb::OrientationType>(d.type));
  out->set_structure_id(d.structure_id);
  out->set_referent_id(d.referent_id);
  ToProto(d.suggestion, out->mutable_suggestion());
  out->set_overrides_suggestion(d.overrides_suggestion);
  out->set_comment(d.comment);
  out->set_decided_by(d.decided_by);
  *out->mutable_decided_at() = ToTimestamp(d.decided_at);
  out->set_reorientation_request_id(d.reorientation_request_id);
}

void ToProto(const ReorientationRequest& r, pb::ReorientationRequest* out) {
  out->set_id(r.id);
  out->set_beneficiary_id(r.beneficiary_id);
  out->set_requested_type(EnumCast<pb::OrientationType>(r.requested_type));
  out->set_reason(r.reason);
  out->set_status(EnumCast<pb::ReorientationStatus>(r.status));
  out->set_requested_by(r.requested_by);
  out->set_decided_by(r.decided_by);
  out->set_decision_reason(r.decision_reason);
  out->set_decision_id(r.decision_id);
  out->set_etag(absl::StrCat(r.version));
  *out->mutable_create_time() = ToTimestamp(r.create_time);
}

void ToProto(const Referent& r, pb::Referent* out) {
  out->set_id(r.id);
  out->set_display_name(r.display_name);
  out->set_structure_id(r.structure_id);
  out->set_orientation_type(EnumCast<pb::OrientationType>(r.orientation_type));
  out->set_tad(r.tad);
  out->set_mds(r.mds);
  out->set_target_caseload(r.target_caseload);
  out->set_caseload(r.caseload);
  out->set_etag(absl::StrCat(r.version));
}

void ToProto(const Slot& s, pb::Slot* out) {
  out->set_id(s.id);
  out->set_referent_id(s.referent_id);
  *out->mutable_starts_at() = ToTimestamp(s.starts_at);
  out->set_duration_minutes(s.duration_minutes);
  out->set_booked(s.booked);
  out->set_tad(s.tad);
  out->set_mds(s.mds);
}

void ToProto(const Appointment& a, pb::Appointment* out) {
  out->set_id(a.id);
  out->set_slot_id(a.slot_id);
  out->set_beneficiary_id(a.beneficiary_id);
  out->set_referent_id(a.referent_id);
  *out->mutable_starts_at() = ToTimestamp(a.starts_at);
  out->set_status(EnumCast<pb::AppointmentStatus>(a.status));
  out->set_cancel_reason(a.cancel_reason);
  out->set_etag(absl::StrCat(a.version));
}

CafRecord CafRecordFromProto(const pb::CafRecord& r) {
  CafRecord out;
  out.kind = pb::CafRecordKind_IsValid(r.kind()) ? EnumCast<CafRecordKind>(r.kind())
                                                 : CafRecordKind::kUnspecified;
  out.caf_number = r.caf_number();
  out.event_date = FromDate(r.event_date());
  out.last_name = r.last_name();
  out.first_name = r.first_name();
  out.birth_date = FromDate(r.birth_date());
  out.commune_insee = r.commune_insee();
  out.address_line = r.address_line();
  out.phone = r.phone();
  out.email = r.email();
  out.subject_to_rights_and_duties = r.subject_to_rights_and_duties();
  // An unknown reason number from a newer client is still an exit.
  out.exit_reason = r.exit_reason() == pb::EXIT_REASON_UNSPECIFIED ? ExitReason::kUnspecified
                    : pb::ExitReason_IsValid(r.exit_reason())
                        ? EnumCast<ExitReason>(r.exit_reason())
                        : ExitReason::kOther;
  return out;
}

pb::CafRecord CafRecordToProto(const CafRecord& r) {
  pb::CafRecord out;
  out.set_kind(EnumCast<pb::CafRecordKind>(r.kind));
  out.set_caf_number(r.caf_number);
  if (r.event_date) *out.mutable_event_date() = ToDate(*r.event_date);
  out.set_last_name(r.last_name);
  out.set_first_name(r.first_name);
  if (r.birth_date) *out.mutable_birth_date() = ToDate(*r.birth_date);
  out.set_commune_insee(r.commune_insee);
  out.set_address_line(r.address_line);
  out.set_phone(r.phone);
  out.set_email(r.email);
  out.set_subject_to_rights_and_duties(r.subject_to_rights_and_duties);
  out.set_exit_reason(EnumCast<pb::ExitReason>(r.exit_reason));
  return out;
}

}  // namespace parcours::orientation
