// parcours.common.v1.Date ⇄ absl::CivilDay and google.protobuf.Timestamp ⇄ absl::Time,
// shared by the handlers' mapping and the events. A general helper that belongs in libs/
// (see the report); kept here because libs/ is not this service's to change.
//
//   absl::StatusOr<absl::CivilDay> d = FromProtoDate(req.start_date());  // INVALID_ARGUMENT if bad
#ifndef PARCOURS_SERVICES_CONTRACTS_PROTO_DATES_H_
#define PARCOURS_SERVICES_CONTRACTS_PROTO_DATES_H_

#include <optional>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "parcours/common/v1/common.pb.h"

namespace parcours::contracts {

parcours::common::v1::Date ToProtoDate(absl::CivilDay d);
// Unset (all zero) → nullopt; a real day → the day; anything else → invalid (nullopt and
// *valid = false).
std::optional<absl::CivilDay> FromProtoDate(const parcours::common::v1::Date& d, bool* valid);
bool IsUnset(const parcours::common::v1::Date& d);

google::protobuf::Timestamp ToProtoTime(absl::Time t);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_PROTO_DATES_H_
