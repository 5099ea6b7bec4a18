#include "services/contracts/proto_dates.h"

#include "services/contracts/domain/civil_dates.h"

namespace parcours::contracts {

parcours::common::v1::Date ToProtoDate(absl::CivilDay d) {
  parcours::common::v1::Date out;
  out.set_year(static_cast<int32_t>(d.year()));
  out.set_month(d.month());
  out.set_day(d.day());
  return out;
}

bool IsUnset(const parcours::common::v1::Date& d) {
  return d.year() == 0 && d.month() == 0 && d.day() == 0;
}

std::optional<absl::CivilDay> FromProtoDate(const parcours::common::v1::Date& d, bool* valid) {
  *valid = true;
  if (IsUnset(d)) return std::nullopt;
  if (!IsValidDate(d.year(), d.month(), d.day())) {
    *valid = false;
    return std::nullopt;
  }
  return absl::CivilDay(d.year(), d.month(), d.day());
}

google::protobuf::Timestamp ToProtoTime(absl::Time t) {
  google::protobuf::Timestamp out;
  const int64_t micros = absl::ToUnixMicros(t);
  out.set_seconds(micros / 1000000);
  out.set_nanos(static_cast<int32_t>((micros % 1000000) * 1000));
  if (out.nanos() < 0) {
    out.set_seconds(out.seconds() - 1);
    out.set_nanos(out.nanos() + 1000000000);
  }
  return out;
}

}  // namespace parcours::contracts
