// The service's business gauges, recomputed from the database (every replica reads the
// same rows; dashboards take max): parcours_contracts_contracts{status,kind},
// parcours_contracts_overdue{kind,tad} and parcours_contracts_procedures{status}, with the
// label values of deploy/metrics-catalog.md. Every known series exists from the start, at 0.
//
//   ContractsMetrics metrics(registry, {"TAD-EST", ...});
//   RETURN_IF_ERROR(metrics.Refresh(store, clock.Today()));
#ifndef PARCOURS_SERVICES_CONTRACTS_CONTRACTS_METRICS_H_
#define PARCOURS_SERVICES_CONTRACTS_CONTRACTS_METRICS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/contracts/store/contracts_store.h"

namespace parcours::contracts {

// The catalogue's label for a contract kind: "cer" (CER_SOCIAL, CER_SOCIO_PROFESSIONAL and
// PACK_SORTIE, a CER after a return to work), "engagement", "ppae".
std::string KindLabel(ContractKind k);
// Lower-case enum names: "active", "pending_signature", "opened", ...
std::string StatusLabel(ContractStatus s);
std::string StatusLabel(ProcedureStatus s);

class ContractsMetrics {
 public:
  ContractsMetrics(prometheus::Registry& registry, std::vector<std::string> tads);

  absl::Status Refresh(ContractsStore& store, absl::CivilDay today);

 private:
  absl::Mutex mu_;  // one refresh at a time (the job thread and RunDeadlineJob)
  prometheus::Family<prometheus::Gauge>& contracts_;
  prometheus::Family<prometheus::Gauge>& overdue_;
  prometheus::Family<prometheus::Gauge>& procedures_;
  std::vector<std::string> tads_;
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_CONTRACTS_METRICS_H_
