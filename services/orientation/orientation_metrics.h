// Business metrics of the orientation service, beside the RPC metrics of the bootstrap:
//   parcours_orientation_delay_days            histogram, entry → orientation decision
//   parcours_orientation_queue_size{queue,tad,mds}  gauges, the operational queues
//   parcours_orientation_caf_records_total{outcome}  counter: applied/unchanged/rejected
//
//   OrientationMetrics metrics(host.metrics());
//   metrics.ObserveDecisionDelay(23);
//   metrics.SetQueueCounts(counts);   // from the store, on a timer
#ifndef PARCOURS_SERVICES_ORIENTATION_ORIENTATION_METRICS_H_
#define PARCOURS_SERVICES_ORIENTATION_ORIENTATION_METRICS_H_

#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation {

class OrientationMetrics {
 public:
  explicit OrientationMetrics(prometheus::Registry& registry);

  void ObserveDecisionDelay(int days);
  void CountCafRecords(int64_t applied, int64_t unchanged, int64_t rejected);
  // Sets every (queue, tad, mds) gauge; label sets absent from `counts` but set before go
  // to 0, so an emptied queue does not keep its last value.
  void SetQueueCounts(const std::vector<QueueCount>& counts);

 private:
  prometheus::Histogram& delay_days_;
  prometheus::Family<prometheus::Gauge>& queue_size_;
  prometheus::Family<prometheus::Counter>& caf_records_;
  std::mutex mu_;  // guards seen_
  std::set<std::tuple<std::string, std::string, std::string>> seen_;
};

// The label value of a queue ("not_yet_convened", …).
const char* QueueLabel(QueueKind kind);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_ORIENTATION_METRICS_H_
