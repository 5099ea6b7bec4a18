// Assembles the orientation service from a runtime::ServiceContext (libs/runtime opens the
// database, cache, outbox, event feed, audit log and authorizer; main.cc runs RunService):
// the reference data and rules (embedded defaults or the files the settings name), the
// SQL store over the runtime's outbox, the handlers, the queue gauges refreshed on a
// thread of their own, and the retention job that anonymises those who left long ago.
//
//   .build = [](runtime::ServiceContext& ctx) { return BuildOrientation(ctx); }
#ifndef PARCOURS_SERVICES_ORIENTATION_ORIENTATION_SERVER_H_
#define PARCOURS_SERVICES_ORIENTATION_ORIENTATION_SERVER_H_

#include <atomic>
#include <memory>
#include <thread>

#include "absl/synchronization/notification.h"
#include "libs/audit/retention_job.h"
#include "libs/runtime/service_runtime.h"
#include "services/orientation/orientation_metrics.h"
#include "services/orientation/orientation_settings.h"
#include "services/orientation/service.h"
#include "services/orientation/store/sql_orientation_store.h"

namespace parcours::orientation {

class OrientationParts final : public runtime::ServiceParts {
 public:
  // Registers the Orientation service on ctx.host (not started yet).
  OrientationParts(runtime::ServiceContext& ctx, OrientationSettings settings, ReferenceData data,
                   audit::RetentionSettings retention);
  ~OrientationParts() override;

  // Logs "orientation ready", starts the gauges and the retention job (the migrations ran).
  absl::Status Start() override;
  void Stop() override;

  OrientationService& service() { return service_; }

 private:
  void GaugeLoop();

  server::ServiceHost& host_;
  const OrientationSettings settings_;
  const ReferenceData data_;
  SqlOrientationStore store_;
  OrientationMetrics metrics_;
  OrientationService service_;
  audit::RetentionJob retention_;
  std::atomic<bool> stop_{false};
  std::thread gauges_;
};

// Reads the orientation settings from ctx.config and loads the reference data and rules;
// INVALID_ARGUMENT / NOT_FOUND naming the file when one is unreadable.
absl::StatusOr<std::unique_ptr<OrientationParts>> BuildOrientation(runtime::ServiceContext& ctx);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_ORIENTATION_SERVER_H_
