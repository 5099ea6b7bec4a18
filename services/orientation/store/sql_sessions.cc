// Information sessions, convening and attendance.
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "libs/common/ids.h"
#include "libs/common/status_macros.h"
#include "services/orientation/domain/beneficiary_status.h"
#include "services/orientation/domain/convening.h"
#include "services/orientation/events/orientation_events.h"
#include "services/orientation/store/outbox.h"
#include "services/orientation/store/sql_orientation_store.h"
#include "services/orientation/store/sql_rows.h"

namespace parcours::orientation {
namespace {

constexpr char kSessionColumns[] =
    "SELECT id, tad, mds, starts_at_us, capacity, convened, location, version "
    "FROM information_sessions";

InformationSession SessionFromRow(const storage::Row& r) {
  InformationSession s;
  s.id = r.Text(0);
  s.tad = r.Text(1);
  s.mds = r.Text(2);
  s.starts_at = sql::FromMicros(r.Int(3));
  s.capacity = static_cast<int>(r.Int(4));
  s.convened = static_cast<int>(r.Int(5));
  s.location = r.Text(6);
  s.version = r.Int(7);
  return s;
}

constexpr char kConvocationColumns[] =
    "SELECT c.id, c.beneficiary_id, c.session_id, c.starts_at_us, c.attendance, c.version, "
    "c.create_time_us FROM convocations c JOIN beneficiaries b ON b.id = c.beneficiary_id";

Convocation ConvocationFromRow(const storage::Row& r) {
  Convocation c;
  c.id = r.Text(0);
  c.beneficiary_id = r.Text(1);
  c.session_id = r.Text(2);
  c.starts_at = sql::FromMicros(r.Int(3));
  c.attendance = ParseAttendance(r.Text(4));
  c.version = r.Int(5);
  c.create_time = sql::FromMicros(r.Int(6));
  return c;
}

}  // namespace

absl::StatusOr<InformationSession> SqlOrientationStore::CreateSession(const std::string& request_id,
                                                                      const InformationSession& s) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  ASSIGN_OR_RETURN(
      int64_t n,
      tx->Exec("INSERT INTO information_sessions (id, request_id, tad, mds, starts_at_us, "
               "capacity, convened, location, version, create_time_us) "
               "VALUES (?, ?, ?, ?, ?, ?, 0, ?, 1, ?) ON CONFLICT (request_id) DO NOTHING",
               {NewId("ses"), request_id, s.tad, s.mds, sql::Micros(s.starts_at), s.capacity,
                s.location, sql::Micros(absl::Now())}));
  (void)n;
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query(absl::StrCat(kSessionColumns, " WHERE request_id = ?"), {request_id}));
  RETURN_IF_ERROR(tx->Commit());
  if (rs.empty()) return absl::InternalError("session vanished after insert");
  return SessionFromRow(rs.rows[0]);
}

absl::StatusOr<Page<InformationSession>> SqlOrientationStore::ListSessions(
    const SessionFilter& filter, const AccessScope& scope, const PageRequest& page) {
  // Ordered by (starts_at, id): the page token is "<micros>/<id>".
  std::string sql = absl::StrCat(kSessionColumns, " WHERE 1 = 1");
  storage::Params params;
  if (!page.after.empty()) {
    const size_t slash = page.after.find('/');
    int64_t at = 0;
    if (slash == std::string::npos || !absl::SimpleAtoi(page.after.substr(0, slash), &at)) {
      return absl::InvalidArgumentError("page_token: malformed");
    }
    sql += " AND (starts_at_us > ? OR (starts_at_us = ? AND id > ?))";
    params.insert(params.end(), {at, at, page.after.substr(slash + 1)});
  }
  if (!filter.tad.empty()) {
    sql += " AND tad = ?";
    params.emplace_back(filter.tad);
  }
  if (!filter.mds.empty()) {
    sql += " AND mds = ?";
    params.emplace_back(filter.mds);
  }
  if (filter.starts_after.has_value()) {
    sql += " AND starts_at_us > ?";
    params.emplace_back(sql::Micros(*filter.starts_after));
  }
  sql::AppendScope(scope, "tad", "mds", sql, params);
  sql += " ORDER BY starts_at_us, id LIMIT ?";
  params.emplace_back(page.page_size + 1);
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
  std::vector<InformationSession> items;
  for (const storage::Row& row : rs.rows) items.push_back(SessionFromRow(row));
  return sql::MakePage(std::move(items), page.page_size, [](const InformationSession& s) {
    return absl::StrCat(sql::Micros(s.starts_at), "/", s.id);
  });
}

absl::StatusOr<ConveneResult> SqlOrientationStore::Convene(const std::string& tad, int max_count,
                                                           absl::Time now) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  ASSIGN_OR_RETURN(storage::ResultSet waiting_rows,
                   tx->Query("SELECT id, entry_date, tad, mds, convocation_count FROM "
                             "beneficiaries WHERE status = 'TO_CONVENE' AND tad = ? "
                             "ORDER BY entry_date, id LIMIT ?",
                             {tad, max_count}));
  ASSIGN_OR_RETURN(storage::ResultSet session_rows,
                   tx->Query("SELECT id, tad, mds, starts_at_us, capacity - convened FROM "
                             "information_sessions WHERE tad = ? AND starts_at_us > ? AND "
                             "convened < capacity ORDER BY starts_at_us, id LIMIT 500",
                             {tad, sql::Micros(now)}));
  std::vector<WaitingBeneficiary> waiting;
  std::map<std::string, int> convocation_counts;
  for (const storage::Row& r : waiting_rows.rows) {
    waiting.push_back({r.Text(0), sql::DateOr(r.Text(1), absl::CivilDay()), r.Text(2), r.Text(3)});
    convocation_counts[r.Text(0)] = static_cast<int>(r.Int(4));
  }
  std::vector<SessionRoom> rooms;
  for (const storage::Row& r : session_rows.rows) {
    rooms.push_back(
        {r.Text(0), r.Text(1), r.Text(2), sql::FromMicros(r.Int(3)), static_cast<int>(r.Int(4))});
  }
  std::map<std::string, WaitingBeneficiary> by_id;
  for (const WaitingBeneficiary& w : waiting) by_id[w.beneficiary_id] = w;

  ConveneResult result;
  std::vector<events::v1::Event> events;
  for (const ConvocationPlan& p : PlanConvocations(waiting, rooms, max_count)) {
    // Seat first, then the person; each a conditional update, so a concurrent run can
    // only make this assignment fail, never overfill a session or convene someone twice.
    ASSIGN_OR_RETURN(int64_t seat,
                     tx->Exec("UPDATE information_sessions SET convened = convened + 1, "
                              "version = version + 1 WHERE id = ? AND convened < capacity",
                              {p.session_id}));
    if (seat == 0) continue;
    ASSIGN_OR_RETURN(int64_t person,
                     tx->Exec("UPDATE beneficiaries SET status = 'CONVENED', "
                              "convocation_count = convocation_count + 1, version = version + 1, "
                              "update_time_us = ? WHERE id = ? AND status = 'TO_CONVENE'",
                              {sql::Micros(now), p.beneficiary_id}));
    if (person == 0) {
      ASSIGN_OR_RETURN(int64_t undo, tx->Exec("UPDATE information_sessions SET convened = "
                                              "convened - 1 WHERE id = ?",
                                              {p.session_id}));
      (void)undo;
      continue;
    }
    Convocation c;
    c.id = NewId("cnv", now);
    c.beneficiary_id = p.beneficiary_id;
    c.session_id = p.session_id;
    c.starts_at = p.starts_at;
    c.attendance = Attendance::kPending;
    c.version = 1;
    c.create_time = now;
    ASSIGN_OR_RETURN(int64_t n,
                     tx->Exec("INSERT INTO convocations (id, beneficiary_id, session_id, "
                              "starts_at_us, attendance, version, create_time_us, update_time_us) "
                              "VALUES (?, ?, ?, ?, 'PENDING', 1, ?, ?)",
                              {c.id, c.beneficiary_id, c.session_id, sql::Micros(c.starts_at),
                               sql::Micros(now), sql::Micros(now)}));
    (void)n;
    const WaitingBeneficiary& w = by_id[p.beneficiary_id];
    Beneficiary b;
    b.id = w.beneficiary_id;
    b.territory = {w.tad, w.mds, ""};
    events.push_back(BeneficiaryConvenedEvent(b, c, convocation_counts[b.id] + 1, now));
    result.convocations.push_back(std::move(c));
  }
  ASSIGN_OR_RETURN(storage::ResultSet left,
                   tx->Query("SELECT COUNT(*) FROM beneficiaries WHERE status = 'TO_CONVENE' "
                             "AND tad = ?",
                             {tad}));
  result.still_waiting = left.rows[0].Int(0);
  StageEvents(outbox_, *tx, std::move(events));
  RETURN_IF_ERROR(tx->Commit());
  return result;
}

absl::StatusOr<AttendanceResult> SqlOrientationStore::RecordAttendance(
    const std::string& convocation_id, int64_t version, Attendance attendance,
    int no_show_threshold, const AccessScope& scope, absl::Time now) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kWrite));
  std::string sql = absl::StrCat(kConvocationColumns, " WHERE c.id = ?");
  storage::Params params = {convocation_id};
  sql::AppendScope(scope, "b.tad", "b.mds", sql, params);
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
  if (rs.empty())
    return absl::NotFoundError(absl::StrCat("convocation ", convocation_id, " not found"));
  Convocation c = ConvocationFromRow(rs.rows[0]);
  if (c.version != version) {
    return absl::AbortedError(absl::StrCat("etag mismatch: ", c.id, " changed, read it again"));
  }
  if (c.starts_at > now) {
    return absl::FailedPreconditionError("the session has not started: attendance comes after it");
  }
  ASSIGN_OR_RETURN(Beneficiary b, sql::LoadBeneficiary(*tx, c.beneficiary_id, AccessScope::All()));
  ASSIGN_OR_RETURN(AttendanceOutcome out, ApplyAttendance(c.attendance, attendance, b.status,
                                                          b.no_show_count, no_show_threshold));
  ASSIGN_OR_RETURN(int64_t n, tx->Exec("UPDATE convocations SET attendance = ?, "
                                       "version = version + 1, update_time_us = ? "
                                       "WHERE id = ? AND version = ?",
                                       {Name(attendance), sql::Micros(now), c.id, version}));
  if (n == 0) return sql::StaleOrMissing(*tx, "convocations", c.id);
  c.attendance = attendance;
  ++c.version;
  b.status = out.status;
  b.no_show_count = out.no_show_count;
  b.update_time = now;
  RETURN_IF_ERROR(sql::SaveBeneficiary(*tx, b));
  std::vector<events::v1::Event> events = {AttendanceRecordedEvent(b, c, out.no_show_count, now)};
  if (out.report_repeated_no_show) {
    events.push_back(RepeatedNoShowEvent(b, c, out.no_show_count, no_show_threshold, now));
  }
  StageEvents(outbox_, *tx, std::move(events));
  RETURN_IF_ERROR(tx->Commit());
  return AttendanceResult{c, out.report_repeated_no_show};
}

absl::StatusOr<Page<Convocation>> SqlOrientationStore::ListConvocations(
    const std::string& beneficiary_id, const std::string& session_id, const AccessScope& scope,
    const PageRequest& page) {
  std::string sql = absl::StrCat(kConvocationColumns, " WHERE c.id > ?");
  storage::Params params = {page.after};
  if (!beneficiary_id.empty()) {
    sql += " AND c.beneficiary_id = ?";
    params.emplace_back(beneficiary_id);
  }
  if (!session_id.empty()) {
    sql += " AND c.session_id = ?";
    params.emplace_back(session_id);
  }
  sql::AppendScope(scope, "b.tad", "b.mds", sql, params);
  sql += " ORDER BY c.id LIMIT ?";
  params.emplace_back(page.page_size + 1);
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
  std::vector<Convocation> items;
  for (const storage::Row& row : rs.rows) items.push_back(ConvocationFromRow(row));
  return sql::MakePage(std::move(items), page.page_size, [](const Convocation& c) { return c.id; });
}

}  // namespace parcours::orientation
