#include "services/orientation/orientation_metrics.h"

namespace parcours::orientation {

const char* QueueLabel(QueueKind kind) {
  switch (kind) {
    case QueueKind::kNotYetConvened:
      return "not_yet_convened";
    case QueueKind::kConvenedNotOriented:
      return "convened_not_oriented";
    case QueueKind::kOrientedWithoutAppointment:
      return "oriented_without_appointment";
    case QueueKind::kUnspecified:
      break;
  }
  return "unspecified";
}

OrientationMetrics::OrientationMetrics(prometheus::Registry& registry)
    // Buckets around the legal and contractual delays: 15 (France Travail), 30 (Essonne's
    // target), 45 (RDV-Insertion's KPI), 60 (two months, R262-65-2).
    : delay_days_(
          prometheus::BuildHistogram()
              .Name("parcours_orientation_delay_days")
              .Help("Days from entry (right opening) to the orientation decision")
              .Register(registry)
              .Add({}, prometheus::Histogram::BucketBoundaries{7, 15, 30, 45, 60, 90, 180, 365})),
      queue_size_(prometheus::BuildGauge()
                      .Name("parcours_orientation_queue_size")
                      .Help("Beneficiaries waiting in each operational queue, per TAD and MDS")
                      .Register(registry)),
      caf_records_(prometheus::BuildCounter()
                       .Name("parcours_orientation_caf_records_total")
                       .Help("CAF flow records by outcome (applied, unchanged, rejected)")
                       .Register(registry)) {}

void OrientationMetrics::ObserveDecisionDelay(int days) { delay_days_.Observe(days); }

void OrientationMetrics::CountCafRecords(int64_t applied, int64_t unchanged, int64_t rejected) {
  caf_records_.Add({{"outcome", "applied"}}).Increment(static_cast<double>(applied));
  caf_records_.Add({{"outcome", "unchanged"}}).Increment(static_cast<double>(unchanged));
  caf_records_.Add({{"outcome", "rejected"}}).Increment(static_cast<double>(rejected));
}

void OrientationMetrics::SetQueueCounts(const std::vector<QueueCount>& counts) {
  std::lock_guard<std::mutex> lock(mu_);
  std::set<std::tuple<std::string, std::string, std::string>> now;
  for (const QueueCount& c : counts) {
    auto key = std::make_tuple(std::string(QueueLabel(c.queue)), c.tad, c.mds);
    queue_size_.Add({{"queue", std::get<0>(key)}, {"tad", c.tad}, {"mds", c.mds}})
        .Set(static_cast<double>(c.count));
    now.insert(key);
  }
  for (const auto& key : seen_) {
    if (now.count(key) > 0) continue;
    queue_size_
        .Add({{"queue", std::get<0>(key)}, {"tad", std::get<1>(key)}, {"mds", std::get<2>(key)}})
        .Set(0);
  }
  seen_.insert(now.begin(), now.end());
}

}  // namespace parcours::orientation
