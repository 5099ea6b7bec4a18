#include "services/fraud/store/case_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "libs/common/status_macros.h"
#include "libs/storage/placeholders.h"
#include "services/fraud/store/sql_util.h"

namespace parcours::fraud {
namespace {

constexpr char kColumns[] =
    "SELECT id, household_id, beneficiary_id, tad, status, year_opened, score_at_opening, "
    "rule_set_version, fired_rule_ids, assigned_to, answer_text, answer_received_on, "
    "qualification, qualified_by, year_qualified, overpayment_cents, overpayment_from, "
    "overpayment_to, fine_cents, fine_facts_date, fine_repeat, fine_cap_cents, fine_reference, "
    "fine_decided_by, recovered_overpayment_cents, recovered_fine_cents, opened_at_us, "
    "updated_at_us, version FROM cases ";

ControlCase FromRow(const storage::Row& r) {
  ControlCase c;
  c.id = r.Text(0);
  c.household_id = r.Text(1);
  c.beneficiary_id = r.Text(2);
  c.tad = r.Text(3);
  c.status = ParseCaseStatus(r.Text(4)).value_or(CaseStatus::kDetected);
  c.year_opened = static_cast<int>(r.Int(5));
  c.score_at_opening = static_cast<int>(r.Int(6));
  c.rule_set_version = r.Text(7);
  c.fired_rule_ids = absl::StrSplit(r.Text(8), ',', absl::SkipEmpty());
  c.assigned_to = r.Text(9);
  c.answer_text = r.Text(10);
  c.answer_received_on = ParseDayText(r.Text(11));
  c.qualification = ParseQualification(r.Text(12));
  c.qualified_by = r.Text(13);
  c.year_qualified = static_cast<int>(r.Int(14));
  c.overpayment_cents = r.Int(15);
  c.overpayment_from = ParseDayText(r.Text(16));
  c.overpayment_to = ParseDayText(r.Text(17));
  c.fine_cents = r.Int(18);
  c.fine_facts_date = ParseDayText(r.Text(19));
  c.fine_repeat = r.Bool(20);
  c.fine_cap_cents = r.Int(21);
  c.fine_reference = r.Text(22);
  c.fine_decided_by = r.Text(23);
  c.recovered_overpayment_cents = r.Int(24);
  c.recovered_fine_cents = r.Int(25);
  c.opened_at = FromMicros(r.Int(26));
  c.updated_at = FromMicros(r.Int(27));
  c.version = r.Int(28);
  return c;
}

}  // namespace

absl::StatusOr<ControlCase> CaseStore::Get(storage::Transaction& tx, const std::string& id) {
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx.Query(absl::StrCat(kColumns, "WHERE id = ?"), {id}));
  if (rs.rows.empty()) return absl::NotFoundError(absl::StrCat("no case ", id));
  return FromRow(rs.rows[0]);
}

absl::StatusOr<std::vector<ControlCase>> CaseStore::List(storage::Transaction& tx,
                                                         const CaseFilter& filter) {
  std::string sql = absl::StrCat(kColumns, "WHERE id > ?");
  storage::Params params = {filter.after_id};
  if (filter.status.has_value()) {
    sql += " AND status = ?";
    params.emplace_back(CaseStatusName(*filter.status));
  }
  if (!filter.tad.empty()) {
    sql += " AND tad = ?";
    params.emplace_back(filter.tad);
  }
  if (!filter.territories.empty()) {
    absl::StrAppend(&sql, " AND tad IN (", storage::Placeholders(filter.territories.size()), ")");
    params.insert(params.end(), filter.territories.begin(), filter.territories.end());
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(filter.limit);
  ASSIGN_OR_RETURN(storage::ResultSet rs, tx.Query(sql, params));
  std::vector<ControlCase> out;
  for (const storage::Row& r : rs.rows) out.push_back(FromRow(r));
  return out;
}

absl::Status CaseStore::Update(storage::Transaction& tx, ControlCase& c, int64_t expected_version,
                               absl::Time now) {
  const bool closing = c.status == CaseStatus::kClosed;
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE cases SET status = ?, assigned_to = ?, answer_text = ?, "
              "answer_received_on = ?, qualification = ?, qualified_by = ?, year_qualified = ?, "
              "overpayment_cents = ?, overpayment_from = ?, overpayment_to = ?, fine_cents = ?, "
              "fine_facts_date = ?, fine_repeat = ?, fine_cap_cents = ?, fine_reference = ?, "
              "fine_decided_by = ?, updated_at_us = ?, "
              "closed_at_us = CASE WHEN ? = 1 THEN ? ELSE closed_at_us END, "
              "version = version + 1 WHERE id = ? AND version = ?",
              {CaseStatusName(c.status),
               c.assigned_to,
               c.answer_text,
               DayText(c.answer_received_on),
               QualificationName(c.qualification),
               c.qualified_by,
               c.year_qualified,
               c.overpayment_cents,
               DayText(c.overpayment_from),
               DayText(c.overpayment_to),
               c.fine_cents,
               DayText(c.fine_facts_date),
               c.fine_repeat,
               c.fine_cap_cents,
               c.fine_reference,
               c.fine_decided_by,
               ToMicros(now),
               closing ? 1 : 0,
               ToMicros(now),
               c.id,
               expected_version}));
  if (n == 0) {
    ASSIGN_OR_RETURN(storage::ResultSet rs, tx.Query("SELECT 1 FROM cases WHERE id = ?", {c.id}));
    if (rs.rows.empty()) return absl::NotFoundError(absl::StrCat("no case ", c.id));
    return absl::AbortedError("etag mismatch: the case changed, read it again");
  }
  c.version = expected_version + 1;
  c.updated_at = now;
  return absl::OkStatus();
}

absl::StatusOr<bool> CaseStore::AddRecovery(storage::Transaction& tx, const std::string& case_id,
                                            const RecoveryPayment& p, absl::Time now) {
  ASSIGN_OR_RETURN(storage::ResultSet inserted,
                   tx.Query("INSERT INTO recovery_payments (request_id, case_id, kind, "
                            "amount_cents, paid_on, recorded_at_us) VALUES (?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (request_id) DO NOTHING RETURNING request_id",
                            {p.request_id, case_id, p.fine ? "FINE" : "OVERPAYMENT", p.amount_cents,
                             DayText(p.paid_on), ToMicros(now)}));
  if (inserted.rows.empty()) return false;
  const char* sql =
      p.fine ? "UPDATE cases SET recovered_fine_cents = recovered_fine_cents + ?, "
               "updated_at_us = ?, version = version + 1 "
               "WHERE id = ? AND recovered_fine_cents + ? <= fine_cents"
             : "UPDATE cases SET recovered_overpayment_cents = recovered_overpayment_cents + ?, "
               "updated_at_us = ?, version = version + 1 "
               "WHERE id = ? AND recovered_overpayment_cents + ? <= overpayment_cents";
  ASSIGN_OR_RETURN(int64_t n,
                   tx.Exec(sql, {p.amount_cents, ToMicros(now), case_id, p.amount_cents}));
  if (n == 0) {
    return absl::FailedPreconditionError(absl::StrCat("the payment would recover more than the ",
                                                      p.fine ? "fine" : "overpayment", " owed"));
  }
  return true;
}

absl::StatusOr<std::vector<RecoveryPayment>> CaseStore::ListRecoveries(storage::Transaction& tx,
                                                                       const std::string& case_id) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query("SELECT request_id, kind, amount_cents, paid_on FROM recovery_payments "
                            "WHERE case_id = ? ORDER BY paid_on, request_id",
                            {case_id}));
  std::vector<RecoveryPayment> out;
  for (const storage::Row& r : rs.rows) {
    out.push_back({r.Text(0), r.Text(1) == "FINE", r.Int(2),
                   ParseDayText(r.Text(3)).value_or(absl::CivilDay())});
  }
  return out;
}

absl::StatusOr<std::map<std::string, std::vector<RecoveryPayment>>> CaseStore::ListRecoveriesOf(
    storage::Transaction& tx, const std::vector<std::string>& case_ids) {
  std::map<std::string, std::vector<RecoveryPayment>> out;
  if (case_ids.empty()) return out;
  storage::Params params(case_ids.begin(), case_ids.end());
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query(absl::StrCat("SELECT case_id, request_id, kind, amount_cents, paid_on "
                                         "FROM recovery_payments WHERE case_id IN (",
                                         storage::Placeholders(case_ids.size()),
                                         ") ORDER BY case_id, paid_on, request_id"),
                            params));
  for (const storage::Row& r : rs.rows) {
    out[r.Text(0)].push_back({r.Text(1), r.Text(2) == "FINE", r.Int(3),
                              ParseDayText(r.Text(4)).value_or(absl::CivilDay())});
  }
  return out;
}

absl::StatusOr<std::string> CaseStore::OpenCaseOf(storage::Transaction& tx,
                                                  const std::string& household_id) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query("SELECT id FROM cases WHERE household_id = ? AND status <> 'CLOSED'",
                            {household_id}));
  return rs.rows.empty() ? std::string() : rs.rows[0].Text(0);
}

absl::StatusOr<std::vector<std::pair<CaseStatus, int64_t>>> CaseStore::CountByStatus(
    storage::Transaction& tx) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query("SELECT status, COUNT(*) FROM cases GROUP BY status"));
  std::vector<std::pair<CaseStatus, int64_t>> out;
  for (const storage::Row& r : rs.rows) {
    if (auto s = ParseCaseStatus(r.Text(0))) out.emplace_back(*s, r.Int(1));
  }
  return out;
}

}  // namespace parcours::fraud
