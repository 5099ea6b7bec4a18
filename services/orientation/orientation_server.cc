#include "services/orientation/orientation_server.h"

#include "libs/common/status_macros.h"
#include "libs/log/log.h"
#include "services/orientation/store/retention.h"

namespace parcours::orientation {

OrientationParts::OrientationParts(runtime::ServiceContext& ctx, OrientationSettings settings,
                                   ReferenceData data, audit::RetentionSettings retention)
    : host_(ctx.host),
      settings_(std::move(settings)),
      data_(std::move(data)),
      store_(ctx.db, ctx.outbox),
      metrics_(ctx.metrics),
      service_({&store_, &ctx.audit, &ctx.authorizer, &data_.territories, &data_.rules, &ctx.clock,
                &metrics_, settings_}),
      retention_("orientation exited beneficiaries", retention, ctx.clock,
                 [&db = ctx.db, &audit = ctx.audit](absl::Time cutoff) {
                   return AnonymiseExitedBeneficiaries(db, audit, cutoff);
                 }) {
  host_.AddService(&service_, v1::Orientation::service_full_name());
}

OrientationParts::~OrientationParts() { Stop(); }

absl::Status OrientationParts::Start() {
  gauges_ = std::thread([this] { GaugeLoop(); });
  retention_.Start();
  log::Info("orientation ready",
            {{"grpc_port", host_.grpc_port()},
             {"communes", static_cast<int64_t>(data_.territories.commune_count())},
             {"rules_version", data_.rules.version()}});
  return absl::OkStatus();
}

void OrientationParts::Stop() {
  stop_ = true;
  retention_.Stop();
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
  // Data protection: identities of those who left the RSA this long ago are anonymised.
  const audit::RetentionSettings retention{
      .retention = absl::Hours(24) * ctx.config.Int("RETENTION_BENEFICIARY_DAYS", 1095, 0, 36500),
      .interval = ctx.config.Duration("RETENTION_INTERVAL", absl::Hours(24))};
  ASSIGN_OR_RETURN(ReferenceData data, LoadReferenceData(settings));
  return std::make_unique<OrientationParts>(ctx, std::move(settings), std::move(data), retention);
}

}  // namespace parcours::orientation
