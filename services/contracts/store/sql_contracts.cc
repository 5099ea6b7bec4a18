// SqlContractsStore: contracts (create, read, list, change).
#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "libs/storage/placeholders.h"
#include "services/contracts/store/contract_events.h"
#include "services/contracts/store/sql_contracts_store.h"
#include "services/contracts/store/sql_rows.h"

namespace parcours::contracts {

using sql::Day;

namespace {

constexpr char kInForce[] = "('ACTIVE', 'SUSPENDED')";

absl::Status WriteChildren(storage::Transaction& tx, const Contract& c) {
  RETURN_IF_ERROR(tx.Exec("DELETE FROM contract_actions WHERE contract_id = ?", {c.id}).status());
  RETURN_IF_ERROR(tx.Exec("DELETE FROM contract_objectives WHERE contract_id = ?", {c.id}).status());
  for (size_t i = 0; i < c.objectives.size(); ++i) {
    const Objective& o = c.objectives[i];
    RETURN_IF_ERROR(tx.Exec("INSERT INTO contract_objectives (contract_id, position, id, title, "
                            "theme, status) VALUES (?, ?, ?, ?, ?, ?)",
                            {c.id, static_cast<int64_t>(i), o.id, o.title, o.theme,
                             std::string(Name(o.status))})
                        .status());
  }
  for (size_t i = 0; i < c.actions.size(); ++i) {
    const Action& a = c.actions[i];
    RETURN_IF_ERROR(tx.Exec("INSERT INTO contract_actions (contract_id, position, id, objective_id, "
                            "title, offer_id, prescription_id, status, due_date) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            {c.id, static_cast<int64_t>(i), a.id, a.objective_id, a.title,
                             a.offer_id, a.prescription_id, std::string(Name(a.status)),
                             Day(a.due_date)})
                        .status());
  }
  // Reviews are append-only: insert the new ones.
  for (const Review& r : c.reviews) {
    RETURN_IF_ERROR(tx.Exec("INSERT INTO contract_reviews (id, contract_id, review_date, summary, "
                            "next_review_date, recorded_by, recorded_at_us) VALUES (?, ?, ?, ?, ?, "
                            "?, ?) ON CONFLICT (id) DO NOTHING",
                            {r.id, c.id, Day(r.review_date), r.summary, Day(r.next_review_date),
                             r.recorded_by, sql::Micros(r.recorded_at)})
                        .status());
  }
  return absl::OkStatus();
}

absl::Status ReadChildren(storage::Transaction& tx, Contract& c) {
  ASSIGN_OR_RETURN(storage::ResultSet objectives,
                   tx.Query("SELECT id, title, theme, status FROM contract_objectives WHERE "
                            "contract_id = ? ORDER BY position",
                            {c.id}));
  for (const storage::Row& r : objectives.rows) {
    c.objectives.push_back({r.Text(0), r.Text(1), r.Text(2), ObjectiveStatusFromName(r.Text(3))});
  }
  ASSIGN_OR_RETURN(storage::ResultSet actions,
                   tx.Query("SELECT id, objective_id, title, offer_id, prescription_id, status, "
                            "due_date FROM contract_actions WHERE contract_id = ? ORDER BY position",
                            {c.id}));
  for (const storage::Row& r : actions.rows) {
    c.actions.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4),
                         ActionStatusFromName(r.Text(5)), sql::OptDayOf(r, 6)});
  }
  ASSIGN_OR_RETURN(storage::ResultSet reviews,
                   tx.Query("SELECT id, review_date, summary, next_review_date, recorded_by, "
                            "recorded_at_us FROM contract_reviews WHERE contract_id = ? ORDER BY id",
                            {c.id}));
  for (const storage::Row& r : reviews.rows) {
    c.reviews.push_back({r.Text(0), sql::DayOf(r, 1), r.Text(2), sql::DayOf(r, 3), r.Text(4),
                         sql::TimeOf(r, 5)});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Contract>> SelectOne(storage::Transaction& tx, const char* where,
                                                  const std::string& key) {
  ASSIGN_OR_RETURN(storage::ResultSet rs,
                   tx.Query(absl::StrCat("SELECT ", sql::kContractColumns, " FROM contracts WHERE ",
                                         where, " = ?"),
                            {key}));
  if (rs.empty()) return std::optional<Contract>();
  Contract c = sql::ContractFromRow(rs.rows[0]);
  RETURN_IF_ERROR(ReadChildren(tx, c));
  return std::optional<Contract>(std::move(c));
}

absl::Status VersionCheck(int64_t expected, int64_t actual) {
  if (expected != 0 && expected != actual) {
    return absl::AbortedError("etag mismatch: the contract changed, read it again");
  }
  return absl::OkStatus();
}

}  // namespace

// The transaction handed to a contract change.
class SqlContractTx final : public ContractTx {
 public:
  SqlContractTx(SqlContractsStore& store, storage::Transaction& tx) : store_(store), tx_(tx) {}

  absl::StatusOr<std::optional<std::string>> OtherInForce(const std::string& beneficiary_id,
                                                          const std::string& except_id) override {
    ASSIGN_OR_RETURN(storage::ResultSet rs,
                     tx_.Query(absl::StrCat("SELECT id FROM contracts WHERE beneficiary_id = ? AND "
                                            "id <> ? AND status IN ",
                                            kInForce),
                               {beneficiary_id, except_id}));
    if (rs.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rs.rows[0].Text(0));
  }

  absl::Status MutateOther(
      const std::string& id,
      const std::function<absl::StatusOr<std::string>(Contract&)>& change) override {
    ASSIGN_OR_RETURN(Contract c, store_.LoadContract(tx_, id));
    const int64_t read_version = c.version;
    const ContractStatus before = c.status;
    ASSIGN_OR_RETURN(std::string event_type, change(c));
    RETURN_IF_ERROR(store_.SaveContract(tx_, c, read_version));
    store_.outbox_.Stage(tx_, ContractEvent(c, event_type, before));
    return absl::OkStatus();
  }

 private:
  SqlContractsStore& store_;
  storage::Transaction& tx_;
};

absl::StatusOr<Contract> SqlContractsStore::LoadContract(storage::Transaction& tx,
                                                         const std::string& id) {
  ASSIGN_OR_RETURN(std::optional<Contract> c, SelectOne(tx, "id", id));
  if (!c.has_value()) return absl::NotFoundError(absl::StrCat("contract ", id, " not found"));
  return *std::move(c);
}

absl::Status SqlContractsStore::SaveContract(storage::Transaction& tx, Contract& c,
                                             int64_t read_version) {
  c.version = read_version + 1;
  c.update_time = clock_.Now();
  storage::Params params = sql::ContractParams(c);
  // Every column but id, request_id and create_time (positions 0, 1, 28) is rewritten.
  storage::Params set_params(params.begin() + 2, params.begin() + 28);
  set_params.push_back(params[29]);
  set_params.push_back(c.id);
  set_params.push_back(read_version);
  absl::StatusOr<int64_t> n = tx.Exec(
      "UPDATE contracts SET beneficiary_id = ?, referent_id = ?, kind = ?, status = ?, "
      "orientation_decision_id = ?, orientation_type = ?, orientation_date = ?, tad = ?, mds = ?, "
      "start_date = ?, end_date = ?, weekly_hours = ?, reduced_hours_reason = ?, "
      "return_to_work_date = ?, insertion_project = ?, next_review_date = ?, renewal_due_date = ?, "
      "renewal_of = ?, status_reason = ?, beneficiary_signed_by = ?, beneficiary_signed_at_us = ?, "
      "referent_signed_by = ?, referent_signed_at_us = ?, activated_on = ?, ended_on = ?, "
      "version = ?, update_time_us = ? WHERE id = ? AND version = ?",
      set_params);
  if (!n.ok()) {
    if (n.status().code() == absl::StatusCode::kAlreadyExists) {
      // contracts_one_in_force: a concurrent activation committed first.
      return absl::FailedPreconditionError(absl::StrCat(
          "beneficiary ", c.beneficiary_id, " already has a contract in force"));
    }
    return n.status();
  }
  if (*n == 0) return absl::AbortedError("the contract changed meanwhile, read it again");
  return WriteChildren(tx, c);
}

absl::StatusOr<Contract> SqlContractsStore::CreateContract(const Contract& input, const InTx& in_tx,
                                                           bool* created) {
  Contract result;
  bool inserted = false;
  RETURN_IF_ERROR(db_.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    Contract c = input;
    c.version = 1;
    c.create_time = c.update_time = clock_.Now();
    ASSIGN_OR_RETURN(storage::ResultSet rs,
                     tx.Query(absl::StrCat("INSERT INTO contracts (", sql::kContractColumns,
                                           ") VALUES (", storage::Placeholders(30),
                                           ") ON CONFLICT (request_id) DO NOTHING RETURNING id"),
                              sql::ContractParams(c)));
    inserted = !rs.empty();
    if (!inserted) {
      ASSIGN_OR_RETURN(std::optional<Contract> first, SelectOne(tx, "request_id", c.request_id));
      if (!first.has_value()) return absl::AbortedError("request_id raced; retry");
      result = *std::move(first);
      return absl::OkStatus();
    }
    RETURN_IF_ERROR(WriteChildren(tx, c));
    if (in_tx) RETURN_IF_ERROR(in_tx(tx, c.id));
    outbox_.Stage(tx, ContractEvent(c, "contracts.contract.created", ContractStatus::kUnspecified));
    result = std::move(c);
    return absl::OkStatus();
  }));
  if (created != nullptr) *created = inserted;
  return result;
}

absl::StatusOr<std::optional<Contract>> SqlContractsStore::FindContractByRequest(
    const std::string& request_id) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return SelectOne(*tx, "request_id", request_id);
}

absl::StatusOr<Contract> SqlContractsStore::GetContract(const std::string& id) {
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  return LoadContract(*tx, id);
}

absl::StatusOr<Listing<Contract>> SqlContractsStore::ListContracts(const ContractFilter& f,
                                                                   const Visibility& v,
                                                                   const Page& p) {
  std::string where = "c.id > ?";
  storage::Params params = {p.after};
  auto add = [&](const char* column, const std::string& value) {
    if (value.empty()) return;
    absl::StrAppend(&where, " AND c.", column, " = ?");
    params.push_back(value);
  };
  add("beneficiary_id", f.beneficiary_id);
  add("referent_id", f.referent_id);
  add("tad", f.tad);
  if (f.status != ContractStatus::kUnspecified) add("status", std::string(Name(f.status)));
  sql::AddVisibility(v, "c", where, params);
  params.push_back(static_cast<int64_t>(p.size + 1));
  ASSIGN_OR_RETURN(auto tx, db_.Begin(storage::TxMode::kRead));
  ASSIGN_OR_RETURN(storage::ResultSet ids,
                   tx->Query(absl::StrCat("SELECT c.id FROM contracts c WHERE ", where,
                                          " ORDER BY c.id LIMIT ?"),
                             params));
  Listing<Contract> out;
  for (size_t i = 0; i < ids.rows.size() && i < static_cast<size_t>(p.size); ++i) {
    ASSIGN_OR_RETURN(Contract c, LoadContract(*tx, ids.rows[i].Text(0)));
    out.items.push_back(std::move(c));
  }
  if (ids.rows.size() > static_cast<size_t>(p.size)) out.next_after = out.items.back().id;
  return out;
}

absl::StatusOr<Contract> SqlContractsStore::MutateContract(const std::string& id,
                                                           int64_t expected_version,
                                                           const ContractChange& change,
                                                           const InTx& in_tx) {
  Contract result;
  RETURN_IF_ERROR(db_.InTransaction([&](storage::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(Contract c, LoadContract(tx, id));
    RETURN_IF_ERROR(VersionCheck(expected_version, c.version));
    const int64_t read_version = c.version;
    const ContractStatus before = c.status;
    SqlContractTx ctx(*this, tx);
    ASSIGN_OR_RETURN(std::string event_type, change(c, ctx));
    RETURN_IF_ERROR(SaveContract(tx, c, read_version));
    if (in_tx) RETURN_IF_ERROR(in_tx(tx, c.id));
    outbox_.Stage(tx, ContractEvent(c, event_type, before));
    result = std::move(c);
    return absl::OkStatus();
  }));
  return result;
}

}  // namespace parcours::contracts
