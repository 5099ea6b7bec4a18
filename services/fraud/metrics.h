// The fraud service's business metrics (names and labels from deploy/metrics-catalog.md):
//   parcours_fraud_cases{status}          gauge, from the database (opened, investigating,
//                                         confirmed, dismissed, closed: see
//                                         MetricsStatusLabel for how our seven statuses map)
//   parcours_fraud_files_scored_total     counter, incremented after each scoring commit
//   parcours_fraud_recovery_rate{year}    gauge, recovered / owed for the year's decisions
// Gauges are recomputed from the database after each change and at start, so every
// replica reports the same rows (dashboards take max).
//
//   FraudMetrics metrics(registry);
//   metrics.AddFilesScored(2000);
//   RETURN_IF_ERROR(metrics.Refresh(db));
#ifndef PARCOURS_SERVICES_FRAUD_METRICS_H_
#define PARCOURS_SERVICES_FRAUD_METRICS_H_

#include <cstdint>
#include <map>
#include <mutex>

#include "absl/status/status.h"
#include "libs/storage/database.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace parcours::fraud {

class FraudMetrics {
 public:
  explicit FraudMetrics(prometheus::Registry& registry);

  void AddFilesScored(int64_t n) { files_scored_.Increment(static_cast<double>(n)); }
  // Recomputes the case and recovery gauges from the database.
  absl::Status Refresh(storage::Database& db);

  double files_scored() const { return files_scored_.Value(); }

 private:
  prometheus::Family<prometheus::Gauge>& cases_family_;
  prometheus::Counter& files_scored_;
  prometheus::Family<prometheus::Gauge>& recovery_family_;
  std::mutex mu_;                                    // serialises refreshes
  std::map<std::string, prometheus::Gauge*> cases_;  // by status label
};

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_METRICS_H_
