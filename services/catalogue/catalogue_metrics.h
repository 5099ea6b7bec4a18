// Business gauges of the catalogue, read from the store every `interval` (they are counts
// over all replicas' writes, so each replica reads them from the shared database rather
// than counting its own calls):
//   parcours_catalogue_offers{status="PUBLISHED"}         offers by status
//   parcours_catalogue_prescriptions{status="ACCEPTED"}   prescriptions by status
// Cache hits/misses/errors come from libs/cache, RPC metrics from the server bootstrap.
//
//   CatalogueMetrics metrics(host.metrics(), store);
//   metrics.Start(absl::Seconds(15));
#ifndef PARCOURS_SERVICES_CATALOGUE_CATALOGUE_METRICS_H_
#define PARCOURS_SERVICES_CATALOGUE_CATALOGUE_METRICS_H_

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/catalogue/store/catalogue_store.h"

namespace parcours::catalogue {

class CatalogueMetrics {
 public:
  // `registry` and `store` must outlive this object.
  CatalogueMetrics(prometheus::Registry& registry, CatalogueStore& store);
  ~CatalogueMetrics();  // Stop()

  // Reads the counts now and sets the gauges (every status shows, 0 when none).
  absl::Status Refresh();
  // Refreshes now and then every `interval` on a thread of its own, until Stop().
  void Start(absl::Duration interval);
  void Stop();

 private:
  CatalogueStore& store_;
  prometheus::Family<prometheus::Gauge>& offers_;
  prometheus::Family<prometheus::Gauge>& prescriptions_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace parcours::catalogue

#endif  // PARCOURS_SERVICES_CATALOGUE_CATALOGUE_METRICS_H_
