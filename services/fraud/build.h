// Wires the fraud service from a runtime::ServiceContext: reads its settings, loads the
// rule set and the fine policy (embedded defaults, or FRAUD_RULES_FILE /
// FRAUD_FINES_FILE), builds the scorer and the gRPC service, and runs the incremental
// rescoring loop in the background (every FRAUD_RESCORE_INTERVAL; 0 turns it off).
//
//   .build = [](runtime::ServiceContext& ctx) {
//     return fraud::BuildService(ctx, std::make_unique<fraud::GrpcContractsDirectory>(channel,
//     settings));
//   }
#ifndef PARCOURS_SERVICES_FRAUD_BUILD_H_
#define PARCOURS_SERVICES_FRAUD_BUILD_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "libs/common/embedded_file.h"
#include "libs/runtime/service_runtime.h"
#include "services/fraud/clients/contracts_directory.h"
#include "services/fraud/domain/fines.h"
#include "services/fraud/domain/rule_set.h"

namespace parcours::fraud {

// The service's own migrations (embedded).
std::vector<EmbeddedFile> Migrations();
// rules.json and fines.json as shipped (embedded).
std::vector<EmbeddedFile> DefaultConfigFiles();

// The default rule set and fine policy (tests and the benchmark use them too).
absl::StatusOr<RuleSet> DefaultRuleSet();
absl::StatusOr<FinePolicy> DefaultFinePolicy();

absl::StatusOr<std::unique_ptr<runtime::ServiceParts>> BuildService(
    runtime::ServiceContext& ctx, std::unique_ptr<ContractsDirectory> contracts);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_BUILD_H_
