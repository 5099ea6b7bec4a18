// Assembles the contracts service from a runtime::ServiceContext: rules (embedded default
// or CONTRACTS_RULES_FILE), store, workflows, handlers, gauges, the deadline job on a
// background thread, and the follower of orientation's feed. main.cc passes the peers'
// gRPC clients; tests pass fakes.
//
//   auto parts = BuildContracts(ctx, ReadContractsOptions(ctx.config), std::move(peers));
#ifndef PARCOURS_SERVICES_CONTRACTS_CONTRACTS_SERVER_H_
#define PARCOURS_SERVICES_CONTRACTS_CONTRACTS_SERVER_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "libs/common/embedded_file.h"
#include "libs/events/consumer.h"
#include "libs/runtime/service_runtime.h"
#include "services/contracts/clients/catalogue.h"
#include "services/contracts/clients/orientation_directory.h"
#include "services/contracts/contracts_metrics.h"
#include "services/contracts/feed/orientation_feed.h"
#include "services/contracts/service.h"
#include "services/contracts/store/sql_contracts_store.h"

namespace parcours::contracts {

std::vector<EmbeddedFile> Migrations();         // migrations/*.sql
std::vector<EmbeddedFile> DefaultRulesFiles();  // data/contract_rules.json

struct ContractsOptions {
  std::string rules_file;                             // CONTRACTS_RULES_FILE; "" = embedded
  absl::Duration job_interval = absl::Hours(1);       // CONTRACTS_JOB_INTERVAL; 0 = off
  absl::Duration gauge_interval = absl::Seconds(30);  // CONTRACTS_GAUGE_INTERVAL
  int k_anonymity = 5;                                // CONTRACTS_K_ANONYMITY
  bool follow_orientation = true;                     // CONTRACTS_FOLLOW_ORIENTATION
  std::vector<std::string> tads;                      // CONTRACTS_TADS (gauge series)
  absl::Duration peer_deadline = absl::Seconds(2);    // PEER_DEADLINE: one lookup at a peer
};

ContractsOptions ReadContractsOptions(config::ConfigReader& reader);

// The rules from `file`, or the embedded default when empty.
absl::StatusOr<ContractRules> LoadRules(const std::string& file);

struct Peers {
  std::unique_ptr<OrientationDirectory> orientation;
  std::unique_ptr<Catalogue> catalogue;
  std::unique_ptr<OrientationEventDecoder> decoder;
  std::shared_ptr<grpc::ChannelInterface> orientation_feed;  // null: not followed
};

class ContractsParts final : public runtime::ServiceParts {
 public:
  ContractsParts(runtime::ServiceContext& ctx, ContractsOptions options, ContractRules rules,
                 Peers peers);
  ~ContractsParts() override;

  absl::Status Start() override;
  void Stop() override;

  ContractsService& service() { return service_; }
  ContractsStore& store() { return store_; }
  ContractsMetrics& metrics() { return metrics_; }
  events::FeedConsumer* consumer() { return consumer_.get(); }

 private:
  void BackgroundLoop();

  const ContractsOptions options_;
  const ContractRules rules_;
  const Clock& clock_;
  Peers peers_;
  SqlContractsStore store_;
  ContractWorkflows contracts_;
  ProcedureWorkflows procedures_;
  DeadlineJob job_;
  ContractsMetrics metrics_;
  ContractsService service_;
  OrientationProjection projection_;
  storage::Database& db_;
  std::unique_ptr<events::FeedConsumer> consumer_;
  std::atomic<bool> stop_{false};
  absl::Notification stopped_;
  std::thread background_;
};

absl::StatusOr<std::unique_ptr<ContractsParts>> BuildContracts(runtime::ServiceContext& ctx,
                                                               ContractsOptions options,
                                                               Peers peers);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_CONTRACTS_SERVER_H_
