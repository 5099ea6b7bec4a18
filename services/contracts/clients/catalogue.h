// What contracts needs from the catalogue: the prescription an action of a contract refers
// to, to check that it exists and concerns the same beneficiary (and which offer it is
// for). One interface, a gRPC implementation and a fake for tests.
//
//   absl::StatusOr<PrescriptionInfo> p = catalogue.GetPrescription("prs_01H...");
#ifndef PARCOURS_SERVICES_CONTRACTS_CLIENTS_CATALOGUE_H_
#define PARCOURS_SERVICES_CONTRACTS_CLIENTS_CATALOGUE_H_

#include <string>

#include "absl/status/statusor.h"

namespace parcours::contracts {

struct PrescriptionInfo {
  std::string id;
  std::string beneficiary_id;
  std::string offer_id;
  std::string status;  // catalogue's status name, e.g. "ACCEPTED"
};

class Catalogue {
 public:
  virtual ~Catalogue() = default;
  // NOT_FOUND when the catalogue has no such prescription; UNAVAILABLE or
  // DEADLINE_EXCEEDED within the deadline when the catalogue cannot be reached.
  virtual absl::StatusOr<PrescriptionInfo> GetPrescription(const std::string& id) = 0;
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_CLIENTS_CATALOGUE_H_
