// Helpers shared by the per-source adapters (adapters/*_adapter.cc): parsing a payload
// with a consumer-side expectation message, and converting dates and enum numbers.
#ifndef PARCOURS_SERVICES_EVALUATION_ADAPTERS_ADAPTER_SUPPORT_H_
#define PARCOURS_SERVICES_EVALUATION_ADAPTERS_ADAPTER_SUPPORT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/any.pb.h"
#include "google/protobuf/message.h"
#include "parcours/common/v1/common.pb.h"
#include "services/evaluation/domain/fact.h"

namespace parcours::evaluation::adapters {

// Parses the Any's bytes with `expected`, whatever the Any's type URL: the event type is
// the contract, and the producer's message name may still change on its branch.
inline absl::Status ParsePayload(const google::protobuf::Any& any,
                                 google::protobuf::Message& expected) {
  if (!expected.ParseFromString(any.value())) {
    return absl::InvalidArgumentError(
        absl::StrCat("payload (", any.type_url(), ") does not parse as ", expected.GetTypeName()));
  }
  return absl::OkStatus();
}

inline std::optional<absl::CivilDay> DayOf(const common::v1::Date& d) {
  if (d.year() < 1900 || d.year() > 2200 || d.month() < 1 || d.month() > 12 || d.day() < 1 ||
      d.day() > 31) {
    return std::nullopt;
  }
  const absl::CivilDay day(d.year(), d.month(), d.day());
  if (day.day() != d.day()) return std::nullopt;  // 31 April normalised away
  return day;
}

// names[value], or "" for 0 and values this consumer does not know yet.
inline std::string EnumName(int value, const std::vector<const char*>& names) {
  if (value <= 0 || static_cast<size_t>(value) >= names.size()) return "";
  return names[static_cast<size_t>(value)];
}

absl::Status FillOrientation(const google::protobuf::Any& payload, Fact& fact);
absl::Status FillCatalogue(const google::protobuf::Any& payload, Fact& fact);
absl::Status FillContracts(const google::protobuf::Any& payload, Fact& fact);
absl::Status FillFraud(const google::protobuf::Any& payload, Fact& fact);

}  // namespace parcours::evaluation::adapters

#endif  // PARCOURS_SERVICES_EVALUATION_ADAPTERS_ADAPTER_SUPPORT_H_
