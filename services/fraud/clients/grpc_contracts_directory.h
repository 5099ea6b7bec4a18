// ContractsDirectory over contracts' GetTimeWithoutContract (parcours.contracts.v1): a
// contract was in force at some point since `since` when one is in force now, or when
// the last day one was in force (last_day_in_contract) is on or after `since`. Contracts
// answers from its own contracts table; a beneficiary it has no contract for has had
// none.
//
// The call is an idempotent read: retried on UNAVAILABLE within CONTRACTS_DEADLINE
// (default 2 s). Batch scoring asks for thousands of files, so after a failure the
// directory answers UNAVAILABLE at once for `open_for` (default 5 s) instead of making
// every file wait for its own deadline; the rule is then reported "not evaluated" on
// those scores, and the next call after the pause asks contracts again.
//
//   GrpcContractsDirectory contracts(channel, {.deadline = absl::Seconds(2),
//                                              .identity = ctx.identity});
//   absl::StatusOr<bool> had = contracts.HasHadContractSince("ben_01H...", since);
#ifndef PARCOURS_SERVICES_FRAUD_CLIENTS_GRPC_CONTRACTS_DIRECTORY_H_
#define PARCOURS_SERVICES_FRAUD_CLIENTS_GRPC_CONTRACTS_DIRECTORY_H_

#include <atomic>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "libs/client/call.h"
#include "parcours/contracts/v1/contracts.grpc.pb.h"
#include "services/fraud/clients/contracts_directory.h"

namespace parcours::fraud {

struct ContractsClientSettings {
  absl::Duration deadline = absl::Seconds(2);  // CONTRACTS_DEADLINE
  absl::Duration open_for = absl::Seconds(5);  // CONTRACTS_PAUSE_AFTER_FAILURE
  client::CallIdentity identity;               // SERVICE_TOKEN
};

class GrpcContractsDirectory final : public ContractsDirectory {
 public:
  GrpcContractsDirectory(std::shared_ptr<grpc::ChannelInterface> channel,
                         ContractsClientSettings settings);

  absl::StatusOr<bool> HasHadContractSince(const std::string& beneficiary_id,
                                           absl::CivilDay since) override;

 private:
  std::unique_ptr<contracts::v1::Contracts::Stub> stub_;
  const ContractsClientSettings settings_;
  std::atomic<int64_t> paused_until_us_{0};  // unix micros; 0: not paused
};

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_CLIENTS_GRPC_CONTRACTS_DIRECTORY_H_
