// Référents, slots and appointments. "Never two bookings for one slot" rests on two
// database guarantees, either of which suffices: the conditional UPDATE of slots.booked
// from 0 to 1, and the partial unique index of live appointments per slot.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "services/orientation/domain/agenda.h"
#include "services/orientation/domain/beneficiary_status.h"
#include "services/orientation/events/orientation_events.h"
#include "services/orientation/store/outbox.h"
#include "services/orientation/store/sql_orientation_store.h"
#include "services/orientation/store/sql_referents.h"
#include "services/orientation/store/sql_rows.h"

namespace parcours::orientation {

namespace sql {

const char kReferentSelect[] =
    "SELECT r.id, r.display_name, r.structure_id, r.orientation_type, r.tad, r.mds, "
    "r.target_caseload, r.version, (SELECT COUNT(*) FROM beneficiaries cb WHERE "
    "cb.referent_id = r.id AND cb.status IN ('ORIENTED', 'ACCOMPANIED')) FROM referents r";

Referent ReferentFromRow(const storage::Row& row) {
  Referent r;
  r.id = row.Text(0);
  r.display_name = row.Text(1);
  r.structure_id = row.Text(2);
  r.orientation_type = ParseOrientationType(row.Text(3));
  r.tad = row.Text(4);
  r.mds = row.Text(5);
  r.target_caseload = static_cast<int>(row.Int(6));
  r.version = row.Int(7);
  r.caseload = static_cast<int>(row.Int(8));
  return r;
}

absl::StatusOr<Referent> LoadReferent(storage::Transaction& tx, const std::string& id) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query(absl::StrCat(kReferentSelect, " WHERE r.id = ?"), {id}));
  if (rs.empty()) return absl::NotFoundError(absl::StrCat("référent ", id, " not found"));
  return ReferentFromRow(rs.rows[0]);
}

}  // namespace sql

namespace {

constexpr char kSlotSelect[] =
    "SELECT id, referent_id, starts_at_us, duration_minutes, booked, tad, mds FROM slots";

Slot SlotFromRow(const storage::Row& r) {
  return Slot{
      r.Text(0), r.Text(1), sql::FromMicros(r.Int(2)), static_cast<int>(r.Int(3)), r.Bool(4),
      r.Text(5), r.Text(6)};
}

constexpr char kAppointmentSelect[] =
    "SELECT a.id, a.slot_id, a.beneficiary_id, a.referent_id, a.starts_at_us, a.status, "
    "a.cancel_reason, a.version FROM appointments a";

Appointment AppointmentFromRow(const storage::Row& r) {
  Appointment a;
  a.id = r.Text(0);
  a.slot_id = r.Text(1);
  a.beneficiary_id = r.Text(2);
  a.referent_id = r.Text(3);
  a.starts_at = sql::FromMicros(r.Int(4));
  a.status = ParseAppointmentStatus(r.Text(5));
  a.cancel_reason = r.Text(6);
  a.version = r.Int(7);
  return a;
}

bool InScope(const AccessScope& scope, const std::string& tad, const std::string& mds) {
  if (scope.all) return true;
  for (const std::string& t : scope.territories) {
    if (t == tad || t == mds) return true;
  }
  return false;
}

absl::StatusOr<Appointment> LoadAppointment(storage::Transaction& tx, const std::string& id,
                                            const AccessScope& scope) {
  std::string sql = absl::StrCat(kAppointmentSelect, " WHERE a.id = ?");
  storage::Params params = {id};
  sql::AppendScope(scope, "a.tad", "a.mds", sql, params);
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx.Query(sql, params));
  if (rs.empty()) return absl::NotFoundError(absl::StrCat("appointment ", id, " not found"));
  return AppointmentFromRow(rs.rows[0]);
}

// The conditional status change shared by cancel and outcome.
absl::Status SetAppointmentStatus(storage::Transaction& tx, Appointment& a, int64_t version,
                                  AppointmentStatus next, const std::string& reason,
                                  absl::Time now) {
  ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE appointments SET status = ?, cancel_reason = ?, "
                                      "version = version + 1, update_time_us = ? "
                                      "WHERE id = ? AND version = ?",
                                      {Name(next), reason, sql::Micros(now), a.id, version}));
  if (n == 0) return sql::StaleOrMissing(tx, "appointments", a.id);
  a.status = next;
  a.cancel_reason = reason;
  ++a.version;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Referent> SqlOrientationStore::CreateReferent(const std::string& request_id,
                                                             const Referent& r) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  ASSIGN_OR_RETURN(
      int64_t n,
      tx->Exec("INSERT INTO referents (id, request_id, display_name, structure_id, "
               "orientation_type, tad, mds, target_caseload, version, create_time_us) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (request_id) DO NOTHING",
               {NewId("ref"), request_id, r.display_name, r.structure_id, Name(r.orientation_type),
                r.tad, r.mds, r.target_caseload, sql::Micros(absl::Now())}));
  (void)n;
  ASSIGN_OR_RETURN(
      storage::ResultSet rs,
      tx->Query(absl::StrCat(sql::kReferentSelect, " WHERE r.request_id = ?"), {request_id}));
  RETURN_IF_ERROR(tx->Commit());
  if (rs.empty()) return absl::InternalError("référent vanished after insert");
  return sql::ReferentFromRow(rs.rows[0]);
}

absl::StatusOr<Referent> SqlOrientationStore::GetReferent(const std::string& id) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return sql::LoadReferent(*tx, id);
}

absl::StatusOr<Page<Referent>> SqlOrientationStore::ListReferents(const std::string& tad,
                                                                  OrientationType type,
                                                                  const PageRequest& page) {
  std::string sql = absl::StrCat(sql::kReferentSelect, " WHERE r.id > ?");
  storage::Params params = {page.after};
  if (!tad.empty()) {
    sql += " AND r.tad = ?";
    params.emplace_back(tad);
  }
  if (type != OrientationType::kUnspecified) {
    sql += " AND r.orientation_type = ?";
    params.emplace_back(Name(type));
  }
  sql += " ORDER BY r.id LIMIT ?";
  params.emplace_back(page.page_size + 1);
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
  std::vector<Referent> items;
  for (const storage::Row& row : rs.rows) items.push_back(sql::ReferentFromRow(row));
  return sql::MakePage(std::move(items), page.page_size, [](const Referent& r) { return r.id; });
}

absl::StatusOr<std::vector<Slot>> SqlOrientationStore::PublishSlots(const std::string& referent_id,
                                                                    const std::vector<Slot>& slots,
                                                                    const AccessScope& scope) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  ASSIGN_OR_RETURN(Referent r, sql::LoadReferent(*tx, referent_id));
  if (!InScope(scope, r.tad, r.mds)) {
    return absl::NotFoundError(absl::StrCat("référent ", referent_id, " not found"));
  }
  std::vector<Slot> out;
  for (const Slot& s : slots) {
    ASSIGN_OR_RETURN(
        int64_t n,
        tx->Exec("INSERT INTO slots (id, referent_id, tad, mds, starts_at_us, "
                 "duration_minutes, booked) VALUES (?, ?, ?, ?, ?, ?, 0) "
                 "ON CONFLICT (referent_id, starts_at_us) DO NOTHING",
                 {NewId("slt"), r.id, r.tad, r.mds, sql::Micros(s.starts_at), s.duration_minutes}));
    (void)n;
    ASSIGN_OR_RETURN(
        storage::ResultSet rs,
        tx->Query(absl::StrCat(kSlotSelect, " WHERE referent_id = ? AND starts_at_us = ?"),
                  {r.id, sql::Micros(s.starts_at)}));
    if (!rs.empty()) out.push_back(SlotFromRow(rs.rows[0]));
  }
  RETURN_IF_ERROR(tx->Commit());
  return out;
}

absl::StatusOr<Page<Slot>> SqlOrientationStore::ListFreeSlots(const std::string& tad,
                                                              const std::string& mds,
                                                              absl::Time from, absl::Time to,
                                                              const AccessScope& scope,
                                                              const PageRequest& page) {
  std::string sql = absl::StrCat(kSlotSelect,
                                 " WHERE booked = 0 AND tad = ? AND starts_at_us >= ? AND "
                                 "starts_at_us < ?");
  storage::Params params = {tad, sql::Micros(from), sql::Micros(to)};
  if (!page.after.empty()) {
    const size_t slash = page.after.find('/');
    int64_t at = 0;
    if (slash == std::string::npos || !absl::SimpleAtoi(page.after.substr(0, slash), &at)) {
      return absl::InvalidArgumentError("page_token: malformed");
    }
    sql += " AND (starts_at_us > ? OR (starts_at_us = ? AND id > ?))";
    params.insert(params.end(), {at, at, page.after.substr(slash + 1)});
  }
  if (!mds.empty()) {
    sql += " AND mds = ?";
    params.emplace_back(mds);
  }
  sql::AppendScope(scope, "tad", "mds", sql, params);
  sql += " ORDER BY starts_at_us, id LIMIT ?";
  params.emplace_back(page.page_size + 1);
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
  std::vector<Slot> items;
  for (const storage::Row& row : rs.rows) items.push_back(SlotFromRow(row));
  return sql::MakePage(std::move(items), page.page_size, [](const Slot& s) {
    return absl::StrCat(sql::Micros(s.starts_at), "/", s.id);
  });
}

absl::StatusOr<Appointment> SqlOrientationStore::BookAppointment(const std::string& request_id,
                                                                 const std::string& slot_id,
                                                                 const std::string& beneficiary_id,
                                                                 const AccessScope& scope,
                                                                 absl::Time now) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  ASSIGN_OR_RETURN(
      storage::ResultSet prior,
      tx->Query(absl::StrCat(kAppointmentSelect, " WHERE a.request_id = ?"), {request_id}));
  if (!prior.empty()) return AppointmentFromRow(prior.rows[0]);
  ASSIGN_OR_RETURN(Beneficiary b, sql::LoadBeneficiary(*tx, beneficiary_id, scope));
  ASSIGN_OR_RETURN(storage::ResultSet slot_rows,
                   tx->Query(absl::StrCat(kSlotSelect, " WHERE id = ?"), {slot_id}));
  if (slot_rows.empty()) return absl::NotFoundError(absl::StrCat("slot ", slot_id, " not found"));
  const Slot slot = SlotFromRow(slot_rows.rows[0]);
  if (!MayBookAppointment(b.status)) {
    return absl::FailedPreconditionError(
        absl::StrCat("a beneficiary in status ", Name(b.status), " has no référent to meet"));
  }
  if (slot.referent_id != b.referent_id) {
    return absl::FailedPreconditionError(
        "the slot belongs to another référent than the beneficiary's");
  }
  if (slot.starts_at <= now) return absl::FailedPreconditionError("the slot is in the past");
  ASSIGN_OR_RETURN(int64_t taken,
                   tx->Exec("UPDATE slots SET booked = 1 WHERE id = ? AND booked = 0", {slot_id}));
  if (taken == 0)
    return absl::ResourceExhaustedError(absl::StrCat("slot ", slot_id, " is already booked"));
  Appointment a;
  a.id = NewId("apt", now);
  a.slot_id = slot.id;
  a.beneficiary_id = b.id;
  a.referent_id = slot.referent_id;
  a.starts_at = slot.starts_at;
  a.status = AppointmentStatus::kBooked;
  a.version = 1;
  ASSIGN_OR_RETURN(
      int64_t n,
      tx->Exec("INSERT INTO appointments (id, request_id, slot_id, beneficiary_id, "
               "referent_id, tad, mds, starts_at_us, status, version, create_time_us, "
               "update_time_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'BOOKED', 1, ?, ?)",
               {a.id, request_id, a.slot_id, a.beneficiary_id, a.referent_id, b.territory.tad,
                b.territory.mds, sql::Micros(a.starts_at), sql::Micros(now), sql::Micros(now)}));
  (void)n;
  StageEvents(outbox_, *tx, {AppointmentEvent(b, a, now)});
  RETURN_IF_ERROR(tx->Commit());
  return a;
}

absl::StatusOr<Appointment> SqlOrientationStore::CancelAppointment(const std::string& id,
                                                                   int64_t version,
                                                                   const std::string& reason,
                                                                   const AccessScope& scope,
                                                                   absl::Time now) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  ASSIGN_OR_RETURN(Appointment a, LoadAppointment(*tx, id, scope));
  if (a.version != version) {
    return absl::AbortedError(absl::StrCat("etag mismatch: ", a.id, " changed, read it again"));
  }
  ASSIGN_OR_RETURN(AppointmentStatus next,
                   AppointmentTransition(a.status, AppointmentStatus::kCancelled));
  RETURN_IF_ERROR(SetAppointmentStatus(*tx, a, version, next, reason, now));
  ASSIGN_OR_RETURN(int64_t freed,
                   tx->Exec("UPDATE slots SET booked = 0 WHERE id = ?", {a.slot_id}));
  (void)freed;
  ASSIGN_OR_RETURN(Beneficiary b, sql::LoadBeneficiary(*tx, a.beneficiary_id, AccessScope::All()));
  StageEvents(outbox_, *tx, {AppointmentEvent(b, a, now)});
  RETURN_IF_ERROR(tx->Commit());
  return a;
}

absl::StatusOr<AppointmentResult> SqlOrientationStore::RecordAppointmentOutcome(
    const std::string& id, int64_t version, AppointmentStatus outcome, const AccessScope& scope,
    absl::Time now) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  ASSIGN_OR_RETURN(Appointment a, LoadAppointment(*tx, id, scope));
  if (a.version != version) {
    return absl::AbortedError(absl::StrCat("etag mismatch: ", a.id, " changed, read it again"));
  }
  ASSIGN_OR_RETURN(AppointmentStatus next, AppointmentTransition(a.status, outcome));
  if (a.starts_at > now) {
    return absl::FailedPreconditionError(
        "the appointment has not started: its outcome comes after it");
  }
  RETURN_IF_ERROR(SetAppointmentStatus(*tx, a, version, next, "", now));
  ASSIGN_OR_RETURN(Beneficiary b, sql::LoadBeneficiary(*tx, a.beneficiary_id, AccessScope::All()));
  AppointmentResult result{a, false};
  if (next == AppointmentStatus::kHeld && a.referent_id == b.referent_id) {
    absl::StatusOr<BeneficiaryStatus> accompanied =
        Transition(b.status, StatusEvent::kFirstAppointmentHeld);
    if (accompanied.ok()) {
      b.status = *accompanied;
      b.update_time = now;
      RETURN_IF_ERROR(sql::SaveBeneficiary(*tx, b));
      result.first_held = true;
    }
  }
  StageEvents(outbox_, *tx, {AppointmentEvent(b, a, now)});
  RETURN_IF_ERROR(tx->Commit());
  return result;
}

}  // namespace parcours::orientation
