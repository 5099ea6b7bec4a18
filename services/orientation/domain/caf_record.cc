#include "services/orientation/domain/caf_record.h"

#include "absl/strings/str_cat.h"
#include "services/orientation/domain/beneficiary_status.h"
#include "services/orientation/domain/identity_validation.h"

namespace parcours::orientation {

const char* Name(CafRecordKind k) {
  switch (k) {
    case CafRecordKind::kEntrant:
      return "CAF_ENTRANT";
    case CafRecordKind::kChange:
      return "CAF_CHANGE";
    case CafRecordKind::kExit:
      return "CAF_EXIT";
    case CafRecordKind::kUnspecified:
      break;
  }
  return "CAF_RECORD_KIND_UNSPECIFIED";
}

CafRecordKind ParseCafRecordKind(const std::string& s) {
  for (CafRecordKind k : {CafRecordKind::kEntrant, CafRecordKind::kChange, CafRecordKind::kExit}) {
    if (s == Name(k)) return k;
  }
  return CafRecordKind::kUnspecified;
}

std::optional<CafRejection> CafFlowValidator::Check(int64_t index, const CafRecord& r) {
  auto reject = [&](const char* field, std::string reason) {
    return CafRejection{index, field, std::move(reason)};
  };
  if (r.kind == CafRecordKind::kUnspecified)
    return reject("kind", "must be CAF_ENTRANT, CAF_CHANGE or CAF_EXIT");
  if (!IsValidCafNumber(r.caf_number)) return reject("caf_number", "must be exactly 7 digits");
  if (!r.event_date.has_value()) return reject("event_date", "missing or not a real day");
  if (*r.event_date < kRsaStart) return reject("event_date", "before the RSA existed (2009-06-01)");
  if (*r.event_date > today_) return reject("event_date", "in the future");
  const bool entrant = r.kind == CafRecordKind::kEntrant;
  if (entrant || !r.last_name.empty()) {
    if (!IsValidName(r.last_name))
      return reject("last_name", "must be 1 to 100 printable characters");
  }
  if (entrant || !r.first_name.empty()) {
    if (!IsValidName(r.first_name))
      return reject("first_name", "must be 1 to 100 printable characters");
  }
  if (entrant && !r.birth_date.has_value())
    return reject("birth_date", "missing or not a real day");
  if (r.birth_date.has_value()) {
    if (!IsPlausibleBirthDate(*r.birth_date, today_)) {
      return reject("birth_date", "impossible: the person would be under 16 or over 120");
    }
    if (*r.birth_date >= *r.event_date) return reject("event_date", "before the birth date");
  }
  if (entrant && r.commune_insee.empty()) return reject("commune_insee", "required for an entrant");
  if (!r.commune_insee.empty() && !territories_.ForCommune(r.commune_insee).has_value()) {
    return reject("commune_insee", "unknown commune (not in the territories reference data)");
  }
  if (!IsValidPhone(r.phone)) return reject("phone", "not a French phone number");
  if (!IsValidEmail(r.email)) return reject("email", "not an e-mail address");
  if (r.address_line.size() > 200) return reject("address_line", "longer than 200 characters");
  if (r.kind == CafRecordKind::kExit && r.exit_reason == ExitReason::kUnspecified) {
    return reject("exit_reason", "required for an exit");
  }
  if (r.kind != CafRecordKind::kExit && r.exit_reason != ExitReason::kUnspecified) {
    return reject("exit_reason", "only for an exit");
  }
  if (!seen_.emplace(r.caf_number, *r.event_date, r.kind).second) {
    return reject("caf_number", "duplicate in the same flow (same CAF number, date and kind)");
  }
  return std::nullopt;
}

std::string ImportKey(const std::string& beneficiary_id, absl::CivilDay event_date,
                      CafRecordKind kind) {
  return absl::StrCat(beneficiary_id, "|", FormatDate(event_date), "|", static_cast<int>(kind));
}

namespace {

// Copies the identity fields a record carries (non-empty ones) into `b`.
void ApplyIdentity(const CafRecord& r, const std::optional<Territory>& territory, Beneficiary& b,
                   std::vector<std::string>& changed) {
  auto set = [&](std::string& field, const std::string& value, const char* path) {
    if (!value.empty() && field != value) {
      field = value;
      changed.push_back(path);
    }
  };
  set(b.identity.last_name, r.last_name, "identity.last_name");
  set(b.identity.first_name, r.first_name, "identity.first_name");
  set(b.identity.address_line, r.address_line, "identity.address_line");
  set(b.identity.phone, r.phone, "identity.phone");
  set(b.identity.email, r.email, "identity.email");
  if (r.birth_date.has_value() && b.identity.birth_date != r.birth_date) {
    b.identity.birth_date = r.birth_date;
    changed.push_back("identity.birth_date");
  }
  if (territory.has_value() && b.identity.commune_insee != territory->commune_insee) {
    b.identity.commune_insee = territory->commune_insee;
    b.territory = *territory;
    changed.push_back("identity.commune_insee");
  }
}

}  // namespace

absl::StatusOr<CafEffect> ApplyCafRecord(const std::optional<Beneficiary>& current,
                                         const CafRecord& r,
                                         const std::optional<Territory>& territory, absl::Time now,
                                         const std::string& new_id) {
  CafEffect e;
  switch (r.kind) {
    case CafRecordKind::kEntrant: {
      if (current.has_value() && current->status != BeneficiaryStatus::kExited) {
        return absl::FailedPreconditionError(
            "an entrant record for a beneficiary already registered and not exited");
      }
      std::vector<std::string> ignored;
      if (current.has_value()) {
        e.kind = CafEffect::Kind::kReentered;
        e.after = *current;
        e.status_before = current->status;
        // The file starts again: a new entry date, a new convocation cycle.
        e.after.exit_date.reset();
        e.after.exit_reason = ExitReason::kUnspecified;
        e.after.orientation_type = OrientationType::kUnspecified;
        e.after.referent_id.clear();
        e.after.no_show_count = 0;
      } else {
        e.kind = CafEffect::Kind::kCreated;
        e.after.id = new_id;
        e.after.identity.caf_number = r.caf_number;
        e.after.create_time = now;
        e.after.version = 0;
      }
      ApplyIdentity(r, territory, e.after, ignored);
      e.after.subject_to_rights_and_duties = r.subject_to_rights_and_duties;
      e.after.status = InitialStatus(r.subject_to_rights_and_duties);
      e.after.entry_date = *r.event_date;
      e.after.update_time = now;
      return e;
    }
    case CafRecordKind::kChange: {
      if (!current.has_value()) {
        return absl::FailedPreconditionError("a change record for an unknown CAF number");
      }
      if (current->status == BeneficiaryStatus::kExited) {
        return absl::FailedPreconditionError("a change record for an exited beneficiary");
      }
      e.kind = CafEffect::Kind::kChanged;
      e.after = *current;
      e.status_before = current->status;
      ApplyIdentity(r, territory, e.after, e.changed_fields);
      if (r.subject_to_rights_and_duties != current->subject_to_rights_and_duties) {
        e.after.subject_to_rights_and_duties = r.subject_to_rights_and_duties;
        e.changed_fields.push_back("subject_to_rights_and_duties");
        // Only the first two statuses depend on the flag; later ones keep their course.
        const StatusEvent ev = r.subject_to_rights_and_duties
                                   ? StatusEvent::kBecameSubjectToRightsAndDuties
                                   : StatusEvent::kNoLongerSubject;
        absl::StatusOr<BeneficiaryStatus> next = Transition(current->status, ev);
        if (next.ok()) e.after.status = *next;
      }
      e.after.update_time = now;
      return e;
    }
    case CafRecordKind::kExit: {
      if (!current.has_value()) {
        return absl::FailedPreconditionError("an exit record for an unknown CAF number");
      }
      absl::StatusOr<BeneficiaryStatus> next = Transition(current->status, StatusEvent::kExited);
      if (!next.ok()) return next.status();
      e.kind = CafEffect::Kind::kExited;
      e.after = *current;
      e.status_before = current->status;
      e.after.status = *next;
      e.after.exit_date = r.event_date;
      e.after.exit_reason = r.exit_reason;
      e.after.update_time = now;
      return e;
    }
    case CafRecordKind::kUnspecified:
      break;
  }
  return absl::InvalidArgumentError("record kind unspecified");
}

}  // namespace parcours::orientation
