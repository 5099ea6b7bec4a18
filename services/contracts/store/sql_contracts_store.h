// ContractsStore over libs/storage: portable SQL (SQLite and PostgreSQL), one transaction
// per change with its outbox event and audit record. The single-contract-in-force rule is
// the partial unique index contracts_one_in_force (migrations/0001_contracts.sql): when two
// activations race, the second UPDATE violates it and MutateContract returns
// FAILED_PRECONDITION ("already has a contract in force"), the same answer as the
// sequential case, whose pre-check gives it without touching the index.
//
//   SqlContractsStore store(db, outbox, clock);
//   ASSIGN_OR_RETURN(Contract c, store.GetContract("ctr_01H..."));
#ifndef PARCOURS_SERVICES_CONTRACTS_STORE_SQL_CONTRACTS_STORE_H_
#define PARCOURS_SERVICES_CONTRACTS_STORE_SQL_CONTRACTS_STORE_H_

#include "libs/common/clock.h"
#include "libs/events/outbox.h"
#include "libs/storage/database.h"
#include "services/contracts/store/contracts_store.h"

namespace parcours::contracts {

class SqlContractsStore final : public ContractsStore {
 public:
  SqlContractsStore(storage::Database& db, events::Outbox& outbox, const Clock& clock)
      : db_(db), outbox_(outbox), clock_(clock) {}

  absl::StatusOr<Contract> CreateContract(const Contract& c, const InTx& in_tx,
                                          bool* created) override;
  absl::StatusOr<std::optional<Contract>> FindContractByRequest(const std::string& request_id) override;
  absl::StatusOr<Contract> GetContract(const std::string& id) override;
  absl::StatusOr<Listing<Contract>> ListContracts(const ContractFilter& f, const Visibility& v,
                                                  const Page& p) override;
  absl::StatusOr<Contract> MutateContract(const std::string& id, int64_t expected_version,
                                          const ContractChange& change, const InTx& in_tx) override;

  absl::StatusOr<SanctionProcedure> CreateProcedure(const SanctionProcedure& p, const InTx& in_tx,
                                                    bool* created) override;
  absl::StatusOr<SanctionProcedure> GetProcedure(const std::string& id) override;
  absl::StatusOr<Listing<SanctionProcedure>> ListProcedures(const ProcedureFilter& f,
                                                            const Visibility& v,
                                                            const Page& p) override;
  absl::StatusOr<SanctionProcedure> MutateProcedure(const std::string& id, int64_t expected_version,
                                                    const ProcedureChange& change,
                                                    const InTx& in_tx) override;
  absl::StatusOr<bool> WasSanctionedBefore(const std::string& beneficiary_id,
                                           const std::string& except_procedure_id) override;

  absl::Status OpenDetectedProcedure(storage::Transaction& tx, const SanctionProcedure& p) override;
  absl::Status ApplyOrientationFact(storage::Transaction& tx, const OrientationFact& f,
                                    std::optional<absl::CivilDay> contract_due) override;
  absl::StatusOr<std::optional<ProjectedOrientation>> GetProjectedOrientation(
      const std::string& beneficiary_id) override;

  absl::StatusOr<std::vector<std::string>> ContractsEndedBefore(absl::CivilDay today,
                                                                int limit) override;
  absl::StatusOr<std::vector<std::string>> ProceduresAwaitingPast(absl::CivilDay today,
                                                                  int limit) override;
  absl::StatusOr<std::vector<OverdueEntry>> ListOverdue(
      absl::CivilDay today, DeadlineKind kind, const Visibility& v,
      const std::optional<std::pair<absl::CivilDay, std::string>>& after, int limit) override;
  absl::StatusOr<std::vector<OverdueCountRow>> CountOverdue(absl::CivilDay today, bool by_referent,
                                                            const Visibility& v) override;
  absl::StatusOr<std::vector<RateRow>> ContractualisationRate(absl::CivilDay at,
                                                              const std::string& tad) override;
  absl::StatusOr<std::vector<StatusCount>> CountContracts() override;
  absl::StatusOr<std::vector<StatusCount>> CountProcedures() override;
  absl::StatusOr<std::pair<std::optional<absl::CivilDay>, bool>> ContractHistoryAt(
      const std::string& beneficiary_id, absl::CivilDay at) override;

 private:
  friend class SqlContractTx;
  absl::StatusOr<Contract> LoadContract(storage::Transaction& tx, const std::string& id);
  absl::StatusOr<SanctionProcedure> LoadProcedure(storage::Transaction& tx, const std::string& id);
  // Writes `c` over the row at `read_version`; ABORTED when the row moved meanwhile.
  absl::Status SaveContract(storage::Transaction& tx, Contract& c, int64_t read_version);
  absl::Status SaveProcedure(storage::Transaction& tx, SanctionProcedure& p, int64_t read_version);
  absl::Status InsertProcedure(storage::Transaction& tx, const SanctionProcedure& p, bool* created);

  storage::Database& db_;
  events::Outbox& outbox_;
  const Clock& clock_;
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_STORE_SQL_CONTRACTS_STORE_H_
