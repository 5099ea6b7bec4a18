#include "services/contracts/clients/grpc_orientation_directory.h"

#include "absl/time/clock.h"
#include "libs/common/clock.h"

namespace parcours::contracts {
namespace {

namespace pb = ::parcours::orientation::v1;

OrientationType FromProto(pb::OrientationType t) {
  switch (t) {
    case pb::PROFESSIONAL:
      return OrientationType::kProfessional;
    case pb::SOCIO_PROFESSIONAL:
      return OrientationType::kSocioProfessional;
    case pb::SOCIAL:
      return OrientationType::kSocial;
    default:
      return OrientationType::kUnspecified;
  }
}

absl::CivilDay DayOf(const google::protobuf::Timestamp& t) {
  return absl::ToCivilDay(absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos()),
                          LegalTimeZone());
}

}  // namespace

OrientationInfo ToOrientationInfo(const pb::OrientationStatus& status) {
  OrientationInfo o;
  o.beneficiary_id = status.beneficiary_id();
  o.type = FromProto(status.orientation_type());
  o.oriented = o.type != OrientationType::kUnspecified;
  o.referent_id = status.referent_id();
  o.tad = status.territory().tad();
  o.mds = status.territory().mds();
  o.subject_to_rights_and_duties = status.subject_to_rights_and_duties();
  o.exited = status.status() == pb::EXITED;
  if (o.oriented && !status.decision_id().empty()) {
    o.decision_id = status.decision_id();
    o.decided_on = DayOf(status.decided_at());
  }
  return o;
}

GrpcOrientationDirectory::GrpcOrientationDirectory(std::shared_ptr<grpc::ChannelInterface> channel,
                                                   PeerCallSettings settings)
    : stub_(pb::Orientation::NewStub(std::move(channel))), settings_(std::move(settings)) {}

// One call, and no identity on the wire: orientation answers with what a contract needs.
absl::StatusOr<OrientationInfo> GrpcOrientationDirectory::GetOrientation(
    const std::string& beneficiary_id) {
  client::CallIdentity identity = settings_.identity;
  identity.purpose = kPeerPurpose;
  pb::GetOrientationStatusRequest ask;
  ask.set_beneficiary_id(beneficiary_id);
  pb::OrientationStatus status;
  absl::Status s = client::Invoke(
      {.deadline = settings_.deadline, .idempotent = true}, identity,
      [&](grpc::ClientContext& ctx) { return stub_->GetOrientationStatus(&ctx, ask, &status); });
  if (s.code() == absl::StatusCode::kInvalidArgument) {
    // An id orientation cannot even parse is one it does not know.
    return absl::NotFoundError("orientation knows no beneficiary " + beneficiary_id + " (" +
                               std::string(s.message()) + ")");
  }
  if (!s.ok()) return FromPeer("orientation", s);
  return ToOrientationInfo(status);
}

}  // namespace parcours::contracts
