#include "services/catalogue/catalogue_metrics.h"

#include "libs/common/status_macros.h"
#include "libs/log/log.h"
#include "services/catalogue/domain/lifecycle.h"

namespace parcours::catalogue {

CatalogueMetrics::CatalogueMetrics(prometheus::Registry& registry, CatalogueStore& store)
    : store_(store),
      offers_(prometheus::BuildGauge()
                  .Name("parcours_catalogue_offers")
                  .Help("Offers in the catalogue, by status")
                  .Register(registry)),
      prescriptions_(prometheus::BuildGauge()
                         .Name("parcours_catalogue_prescriptions")
                         .Help("Prescriptions, by current status")
                         .Register(registry)) {}

CatalogueMetrics::~CatalogueMetrics() { Stop(); }

absl::Status CatalogueMetrics::Refresh() {
  ASSIGN_OR_RETURN(auto offers, store_.CountOffersByStatus());
  ASSIGN_OR_RETURN(auto prescriptions, store_.CountPrescriptionsByStatus());
  for (int s = v1::OFFER_STATUS_DRAFT; s <= v1::OFFER_STATUS_ARCHIVED; ++s) {
    const std::string name = OfferStatusName(static_cast<v1::OfferStatus>(s));
    offers_.Add({{"status", name}}).Set(static_cast<double>(offers[name]));
  }
  for (int s = v1::PRESCRIPTION_STATUS_PRESCRIBED; s <= v1::PRESCRIPTION_STATUS_CANCELLED; ++s) {
    const std::string name = PrescriptionStatusName(static_cast<v1::PrescriptionStatus>(s));
    prescriptions_.Add({{"status", name}}).Set(static_cast<double>(prescriptions[name]));
  }
  return absl::OkStatus();
}

void CatalogueMetrics::Start(absl::Duration interval) {
  thread_ = std::thread([this, interval] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      if (absl::Status s = Refresh(); !s.ok()) {
        log::Warn("catalogue gauges not refreshed", {{"error", s.ToString()}});
      }
      lock.lock();
      cv_.wait_for(lock, absl::ToChronoMilliseconds(interval), [this] { return stopping_; });
    }
  });
}

void CatalogueMetrics::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace parcours::catalogue
