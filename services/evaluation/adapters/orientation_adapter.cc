// orientation's payloads: entry date and rights-and-duties flag, orientation type, exit
// date and reason. See ExpectedBeneficiary* in source_payloads.proto.
#include "parcours/evaluation/v1/source_payloads.pb.h"
#include "services/evaluation/adapters/adapter_support.h"

namespace parcours::evaluation::adapters {
namespace {

const std::vector<const char*> kOrientationTypes = {"", "PROFESSIONAL", "SOCIO_PROFESSIONAL",
                                                    "SOCIAL"};
// orientation.v1.ExitReason: RETURN_TO_EMPLOYMENT (6) is the CAF's "left the RSA for a
// job". INCOME_ABOVE_THRESHOLD (2) is not counted: resources over the ceiling may be a
// pension or a partner's pay.
constexpr int kExitReturnToEmployment = 6;

}  // namespace

absl::Status FillOrientation(const google::protobuf::Any& payload, Fact& fact) {
  switch (fact.kind) {
    case FactKind::kBeneficiaryEntered: {
      v1::ExpectedBeneficiaryEntered p;
      if (absl::Status s = ParsePayload(payload, p); !s.ok()) return s;
      fact.entry_date = DayOf(p.entry_date());
      if (!fact.entry_date.has_value()) {
        return absl::InvalidArgumentError("entered: entry_date (1) is missing or invalid");
      }
      fact.subject_to_rights_and_duties = p.subject_to_rights_and_duties();
      return absl::OkStatus();
    }
    case FactKind::kRightsAndDutiesChanged: {
      v1::ExpectedBeneficiaryChanged p;
      if (absl::Status s = ParsePayload(payload, p); !s.ok()) return s;
      fact.subject_to_rights_and_duties = p.subject_to_rights_and_duties();
      return absl::OkStatus();
    }
    case FactKind::kOriented:
    case FactKind::kReoriented: {
      v1::ExpectedBeneficiaryOriented p;
      if (absl::Status s = ParsePayload(payload, p); !s.ok()) return s;
      fact.orientation_type = EnumName(p.type(), kOrientationTypes);
      fact.entry_date = DayOf(p.entry_date());  // optional: fills a missed entry
      return absl::OkStatus();
    }
    case FactKind::kBeneficiaryExited: {
      v1::ExpectedBeneficiaryExited p;
      if (absl::Status s = ParsePayload(payload, p); !s.ok()) return s;
      fact.exit_date = DayOf(p.exit_date());
      fact.exit_to_employment = p.reason() == kExitReturnToEmployment;
      return absl::OkStatus();
    }
    default:
      return absl::OkStatus();  // convened: the envelope says it all
  }
}

}  // namespace parcours::evaluation::adapters
