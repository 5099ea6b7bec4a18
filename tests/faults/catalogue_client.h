// Catalogue calls the fault tests share: a published offer to read or prescribe, and a
// prescription create with a request_id.
#ifndef PARCOURS_TESTS_FAULTS_CATALOGUE_CLIENT_H_
#define PARCOURS_TESTS_FAULTS_CATALOGUE_CLIENT_H_

#include <string>

#include "absl/status/statusor.h"
#include "parcours/catalogue/v1/catalogue.grpc.pb.h"

namespace parcours::faults {

// The catalogue binary's environment: tokens for admin and the feed readers, the feed
// token, a SQLite file in `dir` unless `database_url` is given.
std::map<std::string, std::string> CatalogueEnv(const std::string& dir,
                                                const std::string& database_url = "");

// Creates a structure and an offer (with `capacity` places, 0 = unlimited) and publishes
// it, as admin; returns the offer id.
absl::StatusOr<std::string> CreatePublishedOffer(catalogue::v1::Catalogue::Stub& stub,
                                                 int capacity = 0);

// CreatePrescription for beneficiary `beneficiary` with `request_id`, as admin.
grpc::Status CreatePrescription(catalogue::v1::Catalogue::Stub& stub, const std::string& offer_id,
                                const std::string& request_id, const std::string& beneficiary,
                                catalogue::v1::Prescription* out, absl::Duration deadline);

}  // namespace parcours::faults

#endif  // PARCOURS_TESTS_FAULTS_CATALOGUE_CLIENT_H_
