// OrientationDirectory over parcours.orientation.v1: the beneficiary's record
// (GetBeneficiary: status, current orientation type, référent, territory, rights and
// duties) and, when oriented, the current decision (GetOrientationHistory: its id and
// day). Both reads are idempotent and retried on UNAVAILABLE within one deadline for the
// whole lookup; NOT_FOUND, PERMISSION_DENIED and the rest pass through unchanged.
//
// GetBeneficiary also returns the identity block, which contracts has no use for: it is
// dropped on receipt and never leaves this file (identity lives only in orientation).
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
OrientationInfo ToOrientationInfo(const orientation::v1::Beneficiary& b,
                                  const orientation::v1::OrientationHistory* history);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_CLIENTS_GRPC_ORIENTATION_DIRECTORY_H_
