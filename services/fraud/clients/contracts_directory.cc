#include "services/fraud/clients/contracts_directory.h"

namespace parcours::fraud {

void FakeContractsDirectory::AddContract(const std::string& beneficiary_id, absl::CivilDay start,
                                         absl::CivilDay end) {
  std::lock_guard<std::mutex> lock(mu_);
  contracts_[beneficiary_id].emplace_back(start, end);
}

void FakeContractsDirectory::SetUnavailable(bool unavailable) {
  std::lock_guard<std::mutex> lock(mu_);
  unavailable_ = unavailable;
}

int FakeContractsDirectory::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

absl::StatusOr<bool> FakeContractsDirectory::HasHadContractSince(const std::string& beneficiary_id,
                                                                 absl::CivilDay since) {
  std::lock_guard<std::mutex> lock(mu_);
  ++calls_;
  if (unavailable_) return absl::UnavailableError("contracts is down (fake)");
  auto it = contracts_.find(beneficiary_id);
  if (it == contracts_.end()) return false;
  for (const auto& [start, end] : it->second) {
    if (end >= since) return true;  // in force at some point since `since`
  }
  return false;
}

}  // namespace parcours::fraud
