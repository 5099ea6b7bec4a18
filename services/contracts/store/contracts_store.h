// The contracts service's storage: contracts, sanction procedures, the projection of
// orientation's feed, and the queries behind the queues, the rate and the gauges. One
// interface; SqlContractsStore (store/sql_contracts_store.h) implements it over
// libs/storage on SQLite and PostgreSQL.
//
// Every write runs in one transaction with its event (outbox) and, through `InTx`, the
// audit record of the caller: the change, its event and its audit record commit together
// or not at all. Changes go through Mutate*: load, apply a domain change in memory, then
// a conditional UPDATE on the version read (ABORTED when someone else changed it first;
// with expected_version the caller's etag is checked too).
//
//   ASSIGN_OR_RETURN(Contract c, store.MutateContract(id, etag_version,
//       [&](Contract& c, ContractTx&) -> absl::StatusOr<std::string> {
//         ASSIGN_OR_RETURN(c.status, Next(c.status, ContractAction::kSuspend));
//         return "contracts.contract.suspended";
//       }, audit_hook));
#ifndef PARCOURS_SERVICES_CONTRACTS_STORE_CONTRACTS_STORE_H_
#define PARCOURS_SERVICES_CONTRACTS_STORE_CONTRACTS_STORE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/storage/database.h"
#include "services/contracts/domain/model.h"

namespace parcours::contracts {

// Runs inside the writing transaction with the id of the record written (the audit record).
using InTx = std::function<absl::Status(storage::Transaction& tx, const std::string& record_id)>;

// Who may be seen: the handlers turn the caller's scope into this, and queries apply it
// in their WHERE clauses.
struct Visibility {
  std::string referent_id;           // non-empty: only this référent's beneficiaries
  std::vector<std::string> tads;     // non-empty: only these territories
};

struct Page {
  int size = 50;
  std::string after;  // the last key of the previous page ("" = from the start)
};

struct ContractFilter {
  std::string beneficiary_id, referent_id, tad;
  ContractStatus status = ContractStatus::kUnspecified;
};

struct ProcedureFilter {
  std::string beneficiary_id, tad;
  ProcedureStatus status = ProcedureStatus::kUnspecified;
};

template <typename T>
struct Listing {
  std::vector<T> items;
  std::string next_after;  // empty at the end
};

struct OverdueEntry {
  DeadlineKind kind = DeadlineKind::kUnspecified;
  std::string key;  // stable order within a day: "<KIND>:<record id>"
  std::string beneficiary_id, referent_id, tad, contract_id, procedure_id;
  absl::CivilDay due_date;
};

struct OverdueCountRow {
  DeadlineKind kind = DeadlineKind::kUnspecified;
  std::string tad, referent_id;
  int64_t count = 0;
};

struct RateRow {
  std::string tad;
  OrientationType orientation_type = OrientationType::kUnspecified;
  int64_t subject = 0;
  int64_t with_contract = 0;
};

struct StatusCount {
  std::string status, kind;  // kind: the contract kind (contracts) or empty (procedures)
  int64_t count = 0;
};

// What orientation's feed tells us, decoded (feed/orientation_events.h).
struct OrientationFact {
  enum class What { kEntered, kChanged, kOriented, kExited, kRepeatedNoShow };
  What what = What::kEntered;
  std::string event_id;
  std::string beneficiary_id, tad, mds;
  absl::CivilDay on;  // entry, orientation or exit day; the event's day otherwise
  std::optional<bool> subject_to_rights_and_duties;
  std::string decision_id, referent_id;
  OrientationType type = OrientationType::kUnspecified;
  int no_show_count = 0;
};

struct ProjectedOrientation {
  OrientationInfo info;
  std::optional<absl::CivilDay> entry_date;
  std::optional<absl::CivilDay> exited_on;
};

// What a contract change may ask or do inside its transaction.
class ContractTx {
 public:
  virtual ~ContractTx() = default;
  // The id of another contract of the beneficiary in force (ACTIVE or SUSPENDED), if any.
  virtual absl::StatusOr<std::optional<std::string>> OtherInForce(const std::string& beneficiary_id,
                                                                  const std::string& except_id) = 0;
  // Applies `change` to another contract (e.g. the one a renewal replaces) in the same
  // transaction, with its own event.
  virtual absl::Status MutateOther(const std::string& id,
                                   const std::function<absl::StatusOr<std::string>(Contract&)>& change) = 0;
};

using ContractChange =
    std::function<absl::StatusOr<std::string>(Contract& contract, ContractTx& tx)>;
using ProcedureChange = std::function<absl::StatusOr<std::string>(SanctionProcedure& p)>;

class ContractsStore {
 public:
  virtual ~ContractsStore() = default;

  // --- contracts
  // Inserts `c` (id and request_id set) unless its request_id exists; returns the stored
  // contract either way (`created` tells which).
  virtual absl::StatusOr<Contract> CreateContract(const Contract& c, const InTx& in_tx,
                                                  bool* created) = 0;
  virtual absl::StatusOr<std::optional<Contract>> FindContractByRequest(
      const std::string& request_id) = 0;
  virtual absl::StatusOr<Contract> GetContract(const std::string& id) = 0;
  virtual absl::StatusOr<Listing<Contract>> ListContracts(const ContractFilter& f,
                                                          const Visibility& v, const Page& p) = 0;
  // expected_version 0: no etag check (automation); the version read still guards the write.
  virtual absl::StatusOr<Contract> MutateContract(const std::string& id, int64_t expected_version,
                                                  const ContractChange& change,
                                                  const InTx& in_tx) = 0;

  // --- procedures
  virtual absl::StatusOr<SanctionProcedure> CreateProcedure(const SanctionProcedure& p,
                                                            const InTx& in_tx, bool* created) = 0;
  virtual absl::StatusOr<SanctionProcedure> GetProcedure(const std::string& id) = 0;
  virtual absl::StatusOr<Listing<SanctionProcedure>> ListProcedures(const ProcedureFilter& f,
                                                                    const Visibility& v,
                                                                    const Page& p) = 0;
  virtual absl::StatusOr<SanctionProcedure> MutateProcedure(const std::string& id,
                                                            int64_t expected_version,
                                                            const ProcedureChange& change,
                                                            const InTx& in_tx) = 0;
  // Whether the beneficiary had a sanction decided before (a repeat allows longer ones).
  virtual absl::StatusOr<bool> WasSanctionedBefore(const std::string& beneficiary_id,
                                                   const std::string& except_procedure_id) = 0;

  // --- orientation projection (called by the feed consumer inside its batch transaction)
  // Opens a procedure the feed detected, in the consumer's transaction; nothing when its
  // request_id (derived from the event) was seen before.
  virtual absl::Status OpenDetectedProcedure(storage::Transaction& tx,
                                             const SanctionProcedure& p) = 0;
  virtual absl::Status ApplyOrientationFact(storage::Transaction& tx, const OrientationFact& f,
                                            std::optional<absl::CivilDay> contract_due) = 0;
  virtual absl::StatusOr<std::optional<ProjectedOrientation>> GetProjectedOrientation(
      const std::string& beneficiary_id) = 0;

  // --- deadline job: ids of what is due, a bounded batch at a time
  virtual absl::StatusOr<std::vector<std::string>> ContractsEndedBefore(absl::CivilDay today,
                                                                        int limit) = 0;
  virtual absl::StatusOr<std::vector<std::string>> ProceduresAwaitingPast(absl::CivilDay today,
                                                                          int limit) = 0;

  // --- queues, rate, gauges
  virtual absl::StatusOr<std::vector<OverdueEntry>> ListOverdue(
      absl::CivilDay today, DeadlineKind kind, const Visibility& v,
      const std::optional<std::pair<absl::CivilDay, std::string>>& after, int limit) = 0;
  virtual absl::StatusOr<std::vector<OverdueCountRow>> CountOverdue(absl::CivilDay today,
                                                                    bool by_referent,
                                                                    const Visibility& v) = 0;
  virtual absl::StatusOr<std::vector<RateRow>> ContractualisationRate(absl::CivilDay at,
                                                                      const std::string& tad) = 0;
  virtual absl::StatusOr<std::vector<StatusCount>> CountContracts() = 0;
  virtual absl::StatusOr<std::vector<StatusCount>> CountProcedures() = 0;
  // The last day a contract of the beneficiary was in force before `at` (nullopt: never),
  // and whether one is in force at `at`.
  virtual absl::StatusOr<std::pair<std::optional<absl::CivilDay>, bool>> ContractHistoryAt(
      const std::string& beneficiary_id, absl::CivilDay at) = 0;
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_STORE_CONTRACTS_STORE_H_
