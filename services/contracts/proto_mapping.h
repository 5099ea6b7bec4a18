// parcours.contracts.v1 messages ⇄ domain structs. Reading a request collects every bad
// date or enum as a field violation (by request path) instead of stopping at the first.
//
//   errors::FieldViolations v;
//   Contract draft = ContractFromProto(req.contract(), "contract", v);
//   RETURN_IF_ERROR(v.ToStatus());
#ifndef PARCOURS_SERVICES_CONTRACTS_PROTO_MAPPING_H_
#define PARCOURS_SERVICES_CONTRACTS_PROTO_MAPPING_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "libs/errors/field_violations.h"
#include "parcours/contracts/v1/contracts.pb.h"
#include "services/contracts/domain/model.h"

namespace parcours::contracts {

v1::Contract ToProto(const Contract& c);
v1::SanctionProcedure ToProto(const SanctionProcedure& p);

// The input fields of a contract (output-only fields are ignored).
Contract ContractFromProto(const v1::Contract& in, const std::string& prefix,
                           errors::FieldViolations& v);
Decision DecisionFromProto(const v1::Decision& in);
Breach BreachFromProto(const v1::Breach& in);

// A required date; a violation when unset or invalid.
absl::CivilDay RequiredDate(const parcours::common::v1::Date& d, const std::string& path,
                            errors::FieldViolations& v);
// An optional date; a violation when set but invalid.
std::optional<absl::CivilDay> OptionalDate(const parcours::common::v1::Date& d,
                                           const std::string& path, errors::FieldViolations& v);

// "3" → 3; an empty etag → INVALID_ARGUMENT naming `field` (every change needs one).
absl::StatusOr<int64_t> ParseEtag(const std::string& etag, const std::string& field);

}  // namespace parcours::contracts

#endif  // PARCOURS_SERVICES_CONTRACTS_PROTO_MAPPING_H_
