// Synthetic household files for the benchmark: N households with declarations for the four
// quarters before `as_of` (the scoring window of a batch run that day) and a few
// cross-checks each, written straight into the fraud tables
// with multi-row inserts (the import path is measured elsewhere). Deterministic for a seed;
// a few percent of files carry each anomaly, so the rules fire as in real life. Data dated
// for another day than the scoring day falls outside the window: every file then misses
// its declarations (the benchmark's --data-as-of reproduces that on purpose).
//
//   ASSIGN_OR_RETURN(SyntheticCounts n, GenerateSynthetic(db, 1'000'000, 42, today));
#ifndef PARCOURS_SERVICES_FRAUD_TESTS_SYNTHETIC_H_
#define PARCOURS_SERVICES_FRAUD_TESTS_SYNTHETIC_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "libs/storage/database.h"
#include "services/fraud/clients/contracts_directory.h"

namespace parcours::fraud {

struct SyntheticCounts {
  int64_t households = 0;
  int64_t declarations = 0;
  int64_t cross_checks = 0;
};

// The contracts of the synthetic beneficiaries ("ben_<n>"): one in ten never had one.
class SyntheticContracts final : public ContractsDirectory {
 public:
  absl::StatusOr<bool> HasHadContractSince(const std::string& beneficiary_id,
                                           absl::CivilDay since) override;
};

absl::StatusOr<SyntheticCounts> GenerateSynthetic(storage::Database& db, int64_t households,
                                                  uint32_t seed, absl::CivilDay as_of);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_TESTS_SYNTHETIC_H_
