// The deadline job: what automation does when dates pass. It expires contracts whose end
// date passed, opens a procedure for each beneficiary without a contract in force past
// the delay after orientation, and refers to the équipe pluridisciplinaire every
// procedure whose response period ended. It never decides. Each pass works in bounded
// batches and is idempotent (procedures it opens carry a request_id derived from what
// triggered them), so two replicas running it at once do no harm.
//
//   DeadlineJob job(store, contracts, procedures);
//   ASSIGN_OR_RETURN(DeadlineJobResult r, job.RunOnce(clock.Today()));
#ifndef PARCOURS_SERVICES_CONTRACTS_JOBS_DEADLINE_JOB_H_
#define PARCOURS_SERVICES_CONTRACTS_JOBS_DEADLINE_JOB_H_

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/contracts/store/contracts_store.h"
#include "services/contracts/workflows/contract_workflows.h"
#include "services/contracts/workflows/procedure_workflows.h"

namespace parcours::contracts {

struct DeadlineJobResult {
  int contracts_expired = 0;
  int procedures_opened = 0;
  int procedures_advanced = 0;
};

class DeadlineJob {
 public:
  DeadlineJob(ContractsStore& store, ContractWorkflows& contracts, ProcedureWorkflows& procedures,
              int batch_size = 100, int max_batches = 100)
      : store_(store), contracts_(contracts), procedures_(procedures), batch_size_(batch_size),
        max_batches_(max_batches) {}

  absl::StatusOr<DeadlineJobResult> RunOnce(absl::CivilDay today);

 private:
  absl::Status ExpireContracts(absl::CivilDay today, DeadlineJobResult& r);
  absl::Status OpenForUnsigned(absl::CivilDay today, DeadlineJobResult& r);
  absl::Status ReferUnanswered(absl::CivilDay today, DeadlineJobResult& r);

  ContractsStore& store_;
  ContractWorkflows& contracts_;
  ProcedureWorkflows& procedures_;
  const int batch_size_;
  const int max_batches_;  // a pass stops there; the next pass continues
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_JOBS_DEADLINE_JOB_H_
