// Catalogue over parcours.catalogue.v1: GetPrescription, an idempotent read retried on
// UNAVAILABLE within PEER_DEADLINE. NOT_FOUND passes through (an id the catalogue cannot
// parse is reported as NOT_FOUND too); a refusal of contracts' own credentials becomes
// UNAVAILABLE (clients/peer_call.h).
//
//   GrpcCatalogue catalogue(channel, {.deadline = absl::Seconds(2), .identity = ctx.identity});
//   absl::StatusOr<PrescriptionInfo> p = catalogue.GetPrescription("prs_01H...");
#ifndef PARCOURS_SERVICES_CONTRACTS_CLIENTS_GRPC_CATALOGUE_H_
#define PARCOURS_SERVICES_CONTRACTS_CLIENTS_GRPC_CATALOGUE_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "parcours/catalogue/v1/catalogue.grpc.pb.h"
#include "services/contracts/clients/catalogue.h"
#include "services/contracts/clients/peer_call.h"

namespace parcours::contracts {

class GrpcCatalogue final : public Catalogue {
 public:
  GrpcCatalogue(std::shared_ptr<grpc::ChannelInterface> channel, PeerCallSettings settings);

  absl::StatusOr<PrescriptionInfo> GetPrescription(const std::string& id) override;

 private:
  std::unique_ptr<catalogue::v1::Catalogue::Stub> stub_;
  const PeerCallSettings settings_;
};

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_CLIENTS_GRPC_CATALOGUE_H_
