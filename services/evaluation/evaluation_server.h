// Assembles the evaluation service from its dependencies: the indicator catalogue
// (validated against the selectors), the Evaluator, the gRPC service, the four feed
// consumers and the /metrics gauges with their refresh. main.cc builds the dependencies
// from RunService's context; tests build them directly.
//
//   ASSIGN_OR_RETURN(auto parts, EvaluationParts::Build(std::move(deps)));
//   host.AddService(&parts->service(), v1::Evaluation::service_full_name());
//   RETURN_IF_ERROR(parts->Start());   // after migrations: consumers, gauges
#ifndef PARCOURS_SERVICES_EVALUATION_EVALUATION_SERVER_H_
#define PARCOURS_SERVICES_EVALUATION_EVALUATION_SERVER_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "libs/audit/audit_log.h"
#include "libs/auth/authorizer.h"
#include "libs/common/clock.h"
#include "libs/common/embedded_file.h"
#include "libs/events/consumer.h"
#include "libs/runtime/service_runtime.h"
#include "libs/storage/database.h"
#include "prometheus/registry.h"
#include "services/evaluation/evaluation_config.h"
#include "services/evaluation/evaluation_metrics.h"
#include "services/evaluation/evaluator.h"
#include "services/evaluation/periodic_task.h"
#include "services/evaluation/projection/feed_consumers.h"
#include "services/evaluation/service.h"

namespace parcours::evaluation {

// The service's own migrations (0001_projections.sql, 0002_surveys.sql).
std::vector<EmbeddedFile> Migrations();

struct EvaluationDeps {
  storage::Database& db;
  const auth::Authorizer& authorizer;
  audit::AuditLog& audit;
  prometheus::Registry& metrics;
  const Clock& clock;
  EvaluationConfig config;
  // One channel per feed followed (catalogue, orientation, contracts, fraud).
  std::map<std::string, std::shared_ptr<grpc::ChannelInterface>> feeds;
  events::FeedConsumerOptions consumer_options;
};

class EvaluationParts final : public runtime::ServiceParts {
 public:
  // INVALID_ARGUMENT when the indicator definitions do not load.
  static absl::StatusOr<std::unique_ptr<EvaluationParts>> Build(EvaluationDeps deps);
  ~EvaluationParts() override { Stop(); }

  absl::Status Start() override;
  void Stop() override;

  EvaluationService& service() { return *service_; }
  Evaluator& evaluator() { return *evaluator_; }
  FeedConsumers& consumers() { return *consumers_; }
  // Recomputes the gauges now (the periodic refresh calls this).
  void RefreshMetrics();

 private:
  explicit EvaluationParts(EvaluationDeps deps) : deps_(std::move(deps)) {}

  EvaluationDeps deps_;
  IndicatorCatalog catalog_;
  std::unique_ptr<Evaluator> evaluator_;
  std::unique_ptr<FeedConsumers> consumers_;
  std::unique_ptr<EvaluationService> service_;
  std::unique_ptr<EvaluationMetrics> metrics_;
  std::unique_ptr<PeriodicTask> refresh_;
};

}  // namespace parcours::evaluation

#endif  // PARCOURS_SERVICES_EVALUATION_EVALUATION_SERVER_H_
