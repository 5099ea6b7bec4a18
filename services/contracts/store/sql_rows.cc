#include "services/contracts/store/sql_rows.h"
#include "libs/storage/placeholders.h"

#include "absl/strings/str_cat.h"
#include "services/contracts/domain/civil_dates.h"

namespace parcours::contracts::sql {

const char kContractColumns[] =
    "id, request_id, beneficiary_id, referent_id, kind, status, orientation_decision_id, "
    "orientation_type, orientation_date, tad, mds, start_date, end_date, weekly_hours, "
    "reduced_hours_reason, return_to_work_date, insertion_project, next_review_date, "
    "renewal_due_date, renewal_of, status_reason, beneficiary_signed_by, "
    "beneficiary_signed_at_us, referent_signed_by, referent_signed_at_us, activated_on, "
    "ended_on, version, create_time_us, update_time_us";

const char kProcedureColumns[] =
    "id, request_id, beneficiary_id, tad, referent_id, breach_kind, breach_description, "
    "detected, source_event_id, contract_id, status, notified_on, response_due_date, "
    "observations, decision_kind, decision_percent, decision_months, ep_opinion, motivation, "
    "remobilisation_deadline, re_engaged, withheld_repaid, version, create_time_us, "
    "update_time_us";

std::optional<std::string> Day(const std::optional<absl::CivilDay>& d) {
  if (!d.has_value()) return std::nullopt;
  return FormatCivilDay(*d);
}
std::string Day(absl::CivilDay d) { return FormatCivilDay(d); }

absl::CivilDay DayOf(const storage::Row& row, size_t i) {
  return ParseCivilDay(row.Text(i)).value_or(absl::CivilDay(1970, 1, 1));
}

std::optional<absl::CivilDay> OptDayOf(const storage::Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return ParseCivilDay(row.Text(i));
}

int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time TimeOf(const storage::Row& row, size_t i) { return absl::FromUnixMicros(row.Int(i)); }

namespace {

std::optional<std::string> Empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

void AddSignature(Contract& c, Party party, const storage::Row& row, size_t by, size_t at) {
  if (row.IsNull(by)) return;
  c.signatures.push_back({party, row.Text(by), TimeOf(row, at)});
}

const Signature* SignatureOf(const Contract& c, Party p) {
  for (const Signature& s : c.signatures) {
    if (s.party == p) return &s;
  }
  return nullptr;
}

}  // namespace

Contract ContractFromRow(const storage::Row& r) {
  Contract c;
  c.id = r.Text(0);
  c.request_id = r.Text(1);
  c.beneficiary_id = r.Text(2);
  c.referent_id = r.Text(3);
  c.kind = ContractKindFromName(r.Text(4));
  c.status = ContractStatusFromName(r.Text(5));
  c.orientation_decision_id = r.Text(6);
  c.orientation_type = OrientationTypeFromName(r.Text(7));
  c.orientation_date = DayOf(r, 8);
  c.tad = r.Text(9);
  c.mds = r.Text(10);
  c.start_date = DayOf(r, 11);
  c.end_date = DayOf(r, 12);
  c.weekly_hours = static_cast<int>(r.Int(13));
  c.reduced_hours_reason = r.Text(14);
  c.return_to_work_date = OptDayOf(r, 15);
  c.insertion_project = r.Text(16);
  c.next_review_date = OptDayOf(r, 17);
  c.renewal_due_date = DayOf(r, 18);
  c.renewal_of = r.IsNull(19) ? "" : r.Text(19);
  c.status_reason = r.Text(20);
  AddSignature(c, Party::kBeneficiary, r, 21, 22);
  AddSignature(c, Party::kReferent, r, 23, 24);
  c.activated_on = OptDayOf(r, 25);
  c.ended_on = OptDayOf(r, 26);
  c.version = r.Int(27);
  c.create_time = TimeOf(r, 28);
  c.update_time = TimeOf(r, 29);
  return c;
}

storage::Params ContractParams(const Contract& c) {
  const Signature* b = SignatureOf(c, Party::kBeneficiary);
  const Signature* rs = SignatureOf(c, Party::kReferent);
  return {c.id,
          c.request_id,
          c.beneficiary_id,
          c.referent_id,
          std::string(Name(c.kind)),
          std::string(Name(c.status)),
          c.orientation_decision_id,
          std::string(Name(c.orientation_type)),
          Day(c.orientation_date),
          c.tad,
          c.mds,
          Day(c.start_date),
          Day(c.end_date),
          static_cast<int64_t>(c.weekly_hours),
          c.reduced_hours_reason,
          Day(c.return_to_work_date),
          c.insertion_project,
          Day(c.next_review_date),
          Day(c.renewal_due_date),
          Empty(c.renewal_of),
          c.status_reason,
          b ? std::optional<std::string>(b->signed_by) : std::nullopt,
          b ? std::optional<int64_t>(Micros(b->signed_at)) : std::nullopt,
          rs ? std::optional<std::string>(rs->signed_by) : std::nullopt,
          rs ? std::optional<int64_t>(Micros(rs->signed_at)) : std::nullopt,
          Day(c.activated_on),
          Day(c.ended_on),
          c.version,
          Micros(c.create_time),
          Micros(c.update_time)};
}

SanctionProcedure ProcedureFromRow(const storage::Row& r) {
  SanctionProcedure p;
  p.id = r.Text(0);
  p.request_id = r.Text(1);
  p.beneficiary_id = r.Text(2);
  p.tad = r.Text(3);
  p.referent_id = r.Text(4);
  p.breach.kind = BreachKindFromName(r.Text(5));
  p.breach.description = r.Text(6);
  p.breach.detected = r.Bool(7);
  p.breach.source_event_id = r.Text(8);
  p.breach.contract_id = r.Text(9);
  p.status = ProcedureStatusFromName(r.Text(10));
  p.notified_on = OptDayOf(r, 11);
  p.response_due_date = OptDayOf(r, 12);
  p.observations = r.Text(13);
  if (!r.IsNull(14)) {
    Decision d;
    d.kind = DecisionKindFromName(r.Text(14));
    d.percent = static_cast<int>(r.Int(15));
    d.months = static_cast<int>(r.Int(16));
    d.ep_opinion = r.Text(17);
    d.motivation = r.Text(18);
    d.remobilisation_deadline = OptDayOf(r, 19);
    p.decision = d;
  }
  p.re_engaged = r.Bool(20);
  p.withheld_repaid = r.Bool(21);
  p.version = r.Int(22);
  p.create_time = TimeOf(r, 23);
  p.update_time = TimeOf(r, 24);
  return p;
}

storage::Params ProcedureParams(const SanctionProcedure& p) {
  const Decision* d = p.decision.has_value() ? &*p.decision : nullptr;
  return {p.id,
          p.request_id,
          p.beneficiary_id,
          p.tad,
          p.referent_id,
          std::string(Name(p.breach.kind)),
          p.breach.description,
          p.breach.detected,
          p.breach.source_event_id,
          p.breach.contract_id,
          std::string(Name(p.status)),
          Day(p.notified_on),
          Day(p.response_due_date),
          p.observations,
          d ? std::optional<std::string>(std::string(Name(d->kind))) : std::nullopt,
          static_cast<int64_t>(d ? d->percent : 0),
          static_cast<int64_t>(d ? d->months : 0),
          d ? d->ep_opinion : std::string(),
          d ? d->motivation : std::string(),
          d ? Day(d->remobilisation_deadline) : std::nullopt,
          p.re_engaged,
          p.withheld_repaid,
          p.version,
          Micros(p.create_time),
          Micros(p.update_time)};
}

void AddVisibility(const Visibility& v, const std::string& alias, std::string& sql,
                   storage::Params& params) {
  if (!v.referent_id.empty()) {
    absl::StrAppend(&sql, " AND ", alias, ".referent_id = ?");
    params.push_back(v.referent_id);
  }
  if (!v.tads.empty()) {
    absl::StrAppend(&sql, " AND ", alias, ".tad IN (", storage::Placeholders(v.tads.size()), ")");
    for (const std::string& t : v.tads) params.push_back(t);
  }
}

}  // namespace parcours::contracts::sql
