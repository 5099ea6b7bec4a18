// Data protection in fraud: once every case of a household has been closed for longer than
// the retention period (RETENTION_FRAUD_CASE_DAYS), the household's CAF number, address and
// bank fingerprint are removed (the CAF number becomes "anon:<household id>", so the unique
// key holds) and the free-text answers on its cases are cleared. Territory, amounts,
// qualifications, fines and recoveries stay: the statistics are unchanged. One audit record
// per household anonymised, in the same transaction.
#ifndef PARCOURS_SERVICES_FRAUD_STORE_RETENTION_H_
#define PARCOURS_SERVICES_FRAUD_STORE_RETENTION_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "libs/audit/audit_log.h"
#include "libs/storage/database.h"

namespace parcours::fraud {

inline constexpr char kAnonymisedCafPrefix[] = "anon:";

// Anonymises up to `limit` households whose cases were all closed before `cutoff`; returns
// how many. Households without any case are left alone (they are scored, not kept for a case).
absl::StatusOr<int64_t> AnonymiseClosedCases(storage::Database& db, audit::AuditLog& audit,
                                             absl::Time cutoff, int limit = 1000);

}  // namespace parcours::fraud

#endif  // PARCOURS_SERVICES_FRAUD_STORE_RETENTION_H_
