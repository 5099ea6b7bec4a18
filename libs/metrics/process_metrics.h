// Process metrics with the Prometheus client conventions (process_resident_memory_bytes,
// process_cpu_seconds_total, process_start_time_seconds, process_open_fds), read from /proc
// at scrape time: the memory and start-up figures of the benchmarks come from here.
//
//   registry_list.push_back(std::make_shared<ProcessCollector>());
//   exposer.RegisterCollectable(collector);
#ifndef PARCOURS_LIBS_METRICS_PROCESS_METRICS_H_
#define PARCOURS_LIBS_METRICS_PROCESS_METRICS_H_

#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace parcours::metrics {

class ProcessCollector final : public prometheus::Collectable {
 public:
  ProcessCollector();
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  double start_time_seconds_;
};

// Resident set size of this process in bytes (0 if /proc is unreadable).
double ResidentMemoryBytes();

}  // namespace parcours::metrics

#endif  // PARCOURS_LIBS_METRICS_PROCESS_METRICS_H_
