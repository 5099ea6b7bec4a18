#include "services/evaluation/evaluation_server.h"

#include "libs/common/status_macros.h"
#include "libs/log/log.h"
#include "services/evaluation/store/selectors.h"

namespace parcours::evaluation {

absl::StatusOr<std::unique_ptr<EvaluationParts>> EvaluationParts::Build(EvaluationDeps deps) {
  auto parts = std::unique_ptr<EvaluationParts>(new EvaluationParts(std::move(deps)));
  ASSIGN_OR_RETURN(parts->catalog_,
                   LoadCatalog(parts->deps_.config.pacte_json, parts->deps_.config.indicators_json,
                               ValidateSelector));
  parts->evaluator_ = std::make_unique<Evaluator>(parts->deps_.db, parts->catalog_,
                                                  parts->deps_.config, parts->deps_.clock);
  parts->consumers_ = std::make_unique<FeedConsumers>(parts->deps_.db, parts->deps_.feeds,
                                                      parts->deps_.consumer_options);
  FeedConsumers* consumers = parts->consumers_.get();
  parts->service_ = std::make_unique<EvaluationService>(
      *parts->evaluator_, parts->deps_.authorizer, parts->deps_.audit,
      [consumers] { return consumers->Status(); });
  parts->metrics_ = std::make_unique<EvaluationMetrics>(parts->deps_.metrics);
  EvaluationParts* self = parts.get();
  parts->refresh_ = std::make_unique<PeriodicTask>(parts->deps_.config.metrics_refresh,
                                                   [self] { self->RefreshMetrics(); });
  return parts;
}

absl::Status EvaluationParts::Start() {
  RETURN_IF_ERROR(consumers_->Start());
  refresh_->Start();
  return absl::OkStatus();
}

void EvaluationParts::Stop() {
  if (refresh_) refresh_->Stop();
  if (consumers_) consumers_->Stop();
}

void EvaluationParts::RefreshMetrics() {
  const absl::CivilDay today = deps_.clock.Today();
  absl::StatusOr<BilanTable> table =
      evaluator_->Bilan(Period::Year(static_cast<int>(today.year())), "", TerritoryScope{});
  if (table.ok()) {
    metrics_->Update(*table);
  } else {
    log::Warn("evaluation gauges not refreshed", {{"error", table.status().ToString()}});
  }
  metrics_->UpdateLag(consumers_->Status());
}

}  // namespace parcours::evaluation
