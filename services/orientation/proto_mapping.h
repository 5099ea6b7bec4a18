// Domain values ⇄ parcours.orientation.v1 messages. The domain enums carry the proto
// enums' numbers (checked by static_asserts in proto_mapping.cc), so enum mapping is a
// checked cast; messages are copied field by field.
//
//   ToProto(beneficiary, response);
//   CafRecord r = CafRecordFromProto(request);
#ifndef PARCOURS_SERVICES_ORIENTATION_PROTO_MAPPING_H_
#define PARCOURS_SERVICES_ORIENTATION_PROTO_MAPPING_H_

#include <optional>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "parcours/common/v1/common.pb.h"
#include "parcours/orientation/v1/orientation.pb.h"
#include "services/orientation/domain/caf_record.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation {

namespace pb = ::parcours::orientation::v1;

google::protobuf::Timestamp ToTimestamp(absl::Time t);
absl::Time FromTimestamp(const google::protobuf::Timestamp& ts);
common::v1::Date ToDate(absl::CivilDay d);
// nullopt when unset (all zero) or not a real day.
std::optional<absl::CivilDay> FromDate(const common::v1::Date& d);
inline bool IsUnset(const common::v1::Date& d) {
  return d.year() == 0 && d.month() == 0 && d.day() == 0;
}

void ToProto(const Beneficiary& b, pb::Beneficiary* out);
void ToProto(const Diagnostic& d, pb::Diagnostic* out);
void ToProto(const InformationSession& s, pb::InformationSession* out);
void ToProto(const Convocation& c, pb::Convocation* out);
void ToProto(const Suggestion& s, pb::OrientationSuggestion* out);
void ToProto(const OrientationDecision& d, pb::OrientationDecision* out);
void ToProto(const ReorientationRequest& r, pb::ReorientationRequest* out);
void ToProto(const Referent& r, pb::Referent* out);
void ToProto(const Slot& s, pb::Slot* out);
void ToProto(const Appointment& a, pb::Appointment* out);

CafRecord CafRecordFromProto(const pb::CafRecord& r);
pb::CafRecord CafRecordToProto(const CafRecord& r);

// Domain ⇄ proto enums (same numbers).
template <typename To, typename From>
To EnumCast(From v) {
  return static_cast<To>(static_cast<int>(v));
}

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_PROTO_MAPPING_H_
