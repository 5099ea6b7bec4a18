// The evaluation gauges Grafana reads (deploy/metrics-catalog.md):
//   parcours_evaluation_indicator_value{fiche, indicator, tad}
//   parcours_evaluation_indicator_target{fiche, indicator}
//   parcours_evaluation_headline{name, tad}  (orientation_within_30_days, ...)
//   parcours_events_consumer_lag_events{consumer="evaluation.projections", feed}
// Values come from a bilan already published through statistical secrecy: a hidden or
// empty cell has no series (it is removed if it had one), so /metrics never shows a cell
// the API hides.
//
//   EvaluationMetrics metrics(registry);
//   metrics.Update(bilan_table);
//   metrics.UpdateLag(consumers.Status());
#ifndef PARCOURS_SERVICES_EVALUATION_EVALUATION_METRICS_H_
#define PARCOURS_SERVICES_EVALUATION_EVALUATION_METRICS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/evaluation/domain/bilan.h"
#include "services/evaluation/projection/feed_consumers.h"

namespace parcours::evaluation {

class EvaluationMetrics {
 public:
  explicit EvaluationMetrics(prometheus::Registry& registry);

  void Update(const BilanTable& table);
  void UpdateLag(const std::vector<FeedStatus>& feeds);

 private:
  using Labels = std::map<std::string, std::string>;
  // Sets the series of `family` to exactly `values` (removing the others).
  void Replace(prometheus::Family<prometheus::Gauge>& family,
               std::map<Labels, prometheus::Gauge*>& live, const std::map<Labels, double>& values)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  absl::Mutex mu_;
  prometheus::Family<prometheus::Gauge>& value_;
  prometheus::Family<prometheus::Gauge>& target_;
  prometheus::Family<prometheus::Gauge>& headline_;
  prometheus::Family<prometheus::Gauge>& lag_;
  std::map<Labels, prometheus::Gauge*> live_values_ ABSL_GUARDED_BY(mu_);
  std::map<Labels, prometheus::Gauge*> live_targets_ ABSL_GUARDED_BY(mu_);
  std::map<Labels, prometheus::Gauge*> live_headlines_ ABSL_GUARDED_BY(mu_);
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_EVALUATION_METRICS_H_
