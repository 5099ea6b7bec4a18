#include "services/contracts/clients/grpc_catalogue.h"

#include "absl/strings/match.h"

namespace parcours::contracts {
namespace {

namespace pb = ::parcours::catalogue::v1;

// "PRESCRIPTION_STATUS_ACCEPTED" → "ACCEPTED", the name PrescriptionInfo documents.
std::string StatusName(pb::PrescriptionStatus s) {
  std::string name = pb::PrescriptionStatus_Name(s);
  constexpr char kPrefix[] = "PRESCRIPTION_STATUS_";
  if (absl::StartsWith(name, kPrefix)) name.erase(0, sizeof(kPrefix) - 1);
  return name;
}

}  // namespace

GrpcCatalogue::GrpcCatalogue(std::shared_ptr<grpc::ChannelInterface> channel,
                             PeerCallSettings settings)
    : stub_(pb::Catalogue::NewStub(std::move(channel))), settings_(std::move(settings)) {}

absl::StatusOr<PrescriptionInfo> GrpcCatalogue::GetPrescription(const std::string& id) {
  client::CallIdentity identity = settings_.identity;
  identity.purpose = kPeerPurpose;
  pb::GetPrescriptionRequest req;
  req.set_id(id);
  pb::Prescription p;
  absl::Status s = client::Invoke(
      {.deadline = settings_.deadline, .idempotent = true}, identity,
      [&](grpc::ClientContext& ctx) { return stub_->GetPrescription(&ctx, req, &p); });
  if (s.code() == absl::StatusCode::kInvalidArgument) {
    return absl::NotFoundError("the catalogue knows no prescription " + id + " (" +
                               std::string(s.message()) + ")");
  }
  if (!s.ok()) return FromPeer("catalogue", s);
  return PrescriptionInfo{.id = p.id(),
                          .beneficiary_id = p.beneficiary_id(),
                          .offer_id = p.offer_id(),
                          .status = StatusName(p.status())};
}

}  // namespace parcours::contracts
