#include "services/orientation/orientation_server.h"

#include "libs/common/status_macros.h"
#include "libs/log/log.h"

namespace parcours::orientation {

OrientationParts::OrientationParts(runtime::ServiceContext& ctx, OrientationSettings settings,
                                   ReferenceData data)
    : host_(ctx.host),
      settings_(std::move(settings)),
      data_(std::move(data)),
      store_(ctx.db, ctx.outbox),
      metrics_(ctx.metrics),
      service_({&store_, &ctx.audit, &ctx.authorizer, &data_.territories, &data_.rules, &ctx.clock,
                &metrics_, settings_}) {
  host_.AddService(&service_, v1::Orientation::service_full_name());
}

OrientationParts::~OrientationParts() { Stop(); }

absl::Status OrientationParts::Start() {
  gauges_ = std::thread([this] { GaugeLoop(); });
  log::Info("orientation ready",
            {{"grpc_port", host_.grpc_port()},
             {"communes", static_cast<int64_t>(data_.territories.commune_count())},
             {"rules_version", data_.rules.version()}});
  return absl::OkStatus();
}

void OrientationParts::Stop() {
  stop_ = true;
  if (gauges_.joinable()) gauges_.join();
}

// Queue gauges from the database on a timer: any replica computes the same figures.
void OrientationParts::GaugeLoop() {
  while (!stop_) {
    if (absl::Status s = service_.RefreshQueueGauges(); !s.ok()) {
      log::Warn("queue gauges not refreshed", {{"error", s.ToString()}});
    }
    for (absl::Duration waited; waited < settings_.queue_gauges_interval && !stop_;
         waited += absl::Milliseconds(200)) {
      absl::SleepFor(absl::Milliseconds(200));
    }
  }
}

absl::StatusOr<std::unique_ptr<OrientationParts>> BuildOrientation(runtime::ServiceContext& ctx) {
  OrientationSettings settings = ReadOrientationSettings(ctx.config);
  ASSIGN_OR_RETURN(ReferenceData data, LoadReferenceData(settings));
  return std::make_unique<OrientationParts>(ctx, std::move(settings), std::move(data));
}

}  // namespace parcours::orientation
