// Validation of ingested records (protos) and their translation into store inputs. Each
// function returns the violations of one record, named by field path inside the record
// ("amounts[1].amount_cents"); a record with any violation is rejected and never written.
//
//   HouseholdFile file;
//   errors::FieldViolations v = ToHouseholdFile(record, &file);
//   if (!v.empty()) { /* reject with v.list()[0] */ }
#ifndef PARCOURS_SERVICES_FRAUD_INGEST_RECORDS_H_
#define PARCOURS_SERVICES_FRAUD_INGEST_RECORDS_H_

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "libs/errors/field_violations.h"
#include "parcours/common/v1/common.pb.h"
#include "parcours/fraud/v1/fraud.pb.h"
#include "services/fraud/store/file_store.h"

namespace parcours::fraud {

// A record waiting for its household id (declarations, cross-checks and reports name
// their household by CAF number).
template <typename Input>
struct ByCafNumber {
  std::string caf_number;
  Input input;
};

errors::FieldViolations ToHouseholdFile(const v1::HouseholdRecord& r, HouseholdFile* out);
errors::FieldViolations ToDeclaration(const v1::DeclarationRecord& r,
                                      ByCafNumber<DeclarationInput>* out);
errors::FieldViolations ToCrossCheck(const v1::CrossCheckRecord& r,
                                     ByCafNumber<CrossCheckInput>* out);
errors::FieldViolations ToReport(const v1::SocialWorkerReport& r,
                                 ByCafNumber<CrossCheckInput>* out);

// Proto ⇄ civil day. nullopt when the date is not a valid calendar day.
std::optional<absl::CivilDay> FromProtoDate(const common::v1::Date& d);
common::v1::Date ToProtoDate(absl::CivilDay d);

// Domain ⇄ proto enums for the facts.
std::optional<IncomeCategory> FromProto(v1::IncomeCategory c);
v1::IncomeCategory ToProto(IncomeCategory c);
std::optional<FactKind> FromProto(v1::FactKind k);
v1::FactKind ToProto(FactKind k);
std::optional<FactSource> FromProto(v1::CrossCheckSource s);
v1::CrossCheckSource ToProto(FactSource s);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_INGEST_RECORDS_H_
