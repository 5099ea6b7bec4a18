// OrientationDirectory over parcours.orientation.v1 GetOrientationStatus: status, current
// orientation type, référent, territory, rights and duties, and the decision in force
// (its id and day), in one idempotent read retried on UNAVAILABLE within the deadline;
// NOT_FOUND, PERMISSION_DENIED and the rest pass through unchanged. That RPC carries no
// identity: names and contact data never reach contracts (service:contracts may not call
// GetBeneficiary).
//
//   GrpcOrientationDirectory orientation(channel, {.deadline = absl::Seconds(2),
//                                                  .identity = ctx.identity});
//   absl::StatusOr<OrientationInfo> o = orientation.GetOrientation("ben_01H...");
#ifndef PARCOURS_SERVICES_CONTRACTS_CLIENTS_GRPC_ORIENTATION_DIRECTORY_H_
#define PARCOURS_SERVICES_CONTRACTS_CLIENTS_GRPC_ORIENTATION_DIRECTORY_H_

#include <memory>
#include <string>

#include "grpcpp/channel.h"
#include "parcours/orientation/v1/orientation.grpc.pb.h"
#include "services/contracts/clients/orientation_directory.h"
#include "services/contracts/clients/peer_call.h"

namespace parcours::contracts {

class GrpcOrientationDirectory final : public OrientationDirectory {
 public:
  GrpcOrientationDirectory(std::shared_ptr<grpc::ChannelInterface> channel,
                           PeerCallSettings settings);

  absl::StatusOr<OrientationInfo> GetOrientation(const std::string& beneficiary_id) override;

 private:
  std::unique_ptr<orientation::v1::Orientation::Stub> stub_;
  const PeerCallSettings settings_;
};

// The domain's view of orientation's answers (exposed for tests).
OrientationInfo ToOrientationInfo(const orientation::v1::OrientationStatus& status);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_CLIENTS_GRPC_ORIENTATION_DIRECTORY_H_
