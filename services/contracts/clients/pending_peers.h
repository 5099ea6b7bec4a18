// Stand-ins for the gRPC clients of orientation and catalogue while their protos
// (parcours.orientation.v1, parcours.catalogue.v1) are not on main: every call answers
// UNAVAILABLE at once, saying why, so calls that need a peer fail cleanly (writing
// nothing) and every other call works. Replace with GrpcOrientationDirectory and
// GrpcCatalogue when the protos land (see the report).
#ifndef PARCOURS_SERVICES_CONTRACTS_CLIENTS_PENDING_PEERS_H_
#define PARCOURS_SERVICES_CONTRACTS_CLIENTS_PENDING_PEERS_H_

#include <string>

#include "services/contracts/clients/catalogue.h"
#include "services/contracts/clients/orientation_directory.h"

namespace parcours::contracts {

class PendingOrientationDirectory final : public OrientationDirectory {
 public:
  absl::StatusOr<OrientationInfo> GetOrientation(const std::string&) override {
    return absl::UnavailableError(
        "orientation client not built yet: parcours.orientation.v1 is not on main");
  }
};

class PendingCatalogue final : public Catalogue {
 public:
  absl::StatusOr<PrescriptionInfo> GetPrescription(const std::string&) override {
    return absl::UnavailableError(
        "catalogue client not built yet: parcours.catalogue.v1 is not on main");
  }
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_CLIENTS_PENDING_PEERS_H_
