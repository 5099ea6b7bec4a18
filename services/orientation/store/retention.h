// Data protection in orientation: a beneficiary who left the RSA longer ago than the
// retention period (RETENTION_BENEFICIARY_DAYS after the exit date) loses its identity —
// CAF number (replaced by "anon:<beneficiary id>", so the unique key holds), names, birth
// date, phone, e-mail, address — while the pseudonymous id, the territory, the commune, the
// dates and the orientation history stay, so every aggregate (and every peer's projection,
// keyed by that id) is unchanged. One audit record per beneficiary, in the same transaction.
#ifndef PARCOURS_SERVICES_ORIENTATION_STORE_RETENTION_H_
#define PARCOURS_SERVICES_ORIENTATION_STORE_RETENTION_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/audit/audit_log.h"
#include "libs/storage/database.h"

namespace parcours::orientation {

inline constexpr char kAnonymisedCafPrefix[] = "anon:";

// Anonymises up to `limit` beneficiaries whose exit date is before the civil day of
// `cutoff` (UTC) and whose identity is still there; returns how many.
absl::StatusOr<int64_t> AnonymiseExitedBeneficiaries(storage::Database& db, audit::AuditLog& audit,
                                                     absl::Time cutoff, int limit = 1000);

}  // namespace parcours::orientation

#endif  // PARCOURS_SERVICES_ORIENTATION_STORE_RETENTION_H_
