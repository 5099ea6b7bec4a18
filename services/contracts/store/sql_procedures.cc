// SqlContractsStore: sanction procedures and their steps.
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/storage/placeholders.h"
#include "services/contracts/store/contract_events.h"
#include "services/contracts/store/sql_contracts_store.h"
#include "services/contracts/store/sql_rows.h"

namespace parcours::contracts {
namespace {

// Steps are append-only: write those past the ones stored.
absl::Status WriteNewSteps(storage::Transaction& tx, const SanctionProcedure& p) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query("SELECT COUNT(*) FROM procedure_steps WHERE procedure_id = ?", {p.id}));
  for (size_t i = static_cast<size_t>(rs.rows[0].Int(0)); i < p.steps.size(); ++i) {
    const ProcedureStep& s = p.steps[i];
    RETURN_IF_ERROR(tx.Exec("INSERT INTO procedure_steps (procedure_id, seq, status, by_subject, "
                            "at_us, note) VALUES (?, ?, ?, ?, ?, ?)",
                            {p.id, static_cast<int64_t>(i), std::string(Name(s.status)), s.by,
                             sql::Micros(s.at), s.note})
                        .status());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<SanctionProcedure>> SelectProcedure(storage::Transaction& tx,
                                                                 const char* where,
                                                                 const std::string& key) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query(absl::StrCat("SELECT ", sql::kProcedureColumns,
                                         " FROM procedures WHERE ", where, " = ?"),
                            {key}));
  if (rs.empty()) return std::optional<SanctionProcedure>();
  SanctionProcedure p = sql::ProcedureFromRow(rs.rows[0]);
  ASSIGN_OR_RETURN(storage::ResultSet steps,
                   tx.Query("SELECT status, by_subject, at_us, note FROM procedure_steps WHERE "
                            "procedure_id = ? ORDER BY seq",
                            {p.id}));
  for (const storage::Row& r : steps.rows) {
    p.steps.push_back({ProcedureStatusFromName(r.Text(0)), r.Text(1), sql::TimeOf(r, 2), r.Text(3)});
  }
  return std::optional<SanctionProcedure>(std::move(p));
}

}  // namespace

absl::StatusOr<SanctionProcedure> SqlContractsStore::LoadProcedure(storage::Transaction& tx,
                                                                   const std::string& id) {
  ASSIGN_OR_RETURN(std::optional<SanctionProcedure> p, SelectProcedure(tx, "id", id));
  if (!p.has_value()) return absl::NotFoundError(absl::StrCat("procedure ", id, " not found"));
  return *std::move(p);
}

absl::Status SqlContractsStore::InsertProcedure(storage::Transaction& tx,
                                                const SanctionProcedure& input, bool* created) {
  SanctionProcedure p = input;
  p.version = 1;
  p.create_time = p.update_time = clock_.Now();
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query(absl::StrCat("INSERT INTO procedures (", sql::kProcedureColumns,
                                         ") VALUES (", storage::Placeholders(25),
                                         ") ON CONFLICT (request_id) DO NOTHING RETURNING id"),
                            sql::ProcedureParams(p)));
  *created = !rs.empty();
  if (!*created) return absl::OkStatus();
  RETURN_IF_ERROR(WriteNewSteps(tx, p));
  outbox_.Stage(tx, ProcedureEvent(p, "contracts.procedure.opened", ProcedureStatus::kUnspecified));
  return absl::OkStatus();
}

absl::StatusOr<SanctionProcedure> SqlContractsStore::CreateProcedure(const SanctionProcedure& p,
                                                                     const InTx& in_tx,
                                                                     bool* created) {
  SanctionProcedure result;
  bool inserted = false;
  RETURN_IF_ERROR(db_.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(InsertProcedure(tx, p, &inserted));
    if (inserted && in_tx) RETURN_IF_ERROR(in_tx(tx, p.id));
    ASSIGN_OR_RETURN(std::optional<SanctionProcedure> stored,
                     SelectProcedure(tx, "request_id", p.request_id));
    if (!stored.has_value()) return absl::AbortedError("request_id raced; retry");
    result = *std::move(stored);
    return absl::OkStatus();
  }));
  if (created != nullptr) *created = inserted;
  return result;
}

absl::Status SqlContractsStore::OpenDetectedProcedure(storage::Transaction& tx,
                                                      const SanctionProcedure& p) {
  bool created = false;
  return InsertProcedure(tx, p, &created);
}

absl::StatusOr<SanctionProcedure> SqlContractsStore::GetProcedure(const std::string& id) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return LoadProcedure(*tx, id);
}

absl::StatusOr<Listing<SanctionProcedure>> SqlContractsStore::ListProcedures(
    const ProcedureFilter& f, const Visibility& v, const Page& page) {
  std::string where = "p.id > ?";
  storage::Params params = {page.after};
  if (!f.beneficiary_id.empty()) {
    where += " AND p.beneficiary_id = ?";
    params.push_back(f.beneficiary_id);
  }
  if (!f.tad.empty()) {
    where += " AND p.tad = ?";
    params.push_back(f.tad);
  }
  if (f.status != ProcedureStatus::kUnspecified) {
    where += " AND p.status = ?";
    params.push_back(std::string(Name(f.status)));
  }
  sql::AddVisibility(v, "p", where, params);
  params.push_back(static_cast<int64_t>(page.size + 1));
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet ids,
                   tx->Query(absl::StrCat("SELECT p.id FROM procedures p WHERE ", where,
                                          " ORDER BY p.id LIMIT ?"),
                             params));
  Listing<SanctionProcedure> out;
  for (size_t i = 0; i < ids.rows.size() && i < static_cast<size_t>(page.size); ++i) {
    ASSIGN_OR_RETURN(SanctionProcedure p, LoadProcedure(*tx, ids.rows[i].Text(0)));
    out.items.push_back(std::move(p));
  }
  if (ids.rows.size() > static_cast<size_t>(page.size)) out.next_after = out.items.back().id;
  return out;
}

absl::Status SqlContractsStore::SaveProcedure(storage::Transaction& tx, SanctionProcedure& p,
                                              int64_t read_version) {
  p.version = read_version + 1;
  p.update_time = clock_.Now();
  storage::Params all = sql::ProcedureParams(p);
  // Rewrites every column but id, request_id and create_time (positions 0, 1, 23).
  storage::Params params(all.begin() + 2, all.begin() + 23);
  params.push_back(all[24]);
  params.push_back(p.id);
  params.push_back(read_version);
  ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("UPDATE procedures SET beneficiary_id = ?, tad = ?, referent_id = ?, breach_kind = ?, "
              "breach_description = ?, detected = ?, source_event_id = ?, contract_id = ?, "
              "status = ?, notified_on = ?, response_due_date = ?, observations = ?, "
              "decision_kind = ?, decision_percent = ?, decision_months = ?, ep_opinion = ?, "
              "motivation = ?, remobilisation_deadline = ?, re_engaged = ?, withheld_repaid = ?, "
              "version = ?, update_time_us = ? WHERE id = ? AND version = ?",
              params));
  if (n == 0) return absl::AbortedError("the procedure changed meanwhile, read it again");
  return WriteNewSteps(tx, p);
}

absl::StatusOr<SanctionProcedure> SqlContractsStore::MutateProcedure(const std::string& id,
                                                                     int64_t expected_version,
                                                                     const ProcedureChange& change,
                                                                     const InTx& in_tx) {
  SanctionProcedure result;
  RETURN_IF_ERROR(db_.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(SanctionProcedure p, LoadProcedure(tx, id));
    if (expected_version != 0 && expected_version != p.version) {
      return absl::AbortedError("etag mismatch: the procedure changed, read it again");
    }
    const int64_t read_version = p.version;
    const ProcedureStatus before = p.status;
    ASSIGN_OR_RETURN(std::string event_type, change(p));
    RETURN_IF_ERROR(SaveProcedure(tx, p, read_version));
    if (in_tx) RETURN_IF_ERROR(in_tx(tx, p.id));
    outbox_.Stage(tx, ProcedureEvent(p, event_type, before));
    result = std::move(p);
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<bool> SqlContractsStore::WasSanctionedBefore(const std::string& beneficiary_id,
                                                            const std::string& except_id) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx->Query("SELECT COUNT(*) FROM procedures WHERE beneficiary_id = ? AND id <> ? "
                             "AND decision_kind IS NOT NULL AND decision_kind <> 'MAINTAIN'",
                             {beneficiary_id, except_id}));
  return rs.rows[0].Int(0) > 0;
}

}  // namespace parcours::contracts
