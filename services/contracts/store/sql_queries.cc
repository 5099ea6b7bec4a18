// SqlContractsStore: the orientation projection, the deadline job's batches, the overdue
// queues, the contractualisation rate and the gauges' counts.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "services/contracts/store/sql_contracts_store.h"
#include "services/contracts/store/sql_rows.h"

namespace parcours::contracts {

using sql::Day;

namespace {

// One overdue queue as SQL: the rows past due at `today`, with the columns
// (key, beneficiary_id, referent_id, tad, contract_id, procedure_id, due).
struct QueueSql {
  DeadlineKind kind;
  const char* alias;  // the table whose referent_id / tad the visibility filters
  const char* from_where;
  const char* due;  // the due-date expression
  const char* key;  // the stable per-row key expression
  const char* select;
};

constexpr char kNoContractInForce[] =
    "NOT EXISTS (SELECT 1 FROM contracts c WHERE c.beneficiary_id = o.beneficiary_id AND "
    "c.status IN ('ACTIVE', 'SUSPENDED'))";

const QueueSql kQueues[] = {
    {DeadlineKind::kSignature, "o",
     "FROM orientations o WHERE o.subject_to_rights_and_duties = 1 AND o.exited_on IS NULL AND "
     "o.contract_due_date IS NOT NULL AND o.contract_due_date < ? AND "
     "NOT EXISTS (SELECT 1 FROM contracts c WHERE c.beneficiary_id = o.beneficiary_id AND "
     "c.status IN ('ACTIVE', 'SUSPENDED'))",
     "o.contract_due_date", "'SIGNATURE:' || o.beneficiary_id",
     "o.beneficiary_id, o.referent_id, o.tad, '', ''"},
    {DeadlineKind::kReview, "c",
     "FROM contracts c WHERE c.status IN ('ACTIVE', 'SUSPENDED') AND c.next_review_date IS NOT "
     "NULL AND c.next_review_date < ?",
     "c.next_review_date", "'REVIEW:' || c.id", "c.beneficiary_id, c.referent_id, c.tad, c.id, ''"},
    {DeadlineKind::kRenewal, "c",
     "FROM contracts c WHERE c.status IN ('ACTIVE', 'SUSPENDED') AND c.renewal_due_date < ? AND "
     "NOT EXISTS (SELECT 1 FROM contracts r WHERE r.renewal_of = c.id AND r.status <> "
     "'TERMINATED')",
     "c.renewal_due_date", "'RENEWAL:' || c.id", "c.beneficiary_id, c.referent_id, c.tad, c.id, ''"},
    {DeadlineKind::kProcedureResponse, "p",
     "FROM procedures p WHERE p.status = 'NOTIFIED' AND p.response_due_date < ?",
     "p.response_due_date", "'PROCEDURE_RESPONSE:' || p.id",
     "p.beneficiary_id, p.referent_id, p.tad, p.contract_id, p.id"},
};

}  // namespace

absl::Status SqlContractsStore::ApplyOrientationFact(storage::Transaction& tx,
                                                     const OrientationFact& f,
                                                     std::optional<absl::CivilDay> due) {
  const int64_t now = sql::Micros(clock_.Now());
  using What = OrientationFact::What;
  // Every fact upserts the row (facts may arrive for a beneficiary whose entry predates
  // the feed's retention); each sets only what it knows.
  const std::string insert =
      "INSERT INTO orientations (beneficiary_id, entry_date, subject_to_rights_and_duties, "
      "decision_id, orientation_type, oriented_on, contract_due_date, referent_id, tad, mds, "
      "exited_on, update_time_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (beneficiary_id) DO UPDATE SET ";
  const int64_t subject = f.subject_to_rights_and_duties.value_or(false) ? 1 : 0;
  switch (f.what) {
    case What::kEntered:
    case What::kChanged: {
      std::string set = "tad = excluded.tad, mds = excluded.mds, update_time_us = excluded.update_time_us";
      if (f.what == What::kEntered) set += ", entry_date = excluded.entry_date";
      if (f.subject_to_rights_and_duties.has_value()) {
        set += ", subject_to_rights_and_duties = excluded.subject_to_rights_and_duties";
      }
      return tx
          .Exec(insert + set,
                {f.beneficiary_id,
                 f.what == What::kEntered ? std::optional<std::string>(Day(f.on)) : std::nullopt,
                 subject, "", std::nullopt, std::nullopt, std::nullopt, "", f.tad, f.mds,
                 std::nullopt, now})
          .status();
    }
    case What::kOriented:
      return tx
          .Exec(insert +
                    "decision_id = excluded.decision_id, orientation_type = "
                    "excluded.orientation_type, oriented_on = excluded.oriented_on, "
                    "contract_due_date = excluded.contract_due_date, referent_id = "
                    "excluded.referent_id, tad = excluded.tad, mds = excluded.mds, "
                    "update_time_us = excluded.update_time_us",
                {f.beneficiary_id, std::nullopt, subject, f.decision_id,
                 std::string(Name(f.type)), Day(f.on), Day(due), f.referent_id, f.tad, f.mds,
                 std::nullopt, now})
          .status();
    case What::kExited:
      return tx
          .Exec(insert + "exited_on = excluded.exited_on, update_time_us = excluded.update_time_us",
                {f.beneficiary_id, std::nullopt, subject, "", std::nullopt, std::nullopt,
                 std::nullopt, "", f.tad, f.mds, Day(f.on), now})
          .status();
    case What::kRepeatedNoShow:
      return absl::OkStatus();  // opens a procedure; the projection does not change
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<ProjectedOrientation>> SqlContractsStore::GetProjectedOrientation(
    const std::string& beneficiary_id) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT entry_date, subject_to_rights_and_duties, decision_id, "
                             "orientation_type, oriented_on, referent_id, tad, mds, exited_on "
                             "FROM orientations WHERE beneficiary_id = ?",
                             {beneficiary_id}));
  if (rs.empty()) return std::optional<ProjectedOrientation>();
  const storage::Row& r = rs.rows[0];
  ProjectedOrientation p;
  p.entry_date = sql::OptDayOf(r, 0);
  p.info.beneficiary_id = beneficiary_id;
  p.info.subject_to_rights_and_duties = r.Bool(1);
  p.info.decision_id = r.Text(2);
  p.info.type = r.IsNull(3) ? OrientationType::kUnspecified : OrientationTypeFromName(r.Text(3));
  p.info.oriented = p.info.type != OrientationType::kUnspecified;
  if (std::optional<absl::CivilDay> d = sql::OptDayOf(r, 4)) p.info.decided_on = *d;
  p.info.referent_id = r.Text(5);
  p.info.tad = r.Text(6);
  p.info.mds = r.Text(7);
  p.exited_on = sql::OptDayOf(r, 8);
  p.info.exited = p.exited_on.has_value();
  return std::optional<ProjectedOrientation>(std::move(p));
}

absl::StatusOr<std::vector<std::string>> SqlContractsStore::ContractsEndedBefore(
    absl::CivilDay today, int limit) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT id FROM contracts WHERE status IN ('ACTIVE', 'SUSPENDED') AND "
                             "end_date < ? ORDER BY id LIMIT ?",
                             {Day(today), static_cast<int64_t>(limit)}));
  std::vector<std::string> ids;
  for (const storage::Row& r : rs.rows) ids.push_back(r.Text(0));
  return ids;
}

absl::StatusOr<std::vector<std::string>> SqlContractsStore::ProceduresAwaitingPast(
    absl::CivilDay today, int limit) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT id FROM procedures WHERE status = 'NOTIFIED' AND "
                             "response_due_date < ? ORDER BY id LIMIT ?",
                             {Day(today), static_cast<int64_t>(limit)}));
  std::vector<std::string> ids;
  for (const storage::Row& r : rs.rows) ids.push_back(r.Text(0));
  return ids;
}

absl::StatusOr<std::vector<OverdueEntry>> SqlContractsStore::ListOverdue(
    absl::CivilDay today, DeadlineKind kind, const Visibility& v,
    const std::optional<std::pair<absl::CivilDay, std::string>>& after, int limit) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  std::vector<OverdueEntry> out;
  for (const QueueSql& q : kQueues) {
    if (kind != DeadlineKind::kUnspecified && kind != q.kind) continue;
    std::string sql = absl::StrCat("SELECT ", q.key, ", ", q.select, ", ", q.due, " ", q.from_where);
    storage::Params params = {Day(today)};
    sql::AddVisibility(v, q.alias, sql, params);
    if (after.has_value()) {
      absl::StrAppend(&sql, " AND (", q.due, " > ? OR (", q.due, " = ? AND ", q.key, " > ?))");
      params.push_back(Day(after->first));
      params.push_back(Day(after->first));
      params.push_back(after->second);
    }
    absl::StrAppend(&sql, " ORDER BY 7, 1 LIMIT ?");
    params.push_back(static_cast<int64_t>(limit));
    ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
    for (const storage::Row& r : rs.rows) {
      out.push_back({q.kind, r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5),
                     sql::DayOf(r, 6)});
    }
  }
  // Each queue came sorted and bounded; merge them and keep the first `limit`.
  std::sort(out.begin(), out.end(), [](const OverdueEntry& a, const OverdueEntry& b) {
    return a.due_date != b.due_date ? a.due_date < b.due_date : a.key < b.key;
  });
  if (out.size() > static_cast<size_t>(limit)) out.resize(limit);
  return out;
}

absl::StatusOr<std::vector<OverdueCountRow>> SqlContractsStore::CountOverdue(absl::CivilDay today,
                                                                             bool by_referent,
                                                                             const Visibility& v) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  std::vector<OverdueCountRow> out;
  for (const QueueSql& q : kQueues) {
    const std::string referent = by_referent ? absl::StrCat(q.alias, ".referent_id") : "''";
    std::string sql = absl::StrCat("SELECT ", q.alias, ".tad, ", referent, ", COUNT(*) ", q.from_where);
    storage::Params params = {Day(today)};
    sql::AddVisibility(v, q.alias, sql, params);
    absl::StrAppend(&sql, " GROUP BY ", q.alias, ".tad", by_referent ? absl::StrCat(", ", referent) : "",
                    " ORDER BY 1, 2");
    ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
    for (const storage::Row& r : rs.rows) out.push_back({q.kind, r.Text(0), r.Text(1), r.Int(2)});
  }
  return out;
}

absl::StatusOr<std::vector<RateRow>> SqlContractsStore::ContractualisationRate(
    absl::CivilDay at, const std::string& tad) {
  const std::string d = Day(at);
  std::string sql =
      "SELECT o.tad, o.orientation_type, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 FROM contracts c "
      "WHERE c.beneficiary_id = o.beneficiary_id AND c.activated_on IS NOT NULL AND "
      "c.activated_on <= ? AND c.start_date <= ? AND c.end_date >= ? AND (c.ended_on IS NULL OR "
      "c.ended_on > ?)) THEN 1 ELSE 0 END) FROM orientations o WHERE "
      "o.subject_to_rights_and_duties = 1 AND o.orientation_type IS NOT NULL AND "
      "o.oriented_on <= ? AND (o.exited_on IS NULL OR o.exited_on > ?)";
  storage::Params params = {d, d, d, d, d, d};
  if (!tad.empty()) {
    sql += " AND o.tad = ?";
    params.push_back(tad);
  }
  sql += " GROUP BY o.tad, o.orientation_type ORDER BY 1, 2";
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx->Query(sql, params));
  std::vector<RateRow> out;
  for (const storage::Row& r : rs.rows) {
    out.push_back({r.Text(0), OrientationTypeFromName(r.Text(1)), r.Int(2), r.Int(3)});
  }
  return out;
}

absl::StatusOr<std::vector<StatusCount>> SqlContractsStore::CountContracts() {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT status, kind, COUNT(*) FROM contracts GROUP BY status, kind"));
  std::vector<StatusCount> out;
  for (const storage::Row& r : rs.rows) out.push_back({r.Text(0), r.Text(1), r.Int(2)});
  return out;
}

absl::StatusOr<std::vector<StatusCount>> SqlContractsStore::CountProcedures() {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT status, COUNT(*) FROM procedures GROUP BY status"));
  std::vector<StatusCount> out;
  for (const storage::Row& r : rs.rows) out.push_back({r.Text(0), "", r.Int(1)});
  return out;
}

absl::StatusOr<std::pair<std::optional<absl::CivilDay>, bool>> SqlContractsStore::ContractHistoryAt(
    const std::string& beneficiary_id, absl::CivilDay at) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  // A beneficiary has a handful of contracts; the bound only guards against the absurd.
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT activated_on, start_date, end_date, ended_on FROM contracts "
                             "WHERE beneficiary_id = ? AND activated_on IS NOT NULL AND "
                             "activated_on <= ? ORDER BY id LIMIT 1000",
                             {beneficiary_id, Day(at)}));
  std::optional<absl::CivilDay> last_day;
  bool in_force = false;
  for (const storage::Row& r : rs.rows) {
    const absl::CivilDay start = std::max(sql::DayOf(r, 0), sql::DayOf(r, 1));
    absl::CivilDay last = sql::DayOf(r, 2);
    if (std::optional<absl::CivilDay> ended = sql::OptDayOf(r, 3)) last = std::min(last, *ended - 1);
    if (last < start) continue;  // ended before it started
    if (start <= at && at <= last) in_force = true;
    const absl::CivilDay seen = std::min(last, at);
    if (start <= at && (!last_day.has_value() || seen > *last_day)) last_day = seen;
  }
  return std::make_pair(last_day, in_force);
}

}  // namespace parcours::contracts
