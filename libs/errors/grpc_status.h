// absl::Status ⇄ grpc::Status at the edge of every service and client. Codes map one to
// one (Abseil's canonical codes are gRPC's); field violations become the standard
// `grpc-status-details-bin` trailer (google.rpc.Status with a google.rpc.BadRequest).
//
//   grpc::Status CatalogueService::GetOffer(...) {
//     absl::StatusOr<Offer> offer = domain_.GetOffer(id);
//     if (!offer.ok()) return ToGrpcStatus(offer.status());
//     ...
//   }
#ifndef PARCOURS_LIBS_ERRORS_GRPC_STATUS_H_
#define PARCOURS_LIBS_ERRORS_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace parcours::errors {

grpc::Status ToGrpcStatus(const absl::Status& status);

// The reverse, for clients: keeps the code, the message and the field violations.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace parcours::errors

#endif  // PARCOURS_LIBS_ERRORS_GRPC_STATUS_H_
