#include "services/fraud/metrics.h"

#include "absl/strings/str_cat.h"
#include "libs/common/status_macros.h"
#include "prometheus/counter.h"
#include "services/fraud/domain/control_case.h"
#include "services/fraud/store/case_store.h"
#include "services/fraud/store/statistics_store.h"

namespace parcours::fraud {

FraudMetrics::FraudMetrics(prometheus::Registry& registry)
    : cases_family_(prometheus::BuildGauge()
                        .Name("parcours_fraud_cases")
                        .Help("Control cases by status")
                        .Register(registry)),
      files_scored_(prometheus::BuildCounter()
                        .Name("parcours_fraud_files_scored_total")
                        .Help("Household files scored by the rules")
                        .Register(registry)
                        .Add({})),
      recovery_family_(prometheus::BuildGauge()
                           .Name("parcours_fraud_recovery_rate")
                           .Help("Recovered / owed (overpayments and fines) by year of decision")
                           .Register(registry)) {
  // Every label value exists from the start, so panels read 0 rather than nothing.
  for (int i = 0; i < kCaseStatusCount; ++i) {
    const char* label = MetricsStatusLabel(static_cast<CaseStatus>(i));
    if (!cases_.contains(label)) cases_[label] = &cases_family_.Add({{"status", label}});
  }
}

absl::Status FraudMetrics::Refresh(storage::Database& db) {
  ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kRead));
  CaseStore cases;
  StatisticsStore stats;
  ASSIGN_OR_RETURN(auto counts, cases.CountByStatus(*tx));
  ASSIGN_OR_RETURN(auto rates, stats.RecoveryRates(*tx));
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, double> by_label;
  for (const auto& [label, gauge] : cases_) by_label[label] = 0;
  for (const auto& [status, n] : counts)
    by_label[MetricsStatusLabel(status)] += static_cast<double>(n);
  for (const auto& [label, value] : by_label) cases_[label]->Set(value);
  for (const auto& [year, rate] : rates) {
    recovery_family_.Add({{"year", absl::StrCat(year)}}).Set(rate);
  }
  return absl::OkStatus();
}

}  // namespace parcours::fraud
