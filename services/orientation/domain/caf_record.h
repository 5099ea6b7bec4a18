// CAF flow records: their validation (one record at a time, before anything is written),
// the key that makes an import idempotent, and what a valid record does to the registry.
//
//   CafFlowValidator validator(territories, today);
//   std::optional<CafRejection> r = validator.Check(index, record);  // also catches
//                                                                    // duplicates in the flow
//   ASSIGN_OR_RETURN(CafEffect e, ApplyCafRecord(current, record, territory, now, new_id));
//
// Idempotency: a record is identified by (CAF number, event date, kind). The store keeps
// one import key per applied record, unique, made from the pseudonymous beneficiary id
// rather than the CAF number so that the CAF number lives in the identity table only.
#ifndef PARCOURS_SERVICES_ORIENTATION_DOMAIN_CAF_RECORD_H_
#define PARCOURS_SERVICES_ORIENTATION_DOMAIN_CAF_RECORD_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/orientation/domain/model.h"

namespace parcours::orientation {

enum class CafRecordKind { kUnspecified = 0, kEntrant = 1, kChange = 2, kExit = 3 };
const char* Name(CafRecordKind k);  // "CAF_ENTRANT", …
CafRecordKind ParseCafRecordKind(const std::string& s);

struct CafRecord {
  CafRecordKind kind = CafRecordKind::kUnspecified;
  std::string caf_number;
  std::optional<absl::CivilDay> event_date;  // nullopt: missing or not a real day
  std::string last_name;
  std::string first_name;
  std::optional<absl::CivilDay> birth_date;
  std::string commune_insee;
  std::string address_line;
  std::string phone;
  std::string email;
  bool subject_to_rights_and_duties = false;
  ExitReason exit_reason = ExitReason::kUnspecified;
};

struct CafRejection {
  int64_t index = 0;   // position in the flow, 0-based
  std::string field;   // "caf_number", "event_date", …
  std::string reason;  // never repeats the value
};

// Checks records one by one, remembering the keys seen so far in this flow.
class CafFlowValidator {
 public:
  CafFlowValidator(const TerritoryMap& territories, absl::CivilDay today)
      : territories_(territories), today_(today) {}

  // nullopt when the record is acceptable; otherwise the first problem found.
  std::optional<CafRejection> Check(int64_t index, const CafRecord& record);

 private:
  const TerritoryMap& territories_;
  absl::CivilDay today_;
  std::set<std::tuple<std::string, absl::CivilDay, CafRecordKind>> seen_;
};

// The store's import key for a record of a known beneficiary.
std::string ImportKey(const std::string& beneficiary_id, absl::CivilDay event_date,
                      CafRecordKind kind);

// What applying a valid record does.
struct CafEffect {
  enum class Kind { kCreated, kReentered, kChanged, kExited };
  Kind kind = Kind::kCreated;
  Beneficiary after;  // the beneficiary as it must be stored
  BeneficiaryStatus status_before = BeneficiaryStatus::kUnspecified;
  std::vector<std::string> changed_fields;  // for kChanged
};

// Applies `record` (already validated) to `current` (nullopt: no beneficiary with that CAF
// number yet). `territory` is the record commune's, when the record names one. New
// beneficiaries take `new_id`. FAILED_PRECONDITION when the record does not fit the
// registry (a change or exit for an unknown or exited person, an entrant still active).
absl::StatusOr<CafEffect> ApplyCafRecord(const std::optional<Beneficiary>& current,
                                         const CafRecord& record,
                                         const std::optional<Territory>& territory, absl::Time now,
                                         const std::string& new_id);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_DOMAIN_CAF_RECORD_H_
