// What fraud asks contracts: has this beneficiary had a contract (CER, PPAE, contrat
// d'engagement, any status past signature) since a date? Used by the long-RSA rule only.
//
//   FakeContractsDirectory contracts;
//   contracts.AddContract("ben_1", absl::CivilDay(2019, 3, 1), absl::CivilDay(2020, 3, 1));
//   absl::StatusOr<bool> had = contracts.HasHadContractSince("ben_1", absl::CivilDay(2015, 1, 1));
//
// The gRPC implementation is GrpcContractsDirectory (clients/grpc_contracts_directory.h).
// When contracts cannot be asked the rule is reported as "not evaluated" in the score's
// notes instead of firing on missing knowledge.
#ifndef PARCOURS_SERVICES_FRAUD_CLIENTS_CONTRACTS_DIRECTORY_H_
#define PARCOURS_SERVICES_FRAUD_CLIENTS_CONTRACTS_DIRECTORY_H_

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace parcours::fraud {

class ContractsDirectory {
 public:
  virtual ~ContractsDirectory() = default;
  // UNAVAILABLE when contracts cannot be asked; never guesses.
  virtual absl::StatusOr<bool> HasHadContractSince(const std::string& beneficiary_id,
                                                   absl::CivilDay since) = 0;
};

// For tests and the benchmark: contracts known by start date. Thread-safe.
class FakeContractsDirectory final : public ContractsDirectory {
 public:
  // A contract in force from `start` to `end` (inclusive).
  void AddContract(const std::string& beneficiary_id, absl::CivilDay start, absl::CivilDay end);
  void SetUnavailable(bool unavailable);
  absl::StatusOr<bool> HasHadContractSince(const std::string& beneficiary_id,
                                           absl::CivilDay since) override;
  int calls() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::vector<std::pair<absl::CivilDay, absl::CivilDay>>> contracts_;
  bool unavailable_ = false;
  int calls_ = 0;
};

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_CLIENTS_CONTRACTS_DIRECTORY_H_
