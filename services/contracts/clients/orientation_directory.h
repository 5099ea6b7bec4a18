// What contracts needs to know from the orientation service, in domain terms: is this
// beneficiary oriented, with which type, since when, by which référent, in which
// territory, and subject to rights and duties? One interface, a gRPC implementation
// (clients/grpc_orientation_directory.h) and a fake for tests.
//
//   absl::StatusOr<OrientationInfo> o = directory.GetOrientation("ben_01H...");
//   // UNAVAILABLE / DEADLINE_EXCEEDED within the call's deadline when orientation is down;
//   // NOT_FOUND when orientation does not know the beneficiary.
#ifndef PARCOURS_SERVICES_CONTRACTS_CLIENTS_ORIENTATION_DIRECTORY_H_
#define PARCOURS_SERVICES_CONTRACTS_CLIENTS_ORIENTATION_DIRECTORY_H_

#include <string>

#include "absl/status/statusor.h"
#include "services/contracts/domain/model.h"

namespace parcours::contracts {

class OrientationDirectory {
 public:
  virtual ~OrientationDirectory() = default;
  virtual absl::StatusOr<OrientationInfo> GetOrientation(const std::string& beneficiary_id) = 0;
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_CLIENTS_ORIENTATION_DIRECTORY_H_
