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

OrientationInfo ToOrientationInfo(const pb::Beneficiary& b, const pb::OrientationHistory* history) {
  OrientationInfo o;
  o.beneficiary_id = b.id();
  o.type = FromProto(b.orientation_type());
  o.oriented = o.type != OrientationType::kUnspecified;
  o.referent_id = b.referent_id();
  o.tad = b.territory().tad();
  o.mds = b.territory().mds();
  o.subject_to_rights_and_duties = b.subject_to_rights_and_duties();
  o.exited = b.status() == pb::EXITED;
  // The decision in force is the latest one (history is oldest first).
  if (history != nullptr && history->decisions_size() > 0) {
    const pb::OrientationDecision& d = history->decisions(history->decisions_size() - 1);
    o.decision_id = d.id();
    o.decided_on = DayOf(d.decided_at());
  }
  return o;
}

GrpcOrientationDirectory::GrpcOrientationDirectory(std::shared_ptr<grpc::ChannelInterface> channel,
                                                   PeerCallSettings settings)
    : stub_(pb::Orientation::NewStub(std::move(channel))), settings_(std::move(settings)) {}

absl::StatusOr<OrientationInfo> GrpcOrientationDirectory::GetOrientation(
    const std::string& beneficiary_id) {
  const absl::Time deadline = absl::Now() + settings_.deadline;
  client::CallIdentity identity = settings_.identity;
  identity.purpose = kPeerPurpose;

  pb::GetBeneficiaryRequest get;
  get.set_id(beneficiary_id);
  pb::Beneficiary beneficiary;
  absl::Status s = client::Invoke(
      {.deadline = settings_.deadline, .idempotent = true}, identity,
      [&](grpc::ClientContext& ctx) { return stub_->GetBeneficiary(&ctx, get, &beneficiary); });
  beneficiary.clear_identity();  // not contracts' to hold
  if (s.code() == absl::StatusCode::kInvalidArgument) {
    // An id orientation cannot even parse is one it does not know.
    return absl::NotFoundError("orientation knows no beneficiary " + beneficiary_id + " (" +
                               std::string(s.message()) + ")");
  }
  if (!s.ok()) return FromPeer("orientation", s);
  if (beneficiary.orientation_type() == pb::ORIENTATION_TYPE_UNSPECIFIED) {
    return ToOrientationInfo(beneficiary, nullptr);
  }

  pb::GetOrientationHistoryRequest ask;
  ask.set_beneficiary_id(beneficiary_id);
  pb::OrientationHistory history;
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) {
    return absl::DeadlineExceededError("orientation: no time left for the orientation history");
  }
  s = client::Invoke(
      {.deadline = left, .idempotent = true}, identity,
      [&](grpc::ClientContext& ctx) { return stub_->GetOrientationHistory(&ctx, ask, &history); });
  if (!s.ok()) return FromPeer("orientation", s);
  return ToOrientationInfo(beneficiary, &history);
}

}  // namespace parcours::contracts
