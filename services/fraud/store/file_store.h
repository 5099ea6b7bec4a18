// Household files, declarations and cross-checks in SQL: idempotent upserts on natural
// keys (CAF number; household + quarter; source + reference) that report which households
// really changed, so that only those are marked for rescoring; and the reads behind
// GetHousehold. Every method runs inside the caller's transaction, so an import batch
// (rows + dirty marks + audit) commits as one.
//
//   FileStore files;
//   ASSIGN_OR_RETURN(auto tx, db.Begin(storage::TxMode::kWrite));
//   ASSIGN_OR_RETURN(std::vector<std::string> changed, files.UpsertHouseholds(*tx, batch, now));
//   RETURN_IF_ERROR(files.MarkDirty(*tx, changed));
//   RETURN_IF_ERROR(tx->Commit());
#ifndef PARCOURS_SERVICES_FRAUD_STORE_FILE_STORE_H_
#define PARCOURS_SERVICES_FRAUD_STORE_FILE_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "libs/storage/database.h"
#include "services/fraud/domain/household_facts.h"

namespace parcours::fraud {

// A household file as imported: identity included (controllers only).
struct HouseholdFile {
  std::string id;  // set by the store
  std::string caf_number;
  std::string beneficiary_id;
  std::vector<std::string> member_ids;
  std::string street, postal_code, commune_insee, country;
  std::string tad, mds;
  std::string bank_fingerprint;
  int64_t monthly_rsa_cents = 0;
  absl::CivilDay rsa_since;
};

struct DeclarationInput {
  std::string household_id;
  Declaration declaration;
  absl::CivilDay declared_on;
};

struct CrossCheckInput {
  std::string household_id;
  std::string reference;
  CrossCheck fact;
};

class FileStore {
 public:
  // Creates or updates each file (by CAF number); returns the ids of the files created or
  // changed (an identical re-import returns nothing).
  absl::StatusOr<std::vector<std::string>> UpsertHouseholds(storage::Transaction& tx,
                                                            const std::vector<HouseholdFile>& files,
                                                            absl::Time now);
  // CAF number → household id, for the numbers that are known.
  absl::StatusOr<std::map<std::string, std::string>> ResolveCafNumbers(
      storage::Transaction& tx, const std::vector<std::string>& caf_numbers);
  // Returns the household ids whose declarations were created or changed.
  absl::StatusOr<std::vector<std::string>> UpsertDeclarations(
      storage::Transaction& tx, const std::vector<DeclarationInput>& declarations);
  // Returns the household ids whose cross-checks were created or changed.
  absl::StatusOr<std::vector<std::string>> UpsertCrossChecks(
      storage::Transaction& tx, const std::vector<CrossCheckInput>& cross_checks);
  // Marks the households for rescoring (or moves their mark on).
  absl::Status MarkDirty(storage::Transaction& tx, const std::vector<std::string>& household_ids);

  absl::StatusOr<std::optional<HouseholdFile>> GetHousehold(storage::Transaction& tx,
                                                            const std::string& id);
  absl::StatusOr<std::vector<DeclarationInput>> ListDeclarations(storage::Transaction& tx,
                                                                 const std::string& household_id);
  // With the source's reference; social workers' reports included (source social_worker).
  absl::StatusOr<std::vector<CrossCheckInput>> ListCrossChecks(storage::Transaction& tx,
                                                               const std::string& household_id);
};

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_STORE_FILE_STORE_H_
