// In-memory OrientationDirectory and Catalogue for tests: set what the peer knows, or make
// it fail (UNAVAILABLE, as a peer that is down), and count the calls.
//
//   FakeOrientationDirectory orientation;
//   orientation.Set({.beneficiary_id = "ben_1", .oriented = true,
//                    .type = OrientationType::kSocial, ...});
//   orientation.FailWith(absl::UnavailableError("down"));
#ifndef PARCOURS_SERVICES_CONTRACTS_CLIENTS_FAKES_H_
#define PARCOURS_SERVICES_CONTRACTS_CLIENTS_FAKES_H_

#include <atomic>
#include <map>
#include <string>

#include "absl/synchronization/mutex.h"
#include "services/contracts/clients/catalogue.h"
#include "services/contracts/clients/orientation_directory.h"

namespace parcours::contracts {

class FakeOrientationDirectory final : public OrientationDirectory {
 public:
  void Set(OrientationInfo info) {
    absl::MutexLock lock(&mu_);
    known_[info.beneficiary_id] = std::move(info);
  }
  void FailWith(absl::Status status) {
    absl::MutexLock lock(&mu_);
    failure_ = std::move(status);
  }
  int calls() const { return calls_.load(); }

  absl::StatusOr<OrientationInfo> GetOrientation(const std::string& id) override {
    ++calls_;
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) return failure_;
    auto it = known_.find(id);
    if (it == known_.end()) return absl::NotFoundError("orientation: unknown beneficiary " + id);
    return it->second;
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, OrientationInfo> known_ ABSL_GUARDED_BY(mu_);
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
  std::atomic<int> calls_{0};
};

class FakeCatalogue final : public Catalogue {
 public:
  void Set(PrescriptionInfo info) {
    absl::MutexLock lock(&mu_);
    known_[info.id] = std::move(info);
  }
  void FailWith(absl::Status status) {
    absl::MutexLock lock(&mu_);
    failure_ = std::move(status);
  }
  int calls() const { return calls_.load(); }

  absl::StatusOr<PrescriptionInfo> GetPrescription(const std::string& id) override {
    ++calls_;
    absl::MutexLock lock(&mu_);
    if (!failure_.ok()) return failure_;
    auto it = known_.find(id);
    if (it == known_.end()) return absl::NotFoundError("catalogue: unknown prescription " + id);
    return it->second;
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, PrescriptionInfo> known_ ABSL_GUARDED_BY(mu_);
  absl::Status failure_ ABSL_GUARDED_BY(mu_);
  std::atomic<int> calls_{0};
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_CLIENTS_FAKES_H_
